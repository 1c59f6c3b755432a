import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { WorkloadIdentity } from '../../lib/k8s/identity/workload-identity';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';
import { TENANT, aksBlobReader, gkeImpersonation, modelReader, secretReader } from './fixtures';

const ALL = [modelReader, secretReader, aksBlobReader, gkeImpersonation];
const byKind = (objects: Record<string, any>[], kind: string) => objects.filter((o) => o.kind === kind);

describe('AKS ServiceAccount bound to an Azure identity and a Google identity', () => {
  const outputs = DeployOutputs.fromObject({
    'prod-azure': { blob_reader_client_id: '0c0c0c0c-1111-2222-3333-444444444444' },
    'prod-gcp': { model_reader_project_number: '123456789012' },
  });
  const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure', outputs });
  const identity = new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: ALL });
  const objects = synthObjects(chart);
  const providerName = 'projects/123456789012/locations/global/workloadIdentityPools/ml-mesh-prod/providers/aks-prod';

  it('synthesizes valid manifests', () => {
    expectValidManifests(objects);
  });

  it('annotates the ServiceAccount with the managed identity client ID and tenant', () => {
    const [sa] = byKind(objects, 'ServiceAccount');
    expect(sa.metadata).toMatchObject({ name: 'model-server', namespace: 'mlops' });
    expect(sa.metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '0c0c0c0c-1111-2222-3333-444444444444',
      'azure.workload.identity/tenant-id': TENANT,
    });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it('labels the pods for the Azure webhook', () => {
    expect(identity.podIdentity.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  it('projects a token for the Google provider\'s audience, never Entra\'s', () => {
    const token = identity.podIdentity.volumes.find((v) => v.name === 'google-identity-token')!;
    expect(token.projected!.sources).toEqual([{ serviceAccountToken: { audience: `https://iam.googleapis.com/${providerName}`, expirationSeconds: 3600, path: 'token' } }]);
    expect(identity.podIdentity.volumeMounts).toEqual([
      { name: 'google-identity-token', mountPath: '/var/run/secrets/google/tokens', readOnly: true },
      { name: 'google-credentials', mountPath: '/etc/google/credential-configuration', readOnly: true },
    ]);
  });

  it('writes the external_account credential configuration, with no secret, into a ConfigMap', () => {
    const [configMap] = byKind(objects, 'ConfigMap');
    expect(configMap.metadata).toMatchObject({ name: 'model-server-google-credentials', namespace: 'mlops' });
    const configuration = JSON.parse(configMap.data['credential-configuration.json']);
    expect(configuration).toEqual({
      type: 'external_account',
      audience: `//iam.googleapis.com/${providerName}`,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
      credential_source: { file: '/var/run/secrets/google/tokens/token', format: { type: 'text' } },
      token_info_url: 'https://sts.googleapis.com/v1/introspect',
    });
    expect(identity.podIdentity.volumes.find((v) => v.name === 'google-credentials')!.configMap).toEqual({ name: 'model-server-google-credentials' });
  });

  it('points the Google client libraries at the file', () => {
    expect(identity.podIdentity.env).toEqual([
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/google/credential-configuration/credential-configuration.json' },
      { name: 'GOOGLE_CLOUD_PROJECT', value: 'ml-mesh-prod' },
    ]);
  });
});

describe('impersonation in the credential configuration', () => {
  it('adds the service account impersonation URL when a Google service account is named', () => {
    const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure' });
    const binding = { ...modelReader, identity: { ...modelReader.identity, serviceAccountId: 'model-reader', projectNumber: '42424242' } } as typeof modelReader;
    new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [binding] });
    const [configMap] = byKind(synthObjects(chart), 'ConfigMap');
    const configuration = JSON.parse(configMap.data['credential-configuration.json']);
    expect(configuration.service_account_impersonation_url).toBe('https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/model-reader@ml-mesh-prod.iam.gserviceaccount.com:generateAccessToken');
    expect(configuration.token_info_url).toBeUndefined();
    expect(configuration.audience).toBe('//iam.googleapis.com/projects/42424242/locations/global/workloadIdentityPools/ml-mesh-prod/providers/aks-prod');
  });
});

