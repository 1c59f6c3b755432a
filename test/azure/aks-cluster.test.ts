import '../support/terraform-matchers';
import { AksCluster } from '../../lib/terraform/azure/aks-cluster';
import { KubernetesCluster, LogAnalyticsWorkspace, Subnet, VirtualNetwork } from '../../lib/terraform/internal/azurerm';
import { baseProps, only, synthCluster } from './aks-fixtures';

describe('AksCluster network', () => {
  test('runs Azure CNI Overlay powered by Cilium with the configured ranges', () => {
    const { json } = synthCluster();
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      network_profile: expect.objectContaining({
        network_plugin: 'azure',
        network_plugin_mode: 'overlay',
        network_data_plane: 'cilium',
        network_policy: 'cilium',
        pod_cidr: '192.168.0.0/16',
        service_cidr: '172.16.0.0/16',
        dns_service_ip: '172.16.0.10',
        load_balancer_sku: 'standard',
        outbound_type: 'loadBalancer',
      }),
    });
  });

  test('creates the VNet and node subnet when no subnet is given', () => {
    const { json, parsed } = synthCluster();
    expect(json).toHaveResourceWithProperties(VirtualNetwork, { address_space: ['10.10.0.0/16'] });
    expect(json).toHaveResourceWithProperties(Subnet, { address_prefixes: ['10.10.0.0/22'] });
    expect((only(parsed, 'resource', 'azurerm_kubernetes_cluster').default_node_pool as Record<string, unknown>).vnet_subnet_id).toMatch(/^\$\{azurerm_subnet\./);
  });

  test('brings an existing subnet without creating a network', () => {
    const subnetId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks';
    const { parsed } = synthCluster({ network: { ...baseProps.network, existingSubnetId: subnetId, existingSubnetCidr: '10.50.0.0/22', vnetCidr: undefined, nodeSubnetCidr: undefined } });
    expect(parsed.resource.azurerm_virtual_network).toBeUndefined();
    expect(parsed.resource.azurerm_subnet).toBeUndefined();
    expect((only(parsed, 'resource', 'azurerm_kubernetes_cluster').default_node_pool as Record<string, unknown>).vnet_subnet_id).toBe(subnetId);
    expect(only(parsed, 'resource', 'azurerm_kubernetes_cluster_node_pool').vnet_subnet_id).toBe(subnetId);
  });

  test('sets outbound type, authorized ranges and ACNS from the spec, and exposes ACNS security', () => {
    let cluster: AksCluster | undefined;
    const { json } = synthCluster(
      { network: { ...baseProps.network, outboundType: 'userAssignedNATGateway', apiServer: { authorizedIpRanges: ['203.0.113.0/24'] }, advancedNetworking: { observability: true, security: true } } },
      (c) => (cluster = c),
    );
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      api_server_access_profile: { authorized_ip_ranges: ['203.0.113.0/24'] },
      private_cluster_enabled: false,
      network_profile: expect.objectContaining({ outbound_type: 'userAssignedNATGateway', advanced_networking: { observability_enabled: true, security_enabled: true } }),
    });
    expect(cluster?.advancedNetworkSecurity).toBe(true);
    expect(cluster?.advancedNetworkObservability).toBe(true);
  });

  test('leaves ACNS out unless asked, and says so', () => {
    let cluster: AksCluster | undefined;
    const { parsed } = synthCluster({}, (c) => (cluster = c));
    expect((only(parsed, 'resource', 'azurerm_kubernetes_cluster').network_profile as Record<string, unknown>).advanced_networking).toBeUndefined();
    expect(cluster?.advancedNetworkSecurity).toBe(false);
  });

  test('a private cluster uses the system private DNS zone and no authorized ranges', () => {
    const { parsed } = synthCluster({ network: { ...baseProps.network, apiServer: { privateCluster: true } } });
    const aks = only(parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.private_dns_zone_id).toBe('System');
    expect(aks.api_server_access_profile).toBeUndefined();
  });
});

