import { ForceNewRule } from '../../../core/replacement-guard';

// From the provider sources: azurerm internal/services/containers/kubernetes_cluster_extension_resource.go (ForceNew
// schema fields) and azapi v2.12 internal/services/azapi_resource.go (RequiresReplace on name and parent_id, and in
// ModifyPlan on a changed location).
const EXTENSION = 'azurerm kubernetes_cluster_extension ForceNew';
const AZAPI = 'azapi 2.12 azapi_resource RequiresReplace';

/**
 * `azurerm_kubernetes_cluster_extension`, the AzureML extension: replacing it uninstalls Azure ML from the cluster,
 * and the computes attached through it stop.
 */
export const AZURE_ML_EXTENSION_FORCE_NEW: ForceNewRule = {
  resourceType: 'azurerm_kubernetes_cluster_extension',
  attributes: ['name', 'cluster_id', 'extension_type', 'release_train', 'release_namespace', 'target_namespace', 'version', 'plan']
    .map((path) => ({ path, source: EXTENSION })),
};

/**
 * `azapi_resource`, the Azure ML workspace and its Kubernetes computes: a new name, parent or location is a new
 * resource, and a new workspace starts without the old one's models, jobs and endpoints.
 */
export const AZAPI_FORCE_NEW: ForceNewRule = {
  resourceType: 'azapi_resource',
  attributes: [
    ...['name', 'parent_id', 'location'].map((path) => ({ path, source: AZAPI })),
    // A workspace's dependencies and its high-business-impact flag are set at creation: azapi plans an update, which
    // the service refuses (docs/azure-ml.md, "Inputs that force replacement").
    ...['storageAccount', 'keyVault', 'applicationInsights', 'containerRegistry', 'hbiWorkspace']
      .map((field) => ({ path: `body.properties.${field}`, effect: 'refused-in-place' as const, source: 'Azure ML workspace: fixed at creation' })),
  ],
};

/** Everything the replacement guard watches for Azure ML. */
export const AZURE_ML_FORCE_NEW_RULES: readonly ForceNewRule[] = [AZURE_ML_EXTENSION_FORCE_NEW, AZAPI_FORCE_NEW];
