import { AksClusterRef, GkeClusterRef, WorkloadIdentityBinding } from '../../lib/contract/identity/workload-identity-binding';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const AKS_ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/66666666-7777-8888-9999-000000000000/`;
export const AKS: AksClusterRef = { cloud: 'azure', name: 'aks-prod', issuerUrl: AKS_ISSUER };
export const GKE: GkeClusterRef = { cloud: 'gcp', name: 'gke-prod', projectId: 'ml-mesh-prod', location: 'europe-west4' };
export const GKE_ISSUER = 'https://container.googleapis.com/v1/projects/ml-mesh-prod/locations/europe-west4/clusters/gke-prod';
export const VAULT = '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml';

/** AKS model server reading a GCS bucket through the federation pool. */
export const modelReader: WorkloadIdentityBinding = {
  name: 'model-reader',
  workload: { cluster: AKS, namespace: 'mlops', serviceAccount: 'model-server' },
  identity: {
    cloud: 'gcp', stack: 'prod-gcp', projectId: 'ml-mesh-prod',
    federation: { poolId: 'ml-mesh-prod' },
    grants: [{ kind: 'storage-bucket', bucket: 'ml-mesh-training-data', role: 'roles/storage.objectViewer' }],
  },
};

/** GKE workload reading a Key Vault secret through a managed identity. */
export const secretReader: WorkloadIdentityBinding = {
  name: 'feature-secrets',
  workload: { cluster: GKE, namespace: 'features', serviceAccount: 'feature-store' },
  identity: {
    cloud: 'azure', stack: 'prod-azure', identityName: 'id-feature-store', resourceGroupName: 'rg-ml', location: 'westeurope', tenantId: TENANT,
    roleAssignments: [{ scope: VAULT, roleDefinitionName: 'Key Vault Secrets User' }],
  },
};

/** AKS workload using native AKS workload identity. */
export const aksBlobReader: WorkloadIdentityBinding = {
  name: 'blob-reader',
  workload: { cluster: AKS, namespace: 'mlops', serviceAccount: 'model-server' },
  identity: {
    cloud: 'azure', stack: 'prod-azure', identityName: 'id-model-server', resourceGroupName: 'rg-ml', location: 'westeurope', tenantId: TENANT,
    roleAssignments: [{ scope: '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml', roleDefinitionName: 'Storage Blob Data Reader' }],
  },
};

/** GKE workload impersonating a Google service account. */
export const gkeImpersonation: WorkloadIdentityBinding = {
  name: 'gke-model-reader',
  workload: { cluster: GKE, namespace: 'serving', serviceAccount: 'model-server' },
  identity: {
    cloud: 'gcp', stack: 'prod-gcp', projectId: 'ml-mesh-prod', projectNumber: '123456789012', serviceAccountId: 'model-server-gke',
    grants: [{ kind: 'storage-bucket', bucket: 'ml-mesh-models', role: 'roles/storage.objectViewer' }],
  },
};