describe('AksCluster identity and security', () => {
  test('Entra ID with Azure RBAC, local accounts and run command off, OIDC and workload identity on', () => {
    const { json } = synthCluster({ identity: { adminGroupObjectIds: ['11111111-2222-3333-4444-555555555555'] } });
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: ['11111111-2222-3333-4444-555555555555'] },
      local_account_disabled: true,
      run_command_enabled: false,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      identity: { type: 'SystemAssigned' },
    });
  });

  test('host encryption, Key Vault secrets provider with rotation and image cleaner are on by default', () => {
    const { parsed } = synthCluster();
    const aks = only(parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect((aks.default_node_pool as Record<string, unknown>).host_encryption_enabled).toBe(true);
    expect(only(parsed, 'resource', 'azurerm_kubernetes_cluster_node_pool').host_encryption_enabled).toBe(true);
    expect(aks.key_vault_secrets_provider).toEqual({ secret_rotation_enabled: true, secret_rotation_interval: '2m' });
    expect(aks.image_cleaner_enabled).toBe(true);
    expect(aks.image_cleaner_interval_hours).toBe(168);
  });

  test('Azure Policy and Defender are off outside production and on in production', () => {
    const dev = only(synthCluster().parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(dev.azure_policy_enabled).toBe(false);
    expect(dev.microsoft_defender).toBeUndefined();
    const prod = synthCluster({ production: true, network: { ...baseProps.network, apiServer: { privateCluster: true } } });
    const aks = only(prod.parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(aks.azure_policy_enabled).toBe(true);
    expect(aks.microsoft_defender).toEqual({ log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\./) });
  });

  test('security options can be turned off explicitly', () => {
    const aks = only(synthCluster({ security: { keyVaultSecretsProvider: false, imageCleaner: false, hostEncryption: false } }).parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(aks.key_vault_secrets_provider).toBeUndefined();
    expect(aks.image_cleaner_enabled).toBe(false);
    expect((aks.default_node_pool as Record<string, unknown>).host_encryption_enabled).toBe(false);
  });
});

describe('AksCluster operations', () => {
  test('patch channel and NodeImage OS channel, each with its own weekly window', () => {
    const { json } = synthCluster();
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      automatic_upgrade_channel: 'patch',
      node_os_upgrade_channel: 'NodeImage',
      maintenance_window_auto_upgrade: { frequency: 'Weekly', interval: 1, duration: 4, day_of_week: 'Sunday', start_time: '02:00', utc_offset: '+00:00' },
      maintenance_window_node_os: { frequency: 'Weekly', interval: 1, duration: 4, day_of_week: 'Saturday', start_time: '02:00', utc_offset: '+00:00' },
    });
  });

  test('maintenance windows follow the spec', () => {
    const aks = only(
      synthCluster({ upgrades: { channel: 'stable', nodeOsChannel: 'SecurityPatch', window: { frequency: 'RelativeMonthly', weekIndex: 'First', dayOfWeek: 'Tuesday', durationHours: 6, utcOffset: '+01:00' }, nodeOsWindow: { frequency: 'Daily', startTime: '23:00' } } }).parsed,
      'resource',
      'azurerm_kubernetes_cluster',
    );
    expect(aks.automatic_upgrade_channel).toBe('stable');
    expect(aks.node_os_upgrade_channel).toBe('SecurityPatch');
    expect(aks.maintenance_window_auto_upgrade).toEqual({ frequency: 'RelativeMonthly', interval: 1, duration: 6, day_of_week: 'Tuesday', week_index: 'First', start_time: '02:00', utc_offset: '+01:00' });
    expect(aks.maintenance_window_node_os).toEqual({ frequency: 'Daily', interval: 1, duration: 4, start_time: '23:00', utc_offset: '+00:00' });
  });

  test('channel none turns auto-upgrade and its window off', () => {
    const aks = only(synthCluster({ upgrades: { channel: 'none' } }).parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(aks.automatic_upgrade_channel).toBeUndefined();
    expect(aks.maintenance_window_auto_upgrade).toBeUndefined();
    expect(aks.maintenance_window_node_os).toBeDefined();
  });

  test('Free tier outside production, Standard with cost analysis in production', () => {
    const dev = only(synthCluster().parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(dev.sku_tier).toBe('Free');
    expect(dev.cost_analysis_enabled).toBe(false);
    const prod = only(synthCluster({ production: true, network: { ...baseProps.network, apiServer: { privateCluster: true } } }).parsed, 'resource', 'azurerm_kubernetes_cluster');
    expect(prod.sku_tier).toBe('Standard');
    expect(prod.cost_analysis_enabled).toBe(true);
  });

  test('Container Insights writes to a created workspace through managed identity, with no shared key', () => {
    const { json } = synthCluster();
    expect(json).toHaveResourceWithProperties(LogAnalyticsWorkspace, { name: 'aks-test-logs', sku: 'PerGB2018', retention_in_days: 30, local_authentication_enabled: false });
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      oms_agent: { log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\./), msi_auth_for_monitoring_enabled: true },
    });
  });

  test('a given workspace is used and none is created', () => {
    const id = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/ops';
    const { parsed } = synthCluster({ monitoring: { logAnalyticsWorkspaceId: id } });
    expect(parsed.resource.azurerm_log_analytics_workspace).toBeUndefined();
    expect(only(parsed, 'resource', 'azurerm_kubernetes_cluster').oms_agent).toEqual({ log_analytics_workspace_id: id, msi_auth_for_monitoring_enabled: true });
  });

  test('Container Insights has its data collection rule and association: the agent alone collects nothing (azurerm #23510)', () => {
    const { parsed } = synthCluster();
    const rule = only(parsed, 'resource', 'azurerm_monitor_data_collection_rule') as any;
    expect(rule.name).toBe('MSCI-westeurope-aks-test');
    expect(rule.destinations.log_analytics).toEqual([{ name: 'ciworkspace', workspace_resource_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\./) }]);
    expect(rule.data_sources.extension[0]).toMatchObject({ extension_name: 'ContainerInsights', streams: ['Microsoft-ContainerInsights-Group-Default'] });
    expect(rule.data_flow).toEqual([{ streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: ['ciworkspace'] }]);
    const association = only(parsed, 'resource', 'azurerm_monitor_data_collection_rule_association') as any;
    expect(association).toMatchObject({ name: 'ContainerInsightsExtension', target_resource_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/) });
    expect(association.data_collection_rule_id).toMatch(/^\$\{azurerm_monitor_data_collection_rule\..+\.id\}$/);
    // With managed Prometheus for metrics, Container Insights keeps to logs and events.
    const prom = only(synthCluster({ monitoring: { managedPrometheus: true } }).parsed, 'resource', 'azurerm_monitor_data_collection_rule') as any;
    expect(prom.data_flow[0].streams).toEqual(['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory']);
    expect(synthCluster({ monitoring: { containerInsights: false } }).parsed.resource.azurerm_monitor_data_collection_rule).toBeUndefined();
  });

  test('production sends the API server audit log (without reads) and guard to Log Analytics; elsewhere on request', () => {
    const { parsed } = synthCluster({ production: true, network: { ...baseProps.network, apiServer: { privateCluster: true } } });
    const setting = only(parsed, 'resource', 'azurerm_monitor_diagnostic_setting') as any;
    expect(setting.target_resource_id).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
    expect(setting.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\./);
    expect(setting.log_analytics_destination_type).toBe('Dedicated');
    expect(setting.enabled_log.map((l: any) => l.category)).toEqual(['kube-audit-admin', 'guard', 'cluster-autoscaler', 'kube-controller-manager']);
    expect(synthCluster().parsed.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    const reads = only(synthCluster({ monitoring: { auditLogs: 'kube-audit', containerInsights: false } }).parsed, 'resource', 'azurerm_monitor_diagnostic_setting') as any;
    expect(reads.enabled_log[0].category).toBe('kube-audit');
  });

  test('managed Prometheus is an option, on in production', () => {
    expect(only(synthCluster().parsed, 'resource', 'azurerm_kubernetes_cluster').monitor_metrics).toBeUndefined();
    expect(only(synthCluster({ monitoring: { managedPrometheus: true } }).parsed, 'resource', 'azurerm_kubernetes_cluster').monitor_metrics).toEqual({});
  });
});

