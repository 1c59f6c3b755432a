import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { AZURE_TOKEN_EXCHANGE_AUDIENCE } from '../../contract/identity/identity-names';
import { FederatedCredentialFacts, federatedCredentialRules } from '../../contract/identity/identity-rules';
import { AzureRoleGrant, azureRoleGrantRules } from '../../contract/identity/workload-identity-binding';
import { FederatedIdentityCredential, RoleAssignment, UserAssignedIdentity } from '../internal/azurerm';
import { isUnresolved } from '../../core/unresolved';

/** One external token the identity trusts: its issuer and subject, exactly as the token carries them. */
export interface FederatedSubject {
  /** Credential name: 3-120 letters, digits, "-" or "_"; immutable in Azure. */
  readonly name: string;
  /** Token issuer: an AKS issuer keeps its trailing "/", a GKE issuer has none. */
  readonly issuer: string;
  /** Token subject, for Kubernetes `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;
}

export interface AzureWorkloadIdentityProps {
  /** User-assigned managed identity name. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** @default [] — add more with `trust()` */
  readonly federatedSubjects?: readonly FederatedSubject[];
  /** Roles at the narrowest scope that works. @default [] */
  readonly roleAssignments?: readonly AzureRoleGrant[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * User-assigned managed identity names: 3-128 letters, digits, "-" and "_", starting with a letter or digit
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity).
 */
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;

/** The identity's name, and its grants by the same rule the bindings use (no subscription-wide scope). */
export function azureWorkloadIdentityRules(props: AzureWorkloadIdentityProps, issues: Issues): void {
  if (!isUnresolved(props.name)) {
    issues.check(IDENTITY_NAME.test(props.name), 'name', props.name,
      'must be a user-assigned managed identity name: 3-128 letters, digits, "-" or "_", starting with a letter or digit');
  }
  azureRoleGrantRules(props.roleAssignments ?? [], issues.at('roleAssignments'));
}

/**
 * A user-assigned managed identity that Kubernetes ServiceAccounts sign in as, through federated identity
 * credentials (no secret), with its roles. Azure rejects concurrent credential writes on one identity
 * (ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity), so every credential depends on
 * the one before it and Terraform writes them one at a time.
 */
export class AzureWorkloadIdentity extends Construct {
  public readonly identity: UserAssignedIdentity;
  /** The credentials, in the order Terraform writes them. */
  public readonly credentials: FederatedIdentityCredential[] = [];
  private readonly props: AzureWorkloadIdentityProps;
  private readonly subjects: FederatedSubject[] = [];
  private readonly grants = new Set<string>();
  private readonly grantList: AzureRoleGrant[] = [];

  constructor(scope: Construct, id: string, props: AzureWorkloadIdentityProps) {
    super(scope, id);
    const issues = new Issues();
    azureWorkloadIdentityRules(props, issues);
    issues.throwIfAny(this.node.path);
    this.props = props;
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...(props.tags ?? {}) },
    });
    (props.federatedSubjects ?? []).forEach((subject) => this.trust(subject));
    (props.roleAssignments ?? []).forEach((grant) => this.grant(grant));
  }

  /** Client ID for `azure.workload.identity/client-id` and AZURE_CLIENT_ID (known after apply). */
  public get clientId(): string {
    return this.identity.clientId;
  }

  /** Object (principal) ID, what role assignments and Entra app role assignments name. */
  public get principalId(): string {
    return this.identity.principalId;
  }

  /** Trusts one more token subject; checks the identity's credential limits before adding it. */
  public trust(subject: FederatedSubject): FederatedIdentityCredential {
    const facts: FederatedCredentialFacts[] = [...this.subjects, subject].map((s) => ({ ...s, audience: AZURE_TOKEN_EXCHANGE_AUDIENCE }));
    const issues = new Issues();
    federatedCredentialRules(facts, issues);
    issues.throwIfAny(this.node.path);
    this.subjects.push(subject);

    const previous = this.credentials[this.credentials.length - 1];
    const credential = new FederatedIdentityCredential(this, `credential-${subject.name}`, {
      name: subject.name,
      resourceGroupName: this.props.resourceGroupName,
      parentId: this.identity.id,
      audience: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
      issuer: subject.issuer,
      subject: subject.subject,
      dependsOn: previous ? [previous] : undefined,
    });
    this.credentials.push(credential);
    return credential;
  }

  /**
   * Grants a role at a scope; the same role at the same scope is granted once. The scope must be a resource
   * group or narrower, as the binding rules require; a problem is reported as `roleAssignments[<n>]`, n
   * counting this identity's grants.
   */
  public grant(grant: AzureRoleGrant): void {
    const key = `${grant.scope}|${grant.roleDefinitionName}`;
    if (this.grants.has(key)) return;
    const issues = new Issues();
    azureRoleGrantRules([...this.grantList, grant], issues.at('roleAssignments'));
    issues.throwIfAny(this.node.path);
    this.grants.add(key);
    this.grantList.push(grant);
    new RoleAssignment(this, `role-${this.grants.size}`, {
      scope: grant.scope,
      roleDefinitionName: grant.roleDefinitionName,
      principalId: this.identity.principalId,
      // A new identity may not have replicated in Entra yet; naming the type skips the lookup that fails then.
      principalType: 'ServicePrincipal',
    });
  }

  /** Publishes the client ID under a stable output name for the Kubernetes synth. */
  public outputClientId(outputName: string): TerraformOutput {
    const output = new TerraformOutput(this, outputName, { value: this.identity.clientId, description: `Client ID of managed identity ${this.props.name}` });
    // The Kubernetes synth looks the value up by this exact name.
    output.overrideLogicalId(outputName);
    return output;
  }
}
