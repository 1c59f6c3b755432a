import '../support/terraform-matchers';
import { run } from '@bufbuild/cel';
import { TerraformStack, Testing } from 'cdktf';
import { AzureWorkloadIdentity } from '../../lib/terraform/azure/workload-identity';
import { WorkloadIdentityBindings, WorkloadIdentityBindingsProps } from '../../lib/terraform/federation/workload-identity-bindings';
import { WorkloadIdentityBinding } from '../../lib/contract/identity/workload-identity-binding';
import { RoleAssignment, UserAssignedIdentity } from '../../lib/terraform/internal/azurerm';
import { IamWorkloadIdentityPoolProvider, ServiceAccountIamMember, StorageBucketIamMember } from '../../lib/terraform/internal/google';
import { AKS, AKS_ISSUER, GKE_ISSUER, VAULT, aksBlobReader, gkeImpersonation, modelReader, secretReader } from './fixtures';

function synthStack(stackName: string, props: WorkloadIdentityBindingsProps): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, stackName);
  new WorkloadIdentityBindings(stack, 'identities', props);
  return JSON.parse(Testing.synth(stack));
}

const ALL = [modelReader, secretReader, aksBlobReader, gkeImpersonation];

describe('Azure side', () => {
  const json = synthStack('prod-azure', { cloud: 'azure', bindings: ALL });
  const synthesized = JSON.stringify(json);

  it('creates one managed identity per identity name, with a credential per bound ServiceAccount', () => {
    expect(synthesized).toHaveResourceWithProperties(UserAssignedIdentity, { name: 'id-feature-store', resource_group_name: 'rg-ml', location: 'westeurope' });
    expect(synthesized).toHaveResourceWithProperties(UserAssignedIdentity, { name: 'id-model-server' });
    expect(Object.keys(json.resource.azurerm_user_assigned_identity)).toHaveLength(2);
  });

  it('trusts the GKE issuer (no trailing slash) and the AKS issuer (with it) for exactly one subject each, audience api://AzureADTokenExchange', () => {
    const credentials = Object.values(json.resource.azurerm_federated_identity_credential) as any[];
    const byName = Object.fromEntries(credentials.map((c) => [c.name, c]));
    expect(byName['feature-secrets']).toMatchObject({ issuer: GKE_ISSUER, subject: 'system:serviceaccount:features:feature-store', audience: ['api://AzureADTokenExchange'] });
    expect(byName['blob-reader']).toMatchObject({ issuer: AKS_ISSUER, subject: 'system:serviceaccount:mlops:model-server', audience: ['api://AzureADTokenExchange'] });
    expect(byName['feature-secrets'].parent_id).toMatch(/azurerm_user_assigned_identity\..*id-feature-store.*\.id/);
  });

  it('assigns roles at the given scope to the identity\'s principal, as a service principal', () => {
    expect(synthesized).toHaveResourceWithProperties(RoleAssignment, { scope: VAULT, role_definition_name: 'Key Vault Secrets User', principal_type: 'ServicePrincipal' });
    const assignment = (Object.values(json.resource.azurerm_role_assignment) as any[]).find((r) => r.scope === VAULT);
    expect(assignment.principal_id).toMatch(/id-feature-store.*\.principal_id/);
  });

  it('publishes <binding>_client_id outputs with stable names', () => {
    expect(Object.keys(json.output).sort()).toEqual(['blob_reader_client_id', 'feature_secrets_client_id']);
    expect(json.output.feature_secrets_client_id.value).toMatch(/id-feature-store.*\.client_id/);
  });

  it('creates no Google resources in the Azure stack', () => {
    expect(Object.keys(json.resource).filter((t) => t.startsWith('google_'))).toEqual([]);
  });
});