describe('AksCluster deletion protection', () => {
  const prodNetwork = { ...baseProps.network, apiServer: { privateCluster: true } };

  test('production refuses plans that destroy the cluster, with no Azure lock that would block its children', () => {
    const { parsed } = synthCluster({ production: true, network: prodNetwork });
    expect((only(parsed, 'resource', 'azurerm_kubernetes_cluster').lifecycle as Record<string, unknown>).prevent_destroy).toBe(true);
    // A CanNotDelete lock on the cluster would block deleting pools during rotation, extensions and role assignments.
    expect(parsed.resource.azurerm_management_lock).toBeUndefined();
  });

  test('prevent_destroy can be turned off explicitly, and is off outside production', () => {
    const off = synthCluster({ production: true, network: prodNetwork, preventDestroy: false }).parsed;
    expect((only(off, 'resource', 'azurerm_kubernetes_cluster').lifecycle as Record<string, unknown>).prevent_destroy).toBe(false);
    expect((only(synthCluster().parsed, 'resource', 'azurerm_kubernetes_cluster').lifecycle as Record<string, unknown>).prevent_destroy).toBe(false);
  });

  test('the identity running Terraform gets RBAC Cluster Admin on the cluster, and cluster access waits for its propagation', () => {
    const { parsed } = synthCluster();
    const grant = only(parsed, 'resource', 'azurerm_role_assignment') as Record<string, any>;
    expect(grant).toMatchObject({
      role_definition_name: 'Azure Kubernetes Service RBAC Cluster Admin',
      scope: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]+\.id\}$/),
      principal_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.[\w-]+\.object_id\}$/),
    });
    expect(grant.principal_type).toBeUndefined();
    const sleep = only(parsed, 'resource', 'time_sleep') as Record<string, any>;
    expect(sleep).toMatchObject({ create_duration: '300s', triggers: { assignment: expect.stringMatching(/azurerm_role_assignment\..+\.id/) } });
    expect(sleep.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\./)]);
    expect(parsed.terraform.required_providers.time).toEqual({ source: 'hashicorp/time', version: '0.13.1' });
  });

});