describe('GKE ServiceAccount reading an Azure Key Vault secret', () => {
  const { chart, context } = clusterChart({ clusterName: 'gke-prod', cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
  const identity = new WorkloadIdentity(chart, 'identity', { namespace: 'features', serviceAccountName: 'feature-store', bindings: ALL, createServiceAccount: false });

  it('projects a token for api://AzureADTokenExchange and sets the env the Azure webhook would have', () => {
    expect(identity.podIdentity.volumes).toEqual([{
      name: 'azure-identity-token',
      projected: { sources: [{ serviceAccountToken: { audience: 'api://AzureADTokenExchange', expirationSeconds: 3600, path: 'azure-identity-token' } }] },
    }]);
    expect(identity.podIdentity.volumeMounts).toEqual([{ name: 'azure-identity-token', mountPath: '/var/run/secrets/azure/tokens', readOnly: true }]);
    expect(identity.podIdentity.env).toEqual([
      { name: 'AZURE_CLIENT_ID', value: 'PLACEHOLDER(prod-azure.feature_secrets_client_id)' },
      { name: 'AZURE_TENANT_ID', value: TENANT },
      { name: 'AZURE_FEDERATED_TOKEN_FILE', value: '/var/run/secrets/azure/tokens/azure-identity-token' },
      { name: 'AZURE_AUTHORITY_HOST', value: 'https://login.microsoftonline.com/' },
    ]);
    expect(identity.podIdentity.podLabels).toEqual({});
  });

  it('records the client ID it could not know as a named placeholder', () => {
    expect(context.outputs.placeholders.map((p) => `${p.stack}.${p.output}`)).toEqual(['prod-azure.feature_secrets_client_id']);
  });

  it('leaves the ServiceAccount to the workload when asked', () => {
    expect(identity.serviceAccount).toBeUndefined();
    expect(synthObjects(chart)).toEqual([]);
  });
});

describe('GKE ServiceAccount impersonating a Google service account', () => {
  it('annotates the ServiceAccount with the derived service account email and adds nothing to the pod', () => {
    const { chart } = clusterChart({ clusterName: 'gke-prod', cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
    const identity = new WorkloadIdentity(chart, 'identity', { namespace: 'serving', serviceAccountName: 'model-server', bindings: ALL });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(objects).toHaveLength(1);
    expect(objects[0].metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'model-server-gke@ml-mesh-prod.iam.gserviceaccount.com' });
    expect(identity.podIdentity.volumes).toEqual([]);
    expect(identity.podIdentity.env).toEqual([]);
  });
});

describe('strict mode', () => {
  it('fails on a client ID missing from the outputs file', () => {
    const { chart, context } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure', outputs: DeployOutputs.fromObject({}, true) });
    new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [aksBlobReader] });
    expect(() => context.outputs.assertComplete()).toThrow('prod-azure.blob_reader_client_id: client ID of managed identity id-model-server (binding blob-reader)');
  });
});

describe('rules', () => {
  it('rejects a token lifetime under the Kubernetes minimum', () => {
    const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure' });
    expect(() => new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: ALL, tokenExpirationSeconds: 300 }))
      .toThrow('tokenExpirationSeconds = 300: must be a whole number of seconds from 600 (Kubernetes minimum) to 86400');
  });

  it('rejects a binding that names this cluster but the other cloud', () => {
    const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
    expect(() => new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [aksBlobReader] }))
      .toThrow('bindings[0].workload.cluster.cloud = "azure": must be the cloud of cluster aks-prod (gcp)');
  });

  it('rejects conflicting bindings on the Kubernetes side too', () => {
    const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure' });
    const twin = { ...aksBlobReader, name: 'blob-reader-2', identity: { ...aksBlobReader.identity, identityName: 'id-twin' } } as typeof aksBlobReader;
    expect(() => new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [aksBlobReader, twin] }))
      .toThrow('conflicts with binding "blob-reader"');
  });
});

describe('merged into a pod spec', () => {
  it('gives a Deployment that passes the schema, with the token and config volumes mounted read-only', async () => {
    const k8s = await import('cdk8s-plus-28/lib/imports/k8s');
    const { chart } = clusterChart({ clusterName: 'aks-prod', cloud: 'azure' });
    const { podIdentity } = new WorkloadIdentity(chart, 'identity', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: ALL });
    new k8s.KubeDeployment(chart, 'deployment', {
      metadata: { name: 'model-server', namespace: 'mlops' },
      spec: {
        selector: { matchLabels: { app: 'model-server' } },
        template: {
          metadata: { labels: { app: 'model-server', ...podIdentity.podLabels } },
          spec: {
            serviceAccountName: 'model-server',
            volumes: [...podIdentity.volumes],
            containers: [{ name: 'server', image: 'registry.example/model-server:1.0.0', volumeMounts: [...podIdentity.volumeMounts], env: [...podIdentity.env] }],
          },
        },
      },
    });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const deployment = byKind(objects, 'Deployment')[0];
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(deployment.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['google-identity-token', 'google-credentials']);
  });
});