describe('federated credentials on one identity are written one at a time', () => {
  it('chains every credential on the one before it', () => {
    const json = JSON.parse(Testing.synthScope((scope) => {
      const identity = new AzureWorkloadIdentity(scope, 'shared', { name: 'id-shared', resourceGroupName: 'rg', location: 'westeurope' });
      for (const n of [1, 2, 3]) identity.trust({ name: `cred-${n}`, issuer: AKS_ISSUER, subject: `system:serviceaccount:ns:sa-${n}` });
    }));
    const credentials = json.resource.azurerm_federated_identity_credential as Record<string, any>;
    const addressOf = (name: string) => `azurerm_federated_identity_credential.${Object.keys(credentials).find((k) => credentials[k].name === name)}`;
    const byName = (name: string) => Object.values(credentials).find((c: any) => c.name === name) as any;
    expect(byName('cred-1').depends_on).toBeUndefined();
    expect(byName('cred-2').depends_on).toEqual([addressOf('cred-1')]);
    expect(byName('cred-3').depends_on).toEqual([addressOf('cred-2')]);
  });

  it('fails when a 21st credential is added, naming the identity', () => {
    expect(() => Testing.synthScope((scope) => {
      const identity = new AzureWorkloadIdentity(scope, 'full', { name: 'id-full', resourceGroupName: 'rg', location: 'westeurope' });
      for (let n = 0; n < 21; n++) identity.trust({ name: `cred-${n}`, issuer: AKS_ISSUER, subject: `system:serviceaccount:ns:sa-${n}` });
    })).toThrow(/full.*federatedCredentials = .*has 21 credentials; a managed identity holds at most 20/s);
  });
});

describe('Google side', () => {
  const json = synthStack('prod-gcp', { cloud: 'gcp', bindings: ALL });
  const synthesized = JSON.stringify(json);
  const providers = Object.values(json.resource.google_iam_workload_identity_pool_provider) as any[];

  it('creates the pool and one provider for the AKS cluster, trusting its issuer with the provider\'s own audience', () => {
    expect(synthesized).toHaveResourceWithProperties(IamWorkloadIdentityPoolProvider, { workload_identity_pool_provider_id: 'aks-prod', project: 'ml-mesh-prod' });
    expect(providers).toHaveLength(1);
    const [provider] = providers;
    expect(provider.oidc.issuer_uri).toBe(AKS_ISSUER);
    expect(provider.oidc.allowed_audiences).toHaveLength(1);
    expect(provider.oidc.allowed_audiences[0]).toMatch(/^https:\/\/iam\.googleapis\.com\/\$\{google_iam_workload_identity_pool\..*\.name\}\/providers\/aks-prod$/);
  });

  it('maps the Kubernetes claims and admits only the bound namespace and subject', () => {
    const [provider] = providers;
    expect(provider.attribute_mapping).toEqual({
      'google.subject': 'assertion.sub',
      'attribute.namespace': "assertion['kubernetes.io']['namespace']",
      'attribute.service_account_name': "assertion['kubernetes.io']['serviceaccount']['name']",
    });
    expect(provider.attribute_condition).toBe("assertion['kubernetes.io']['namespace'] in ['mlops'] && assertion.sub in ['system:serviceaccount:mlops:model-server']");
  });

  it('has a condition that, evaluated as CEL, admits the bound ServiceAccount and refuses its neighbours', () => {
    const [provider] = providers;
    const token = (namespace: string, name: string) => ({ assertion: { sub: `system:serviceaccount:${namespace}:${name}`, 'kubernetes.io': { namespace, serviceaccount: { name } } } });
    expect(run(provider.attribute_condition, token('mlops', 'model-server'))).toBe(true);
    expect(run(provider.attribute_condition, token('mlops', 'default'))).toBe(false);
    expect(run(provider.attribute_condition, token('kube-system', 'model-server'))).toBe(false);
  });

  it('grants the bucket role directly to the AKS ServiceAccount\'s principal', () => {
    const grant = (Object.values(json.resource.google_storage_bucket_iam_member) as any[]).find((g) => g.bucket === 'ml-mesh-training-data');
    expect(grant.role).toBe('roles/storage.objectViewer');
    expect(grant.member).toMatch(/^principal:\/\/iam\.googleapis\.com\/\$\{google_iam_workload_identity_pool\..*\.name\}\/subject\/system:serviceaccount:mlops:model-server$/);
    expect(json.output.model_reader_project_number.value).toMatch(/element\(split\("\/", google_iam_workload_identity_pool\..*\.name\), 1\)/);
  });

  it('lets the GKE ServiceAccount impersonate its own service account, which holds the role', () => {
    expect(synthesized).toHaveResourceWithProperties(ServiceAccountIamMember, {
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:ml-mesh-prod.svc.id.goog[serving/model-server]',
    });
    expect(synthesized).toHaveResourceWithProperties(StorageBucketIamMember, {
      bucket: 'ml-mesh-models', member: 'serviceAccount:model-server-gke@ml-mesh-prod.iam.gserviceaccount.com',
    });
  });

  it('creates no Azure resources in the Google stack', () => {
    expect(Object.keys(json.resource).filter((t) => t.startsWith('azurerm_'))).toEqual([]);
  });
});