describe('AksCluster system pool and outputs', () => {
  test('the System pool runs critical add-ons only, autoscaled across zones, with a rotation name', () => {
    const { json } = synthCluster();
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      default_node_pool: expect.objectContaining({
        name: 'system',
        only_critical_addons_enabled: true,
        auto_scaling_enabled: true,
        min_count: 2,
        max_count: 3,
        os_sku: 'AzureLinux',
        zones: ['1', '2', '3'],
        temporary_name_for_rotation: 'systemtmp',
        upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: 30, node_soak_duration_in_minutes: 0 },
      }),
      lifecycle: expect.objectContaining({ ignore_changes: ['default_node_pool[0].node_count'] }),
    });
  });

  test('production raises the System pool floor to one node per zone', () => {
    const pool = only(synthCluster({ production: true, network: { ...baseProps.network, apiServer: { privateCluster: true } } }).parsed, 'resource', 'azurerm_kubernetes_cluster').default_node_pool as Record<string, unknown>;
    expect([pool.min_count, pool.max_count]).toEqual([3, 5]);
  });

  test('exposes names, IDs, issuer, kubelet identity and pool names for the other layers', () => {
    let cluster: AksCluster | undefined;
    synthCluster({}, (c) => (cluster = c));
    const c = cluster as AksCluster;
    expect(c.nodePoolNames).toEqual(['system', 'cpu']);
    for (const token of [c.clusterName, c.clusterId, c.oidcIssuerUrl, c.kubeletIdentity.objectId, c.kubeletIdentity.clientId, c.resourceGroupName, c.nodeResourceGroup]) {
      expect(token).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    }
    expect(c.production).toBe(false);
  });

  test('writes no credential anywhere: no kube_config output, no admin config read', () => {
    const { json } = synthCluster({}, (c) => c.createHelmProvider('helm'));
    expect(json).not.toMatch(/kube_admin_config|client_key|client_certificate|password/);
  });
});
