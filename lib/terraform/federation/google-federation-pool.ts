import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { checkProjectId } from '../../contract/gcp-names';
import { IamWorkloadIdentityPool, IamWorkloadIdentityPoolProvider } from '../internal/google';
import { canonicalTenantId, entraV2IssuerUrl, kubernetesSubject, poolSubjectPrincipal, providerTokenAudience, stsAudience, workloadIdentityProviderName } from '../../contract/identity/identity-names';
import { allowedAudienceRules, attributeConditionRules, googleSubjectRules, issuerUrlRules, poolOrProviderIdRules, tenantIdRules } from '../../contract/identity/identity-rules';

export interface GoogleFederationPoolProps {
  readonly projectId: string;
  /** 4-32 of [a-z0-9-], not starting with "gcp-". A deleted pool's ID stays taken for 30 days. */
  readonly poolId: string;
  /** @default the pool ID */
  readonly displayName?: string;
}

/** A Kubernetes ServiceAccount a provider admits. */
export interface TrustedServiceAccount {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface KubernetesIssuerTrust {
  readonly providerId: string;
  /** The AKS cluster's OIDC issuer URL, trailing "/" included (a cdktf token is fine). */
  readonly issuerUrl: string;
  /** The only ServiceAccounts whose tokens the provider accepts; at least one. */
  readonly serviceAccounts: readonly TrustedServiceAccount[];
}

export interface EntraIdTrust {
  readonly providerId: string;
  readonly tenantId: string;
  /**
   * Audiences the Entra tokens carry: the federation app's client ID (the `aud` of v2.0 tokens) and, where
   * a v1.0 token could be issued, its App ID URI.
   */
  readonly audiences: readonly string[];
  /** Object (principal) IDs of the managed identities or service principals admitted; at least one. */
  readonly principalObjectIds: readonly string[];
}

/** What differs between the provider kinds. */
interface ProviderSettings {
  readonly attributeMapping: Record<string, string>;
  readonly attributeCondition: string;
  readonly oidc: { readonly issuerUri: string; readonly allowedAudiences: string[] };
}

/** Quotes a value as a CEL string literal. */
function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function celList(values: readonly string[]): string {
  return `[${[...new Set(values)].map(celString).join(', ')}]`;
}

/** A provider of the pool, with the identity strings derived from it. */
export class FederationProvider {
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>` (a token until apply). */
  public readonly name: string;
  public constructor(public readonly resource: IamWorkloadIdentityPoolProvider, private readonly poolName: string, providerId: string) {
    this.name = workloadIdentityProviderName(poolName, providerId);
  }

  /** The STS audience for credential configuration files. */
  public get stsAudience(): string {
    return stsAudience(this.name);
  }

  /** The principal of one mapped `google.subject` value in this provider's pool. */
  public principal(subject: string): string {
    return poolSubjectPrincipal(this.poolName, subject);
  }
}

/**
 * A workload identity pool whose providers each trust one issuer for a named set of subjects: AKS
 * clusters (projected ServiceAccount tokens) and Entra ID (managed identity / app tokens). Every provider
 * maps `google.subject` and carries a non-empty attribute condition naming exactly who is admitted.
 */
export class GoogleFederationPool extends Construct {
  public readonly pool: IamWorkloadIdentityPool;
  public readonly projectId: string;
  private readonly providerIds = new Set<string>();

  constructor(scope: Construct, id: string, props: GoogleFederationPoolProps) {
    super(scope, id);
    const issues = new Issues();
    checkProjectId(issues, 'projectId', props.projectId);
    poolOrProviderIdRules(issues, 'poolId', props.poolId);
    issues.throwIfAny(this.node.path);
    this.projectId = props.projectId;
    this.pool = new IamWorkloadIdentityPool(this, 'pool', {
      project: props.projectId,
      workloadIdentityPoolId: props.poolId,
      displayName: (props.displayName ?? props.poolId).slice(0, 32),
      description: 'Federated workloads of ml-mesh-platform (no service account keys)',
    });
  }

  /** `projects/<number>/locations/global/workloadIdentityPools/<id>`, known after apply. */
  public get poolName(): string {
    return this.pool.name;
  }

  /**
   * Trusts a Kubernetes issuer (an AKS cluster) for the listed ServiceAccounts. Tokens must carry the
   * provider's own `https://iam.googleapis.com/<provider>` audience, never Entra's.
   */
  public trustKubernetesIssuer(trust: KubernetesIssuerTrust): FederationProvider {
    const issues = new Issues();
    this.providerIdRules(issues, trust.providerId);
    issuerUrlRules(issues, 'issuerUrl', 'aks', trust.issuerUrl);
    issues.check(trust.serviceAccounts.length > 0, 'serviceAccounts', [], 'must name at least one ServiceAccount: the attribute condition admits exactly these and is never empty');
    const subjects = trust.serviceAccounts.map((sa) => kubernetesSubject(sa.namespace, sa.serviceAccount));
    subjects.forEach((subject, i) => googleSubjectRules(issues.at('serviceAccounts').at(i), 'subject', subject));
    const condition = trust.serviceAccounts.length === 0 ? '' : [
      `assertion['kubernetes.io']['namespace'] in ${celList(trust.serviceAccounts.map((sa) => sa.namespace))}`,
      `assertion.sub in ${celList(subjects)}`,
    ].join(' && ');
    attributeConditionRules(issues, 'attributeCondition', condition);
    issues.throwIfAny(`${this.node.path}/${trust.providerId}`);

    const name = workloadIdentityProviderName(this.pool.name, trust.providerId);
    return this.addProvider(trust.providerId, {
      // "Configure Workload Identity Federation with Kubernetes": sub is system:serviceaccount:<ns>:<sa>.
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.namespace': "assertion['kubernetes.io']['namespace']",
        'attribute.service_account_name': "assertion['kubernetes.io']['serviceaccount']['name']",
      },
      attributeCondition: condition,
      oidc: { issuerUri: trust.issuerUrl, allowedAudiences: [providerTokenAudience(name)] },
    }, `Kubernetes issuer ${trust.providerId}`);
  }