describe('GKE direct principal access', () => {
  it('grants to principal://.../<project>.svc.id.goog/subject/ns/<ns>/sa/<sa> with the project number', () => {
    const direct: WorkloadIdentityBinding = { ...gkeImpersonation, name: 'direct', identity: { ...gkeImpersonation.identity, serviceAccountId: undefined } as any };
    const json = synthStack('prod-gcp', { cloud: 'gcp', bindings: [direct] });
    const [grant] = Object.values(json.resource.google_storage_bucket_iam_member) as any[];
    expect(grant.member).toBe('principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ml-mesh-prod.svc.id.goog/subject/ns/serving/sa/model-server');
    expect(json.resource.google_service_account).toBeUndefined();
  });

  it('reads the project number when the config does not give it', () => {
    const direct: WorkloadIdentityBinding = { ...gkeImpersonation, name: 'direct', identity: { ...gkeImpersonation.identity, serviceAccountId: undefined, projectNumber: undefined } as any };
    const json = synthStack('prod-gcp', { cloud: 'gcp', bindings: [direct] });
    const [grant] = Object.values(json.resource.google_storage_bucket_iam_member) as any[];
    expect(grant.member).toMatch(/^principal:\/\/iam\.googleapis\.com\/projects\/\$\{data\.google_project\..*\.number\}\/locations\/global\/workloadIdentityPools\/ml-mesh-prod\.svc\.id\.goog\/subject\/ns\/serving\/sa\/model-server$/);
  });
});

