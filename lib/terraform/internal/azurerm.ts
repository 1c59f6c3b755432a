// The only file that loads azurerm provider bindings, each through its deep path (the package root
// costs seconds and hundreds of MB per synth). Moving to another provider distribution edits this file.
import '../tokens';
export { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
export { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
export { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
export { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
export { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
export type { KubernetesClusterConfig, KubernetesClusterDefaultNodePool, KubernetesClusterNetworkProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
export { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
export type { KubernetesClusterNodePoolConfig } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
// Azure Machine Learning (lib/terraform/azure/ml): workspace, its dependencies, the AzureML extension and Trusted Access.
export { MachineLearningWorkspace } from '@cdktf/provider-azurerm/lib/machine-learning-workspace';
export { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
export { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
export { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
export { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
export { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
export { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
export { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
export { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
export { KubernetesClusterExtension } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-extension';
export { KubernetesClusterTrustedAccessRoleBinding } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-trusted-access-role-binding';
export type { KubernetesClusterMaintenanceWindowAutoUpgrade } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
export { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
export { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
// Managed Prometheus, alert rule groups (lib/terraform/observability).
export { MonitorWorkspace } from '@cdktf/provider-azurerm/lib/monitor-workspace';
export { MonitorDataCollectionEndpoint } from '@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint';
export { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
export { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
export { MonitorAlertPrometheusRuleGroup } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
export type { MonitorAlertPrometheusRuleGroupRule } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