  /**
   * Trusts Entra ID v2.0 tokens of one tenant, for the listed principals only. Tokens are minted for the
   * federation app (its client ID is the `aud`), and `sub` of an app-only token is the caller's object ID.
   */
  public trustEntraId(trust: EntraIdTrust): FederationProvider {
    const issues = new Issues();
    this.providerIdRules(issues, trust.providerId);
    tenantIdRules(issues, 'tenantId', trust.tenantId);
    allowedAudienceRules(issues, 'audiences', trust.audiences);
    issues.check(trust.principalObjectIds.length > 0, 'principalObjectIds', [], 'must name at least one principal: the attribute condition admits exactly these and is never empty');
    trust.principalObjectIds.forEach((id, i) => googleSubjectRules(issues.at('principalObjectIds'), `[${i}]`, id));
    const condition = trust.principalObjectIds.length === 0 ? '' : `assertion.tid == ${celString(canonicalTenantId(trust.tenantId))} && assertion.sub in ${celList(trust.principalObjectIds)}`;
    attributeConditionRules(issues, 'attributeCondition', condition);
    const issuer = entraV2IssuerUrl(trust.tenantId);
    issuerUrlRules(issues, 'issuerUrl', 'entra-v2', issuer);
    issues.throwIfAny(`${this.node.path}/${trust.providerId}`);

    return this.addProvider(trust.providerId, {
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.tenant_id': 'assertion.tid',
      },
      attributeCondition: condition,
      oidc: { issuerUri: issuer, allowedAudiences: [...trust.audiences] },
    }, `Entra ID tenant ${trust.tenantId}`);
  }

  /**
   * Publishes the project number for the Kubernetes synth under `outputName`. It is read from the pool's
   * name (`projects/<number>/...`), so no extra lookup or permission is needed.
   */
  public outputProjectNumber(outputName: string): TerraformOutput {
    const output = new TerraformOutput(this, outputName, {
      value: Fn.element(Fn.split('/', this.pool.name), 1),
      description: `Project number of ${this.projectId}, for workload identity audiences`,
    });
    output.overrideLogicalId(outputName);
    return output;
  }

  private providerIdRules(issues: Issues, providerId: string): void {
    poolOrProviderIdRules(issues, 'providerId', providerId);
    issues.check(!this.providerIds.has(providerId), 'providerId', providerId, 'must be unique in the pool');
  }

  private addProvider(providerId: string, config: ProviderSettings, description: string): FederationProvider {
    this.providerIds.add(providerId);
    const resource = new IamWorkloadIdentityPoolProvider(this, `provider-${providerId}`, {
      project: this.projectId,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: providerId,
      displayName: providerId,
      description: `Trusts ${description}`,
      ...config,
    });
    return new FederationProvider(resource, this.pool.name, providerId);
  }
}
