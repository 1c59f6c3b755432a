import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { FederationProvider, GoogleFederationPool } from '../../federation/google-federation-pool';
import { googleServiceAccountEmail } from '../../../contract/identity/identity-names';
import { Issues } from '../../../core/validation';
import { checkProjectId, checkServiceAccountId } from '../../../contract/gcp-names';
import { AppRoleAssignment, ApplicationAppRole, ApplicationIdentifierUri, ApplicationRegistration, ServicePrincipal } from '../../internal/azuread';
import { ArtifactRegistryRepositoryIamMember, ProjectIamMember, ServiceAccount, ServiceAccountIamMember } from '../../internal/google';

/** The one Artifact Registry repository the Azure ML identity may push to. */
export interface ArtifactRegistryRepositoryRef {
  readonly projectId: string;
  /** Region of the repository, for example europe-west4. */
  readonly location: string;
  readonly repository: string;
}

export interface AzureMlGoogleAccessProps {
  /** Entra tenant of the pipeline identities. */
  readonly tenantId: string;
  /**
   * Principal (object) ID of the identity that publishes model images: the only one with Artifact Registry writer.
   * Never an Azure ML compute identity (the training compute runs user code).
   */
  readonly publisherObjectId: string;
  /**
   * Principal (object) ID of the identity that deploys to GKE: the only one that may impersonate the deployer
   * service account. Required with `gkeDeployer`.
   * @default none
   */
  readonly deployerObjectId?: string;
  /** The environment's federation pool (lib/terraform/federation); a provider for this tenant is added to it. */
  readonly pool: GoogleFederationPool;
  /** Provider ID in the pool, 4-32 of [a-z0-9-]. @default 'azureml-entra' */
  readonly providerId?: string;
  /** Display name of the Entra application whose App ID URI the identity requests tokens for. */
  readonly applicationDisplayName: string;
  /** The repository model images are published to (`roles/artifactregistry.writer` on it only). */
  readonly publishTo: ArtifactRegistryRepositoryRef;
  /**
   * Deploy rights on GKE: a Google service account the deployer impersonates, with `roles/container.clusterViewer`
   * on the project (cluster endpoint and credentials, no Kubernetes objects). What it may change is granted by a
   * RoleBinding in one namespace on the Kubernetes side (`AzureMlGkeDeployerBinding`).
   * @default no deploy rights
   */
  readonly gkeDeployer?: { readonly projectId: string; readonly serviceAccountId: string };
}

const ROLE_VALUE = 'ModelPublisher';

