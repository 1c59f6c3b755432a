import { ForceNewRule, GuardedAttribute } from '../../core/replacement-guard';

// Every entry comes from the azurerm v4.55.0 source (internal/services/containers/kubernetes_cluster_resource.go,
// kubernetes_cluster_node_pool_resource.go): ForceNew schema fields and CustomizeDiff ForceNewIfChange rules,
// as collected in research/aks-gke-clusters.md ("ForceNew cheat-sheet", §2.1, §2.3). docs/aks.md lists them for users.
const AZURERM = 'azurerm 4.55 ForceNew';
const CUSTOMIZE_DIFF = 'azurerm 4.55 CustomizeDiff';
const ROTATION = 'azurerm 4.55: cycled through temporary_name_for_rotation, not drained';

const replace = (path: string, source = AZURERM): GuardedAttribute => ({ path, source });
const rotate = (path: string): GuardedAttribute => ({ path, effect: 'rotate', source: ROTATION });

/** `azurerm_kubernetes_cluster`: fields that recreate the cluster, and default-pool fields that cycle it. */
export const AKS_CLUSTER_FORCE_NEW: ForceNewRule = {
  resourceType: 'azurerm_kubernetes_cluster',
  attributes: [
    ...['name', 'location', 'resource_group_name', 'dns_prefix', 'dns_prefix_private_cluster', 'node_resource_group', 'disk_encryption_set_id',
      'kubelet_identity', 'linux_profile', 'private_cluster_enabled', 'private_dns_zone_id', 'role_based_access_control_enabled'].map((p) => replace(p)),
    ...['network_plugin', 'network_mode', 'pod_cidr', 'pod_cidrs', 'service_cidr', 'service_cidrs', 'dns_service_ip', 'load_balancer_sku', 'ip_versions']
      .map((p) => replace(`network_profile.${p}`)),
    // Schema default "azure" makes every existing cluster's old value non-empty, so any change replaces it (azurerm #30539).
    replace('network_profile.network_data_plane', CUSTOMIZE_DIFF),
    // Adding a policy where there was none is in place; changing or removing one replaces the cluster.
    { path: 'network_profile.network_policy', trigger: 'change-or-removal', source: CUSTOMIZE_DIFF },
    { path: 'network_profile.network_plugin_mode', trigger: 'change-or-removal', source: CUSTOMIZE_DIFF },
    replace('default_node_pool.name', CUSTOMIZE_DIFF),
    // The AKS API cannot take a drain timeout back to "unset" (Azure/azure-rest-api-specs#27373).
    { path: 'default_node_pool.upgrade_settings.drain_timeout_in_minutes', trigger: 'removal', source: CUSTOMIZE_DIFF },
    ...['gpu_driver', 'gpu_instance', 'type', 'host_group_id', 'capacity_reservation_group_id', 'proximity_placement_group_id', 'node_public_ip_prefix_id']
      .map((p) => replace(`default_node_pool.${p}`)),
    ...['vm_size', 'zones', 'max_pods', 'os_disk_size_gb', 'os_disk_type', 'only_critical_addons_enabled', 'host_encryption_enabled', 'kubelet_config',
      'linux_os_config', 'vnet_subnet_id'].map((p) => rotate(`default_node_pool.${p}`)),
  ],
};

/** `azurerm_kubernetes_cluster_node_pool`: fields that recreate a User pool, and fields that cycle its nodes. */
export const AKS_NODE_POOL_FORCE_NEW: ForceNewRule = {
  resourceType: 'azurerm_kubernetes_cluster_node_pool',
  attributes: [
    ...['name', 'kubernetes_cluster_id', 'priority', 'eviction_policy', 'spot_max_price', 'gpu_driver', 'gpu_instance', 'os_type', 'windows_profile',
      'host_group_id', 'capacity_reservation_group_id', 'proximity_placement_group_id', 'node_public_ip_prefix_id'].map((p) => replace(p)),
    ...['vm_size', 'zones', 'max_pods', 'os_disk_size_gb', 'os_disk_type', 'vnet_subnet_id', 'pod_subnet_id', 'kubelet_config', 'linux_os_config',
      'host_encryption_enabled', 'fips_enabled'].map(rotate),
    { path: 'upgrade_settings.drain_timeout_in_minutes', trigger: 'removal', source: CUSTOMIZE_DIFF },
  ],
};

/** The network and support resources under a cluster; recreating any of them takes the cluster down with it. */
export const AKS_SUPPORT_FORCE_NEW: readonly ForceNewRule[] = [
  { resourceType: 'azurerm_resource_group', attributes: ['name', 'location'] },
  { resourceType: 'azurerm_virtual_network', attributes: ['name', 'location', 'resource_group_name'] },
  { resourceType: 'azurerm_subnet', attributes: ['name', 'resource_group_name', 'virtual_network_name'] },
  { resourceType: 'azurerm_log_analytics_workspace', attributes: ['name', 'location', 'resource_group_name'] },
];

/** Everything the replacement guard watches on the Azure side. */
export const AKS_FORCE_NEW_RULES: readonly ForceNewRule[] = [AKS_CLUSTER_FORCE_NEW, AKS_NODE_POOL_FORCE_NEW, ...AKS_SUPPORT_FORCE_NEW];
