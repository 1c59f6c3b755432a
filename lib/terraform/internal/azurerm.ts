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
export { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
export { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
export { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
export { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
export { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
// Private endpoints and DNS for the workspace and its dependencies (lib/terraform/azure/ml/azure-ml-private-access.ts).
export { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
export { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
export { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
export { StorageAccountNetworkRulesA as StorageAccountNetworkRules } from '@cdktf/provider-azurerm/lib/storage-account-network-rules';
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
// Control-plane resource logs (AKS audit) to Log Analytics.
export { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
export { MonitorAlertPrometheusRuleGroup } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
export type { MonitorAlertPrometheusRuleGroupRule } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