/** A stable UUID from a name (RFC 4122 version 5 layout over SHA-1), so synth stays deterministic. */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(`ml-mesh-platform:${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function azureMlGoogleAccessRules(props: AzureMlGoogleAccessProps, issues: Issues): void {
  issues.check(props.publisherObjectId.trim().length > 0, 'publisherObjectId', props.publisherObjectId, 'must name the publisher identity: the provider admits the publisher and the deployer only');
  issues.check((props.gkeDeployer === undefined) === (props.deployerObjectId === undefined), 'deployerObjectId', props.deployerObjectId,
    'is required with gkeDeployer and only with it: the deployer identity is the one principal that may impersonate the deployer service account');
  issues.check(props.deployerObjectId === undefined || props.deployerObjectId !== props.publisherObjectId, 'deployerObjectId', props.deployerObjectId,
    'must differ from publisherObjectId: publishing and deploying are two jobs with one identity each');
  issues.check(props.applicationDisplayName.trim().length > 0, 'applicationDisplayName', props.applicationDisplayName, 'must not be empty');
  checkProjectId(issues, 'publishTo.projectId', props.publishTo.projectId);
  if (props.gkeDeployer) {
    checkProjectId(issues, 'gkeDeployer.projectId', props.gkeDeployer.projectId);
    checkServiceAccountId(issues, 'gkeDeployer.serviceAccountId', props.gkeDeployer.serviceAccountId);
  }
}

/**
 * Lets the Azure ML pipeline's two identities reach Google without keys, each with only its job's rights:
 * - an Entra application (v2 access tokens) with an App ID URI, a service principal that requires an app-role
 *   assignment, and that assignment for the publisher and the deployer only, so no other principal in the tenant
 *   (no Azure ML compute identity either) can even obtain a token for it;
 * - a provider in the federation pool trusting that tenant's issuer, with a condition on `tid` and on `sub` being
 *   one of those two;
 * - `roles/artifactregistry.writer` on one repository, for the publisher only;
 * - optionally a deployer service account, holding only `roles/container.clusterViewer`, that the deployer alone
 *   may impersonate.
 */
export class AzureMlGoogleAccess extends Construct {
  public readonly application: ApplicationRegistration;
  /** `api://<client id>`: request tokens for `<appIdUri>/.default`. */
  public readonly appIdUri: string;
  public readonly provider: FederationProvider;
  /** Email of the deployer service account, when `gkeDeployer` is set. */
  public readonly deployerEmail?: string;

  constructor(scope: Construct, id: string, props: AzureMlGoogleAccessProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlGoogleAccessRules(props, issues);
    issues.throwIfAny(this.node.path);

    // v2 tokens: iss https://login.microsoftonline.com/<tid>/v2.0 and aud = client ID, what trustEntraId expects.
    this.application = new ApplicationRegistration(this, 'application', {
      displayName: props.applicationDisplayName,
      signInAudience: 'AzureADMyOrg',
      requestedAccessTokenVersion: 2,
    });
    this.appIdUri = `api://${this.application.clientId}`;
    new ApplicationIdentifierUri(this, 'identifier-uri', { applicationId: this.application.id, identifierUri: this.appIdUri });
    const roleId = nameBasedUuid(`${props.applicationDisplayName}/${ROLE_VALUE}`);
    const role = new ApplicationAppRole(this, 'publisher-role', {
      applicationId: this.application.id,
      roleId,
      allowedMemberTypes: ['Application'],
      displayName: 'Model publisher',
      description: 'May obtain tokens that Google workload identity federation accepts for model publishing',
      value: ROLE_VALUE,
    });
    const servicePrincipal = new ServicePrincipal(this, 'service-principal', {
      clientId: this.application.clientId,
      appRoleAssignmentRequired: true,
    });
    const admitted = { publisher: props.publisherObjectId, ...(props.deployerObjectId !== undefined ? { deployer: props.deployerObjectId } : {}) };
    for (const [job, principal] of Object.entries(admitted)) {
      new AppRoleAssignment(this, `assignment-${job}`, {
        appRoleId: role.roleId,
        principalObjectId: principal,
        resourceObjectId: servicePrincipal.objectId,
      });
    }

    this.provider = props.pool.trustEntraId({
      providerId: props.providerId ?? 'azureml-entra',
      tenantId: props.tenantId,
      audiences: [this.application.clientId],
      principalObjectIds: Object.values(admitted),
    });

    new ArtifactRegistryRepositoryIamMember(this, 'registry-writer-publisher', {
      project: props.publishTo.projectId,
      location: props.publishTo.location,
      repository: props.publishTo.repository,
      role: 'roles/artifactregistry.writer',
      member: this.provider.principal(props.publisherObjectId),
    });

    if (props.gkeDeployer) {
      const deployer = new ServiceAccount(this, 'deployer', {
        project: props.gkeDeployer.projectId,
        accountId: props.gkeDeployer.serviceAccountId,
        displayName: 'Azure ML model deployer',
        description: 'Impersonated by the Azure ML pipeline deployer identity only; Kubernetes rights come from one RoleBinding',
      });
      this.deployerEmail = googleServiceAccountEmail(props.gkeDeployer.serviceAccountId, props.gkeDeployer.projectId);
      new ProjectIamMember(this, 'deployer-cluster-viewer', {
        project: props.gkeDeployer.projectId,
        role: 'roles/container.clusterViewer',
        member: `serviceAccount:${deployer.email}`,
      });
      new ServiceAccountIamMember(this, 'deployer-impersonation', {
        serviceAccountId: deployer.name,
        role: 'roles/iam.workloadIdentityUser',
        member: this.provider.principal(props.deployerObjectId!),
      });
    }
  }
}