describe('binding rules at synth', () => {
  const expectError = (stack: string, props: WorkloadIdentityBindingsProps, message: string) =>
    expect(() => synthStack(stack, props)).toThrow(message);

  it('rejects a workload bound to two identities of one cloud', () => {
    const second: WorkloadIdentityBinding = { ...secretReader, name: 'feature-secrets-2', identity: { ...secretReader.identity, identityName: 'id-other' } as any };
    expectError('prod-azure', { cloud: 'azure', bindings: [secretReader, second] },
      'bindings[1].identity = "azure managed identity rg-ml/id-other": conflicts with binding "feature-secrets": gke-prod/features/feature-store is already bound to azure managed identity rg-ml/id-feature-store, and a ServiceAccount can carry one identity per cloud');
  });

  it('rejects duplicate binding names', () => {
    expectError('prod-azure', { cloud: 'azure', bindings: [secretReader, { ...aksBlobReader, name: 'feature-secrets' }] },
      'bindings[1].name = "feature-secrets": must be unique; bindings[0] has it too');
  });

  it('rejects an identity declared in another stack than the one building it', () => {
    expectError('dev-azure', { cloud: 'azure', bindings: [secretReader] },
      'bindings[0].identity.stack = "prod-azure": must be the stack that creates the identity (dev-azure)');
  });

  it('rejects an AKS binding without the cluster issuer', () => {
    const noIssuer: WorkloadIdentityBinding = { ...aksBlobReader, workload: { ...aksBlobReader.workload, cluster: { cloud: 'azure', name: 'aks-prod' } } };
    expectError('prod-azure', { cloud: 'azure', bindings: [noIssuer] },
      'bindings[0].workload.cluster.issuerUrl = (unset): is required to trust an AKS cluster');
  });

  it('rejects an AKS issuer without its trailing slash', () => {
    const bad: WorkloadIdentityBinding = { ...aksBlobReader, workload: { ...aksBlobReader.workload, cluster: { ...AKS, issuerUrl: AKS_ISSUER.slice(0, -1) } } };
    expectError('prod-azure', { cloud: 'azure', bindings: [bad] }, 'bindings[0].workload.cluster.issuerUrl = ');
  });

  it('rejects an AKS -> Google binding without a pool, and a reserved pool ID', () => {
    const noPool: WorkloadIdentityBinding = { ...modelReader, identity: { ...modelReader.identity, federation: undefined } as any };
    expectError('prod-gcp', { cloud: 'gcp', bindings: [noPool] }, 'bindings[0].identity.federation = (unset): is required when an AKS workload calls Google');
    const reserved: WorkloadIdentityBinding = { ...modelReader, identity: { ...modelReader.identity, federation: { poolId: 'gcp-pool' } } as any };
    expectError('prod-gcp', { cloud: 'gcp', bindings: [reserved] }, 'bindings[0].identity.federation.poolId = "gcp-pool": must not start with "gcp-", which Google reserves');
  });

  it('rejects a ServiceAccount whose subject exceeds 127 bytes', () => {
    const long: WorkloadIdentityBinding = { ...modelReader, workload: { ...modelReader.workload, namespace: 'n'.repeat(63), serviceAccount: 's'.repeat(42) } };
    expectError('prod-gcp', { cloud: 'gcp', bindings: [long] }, 'maps to a google.subject of 128 bytes; Google IAM rejects more than 127');
  });

  it('rejects one Google service account impersonated by two bindings', () => {
    const other: WorkloadIdentityBinding = { ...gkeImpersonation, name: 'other', workload: { ...gkeImpersonation.workload, serviceAccount: 'other' } };
    expectError('prod-gcp', { cloud: 'gcp', bindings: [gkeImpersonation, other] },
      'bindings[1].identity.serviceAccountId = "model-server-gke": is already impersonated by binding "gke-model-reader"');
  });

  it('rejects two AKS clusters sharing one provider ID in a pool', () => {
    const otherCluster: WorkloadIdentityBinding = {
      ...modelReader, name: 'other-reader',
      workload: { ...modelReader.workload, cluster: { cloud: 'azure', name: 'aks-two', issuerUrl: AKS_ISSUER.replace('66666666', '77777777') } },
      identity: { ...modelReader.identity, federation: { poolId: 'ml-mesh-prod', providerId: 'aks-prod' } } as any,
    };
    expectError('prod-gcp', { cloud: 'gcp', bindings: [modelReader, otherCluster] },
      'bindings[1].identity.federation.providerId = "aks-prod": is already the provider of another cluster (aks-prod) in pool ml-mesh-prod/ml-mesh-prod; each issuer needs its own provider');
  });

  it('rejects a subscription-wide role assignment and a malformed tenant', () => {
    const wide: WorkloadIdentityBinding = { ...secretReader, identity: { ...secretReader.identity, tenantId: 'contoso', roleAssignments: [{ scope: '/subscriptions/sub-1', roleDefinitionName: 'Reader' }] } as any };
    expect(() => synthStack('prod-azure', { cloud: 'azure', bindings: [wide] })).toThrow(
      /bindings\[0\]\.identity\.tenantId = "contoso": must be the Entra tenant ID, a GUID.*bindings\[0\]\.identity\.roleAssignments\[0\]\.scope = "\/subscriptions\/sub-1": must be a resource group or narrower/s);
  });
});
