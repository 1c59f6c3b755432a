// The only file that loads azurerm provider bindings, each through its deep path (the package root
// costs seconds and hundreds of MB per synth). Moving to another provider distribution edits this file.
export { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
export { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
export { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
export { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
export { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
export type { KubernetesClusterConfig, KubernetesClusterDefaultNodePool, KubernetesClusterNetworkProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
export { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
export type { KubernetesClusterNodePoolConfig } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
