import { Testing } from 'cdktf';
import { AzureManagedPrometheus, AzureManagedPrometheusProps } from '../../lib/terraform/observability/azure-managed-prometheus';

const props: AzureManagedPrometheusProps = { name: 'aks-prod', location: 'westeurope', resourceGroupName: 'rg', clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod' };

describe('AzureManagedPrometheus', () => {
  const synth = JSON.parse(Testing.synthScope((scope) => { new AzureManagedPrometheus(scope, 'prom', props); }));
  const one = (type: string) => Object.values(synth.resource[type])[0] as any;

  test('creates the workspace, endpoint, rule and the rule association with the cluster', () => {
    expect(Object.keys(synth.resource).sort()).toEqual([
      'azurerm_monitor_data_collection_endpoint', 'azurerm_monitor_data_collection_rule', 'azurerm_monitor_data_collection_rule_association', 'azurerm_monitor_workspace',
    ]);
    expect(one('azurerm_monitor_data_collection_rule_association')).toMatchObject({ target_resource_id: props.clusterId });
    expect(one('azurerm_monitor_data_collection_rule_association').data_collection_rule_id).toMatch(/azurerm_monitor_data_collection_rule\.\w+\.id/);
  });

  test('the rule forwards the Prometheus stream from the forwarder to the workspace', () => {
    const rule = one('azurerm_monitor_data_collection_rule');
    expect(rule.kind).toBe('Linux');
    expect(rule.data_sources.prometheus_forwarder).toEqual([{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'] }]);
    expect(rule.data_flow).toEqual([{ destinations: ['MonitoringAccount1'], streams: ['Microsoft-PrometheusMetrics'] }]);
    expect(rule.destinations.monitor_account[0].monitor_account_id).toMatch(/azurerm_monitor_workspace\.\w+\.id/);
    expect(rule.data_collection_endpoint_id).toMatch(/azurerm_monitor_data_collection_endpoint\.\w+\.id/);
  });

  test('an existing workspace is used as is', () => {
    const existing = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Monitor/accounts/shared';
    const out = JSON.parse(Testing.synthScope((scope) => { new AzureManagedPrometheus(scope, 'prom', { ...props, existingWorkspaceId: existing }); }));
    expect(out.resource.azurerm_monitor_workspace).toBeUndefined();
    expect((Object.values(out.resource.azurerm_monitor_data_collection_rule)[0] as any).destinations.monitor_account[0].monitor_account_id).toBe(existing);
  });

  test('bad names and workspace IDs are refused', () => {
    expect(() => Testing.synthScope((scope) => { new AzureManagedPrometheus(scope, 'p', { ...props, name: 'a_b' }); })).toThrow('name = "a_b": must be 3-39 letters, digits or "-"');
    expect(() => Testing.synthScope((scope) => { new AzureManagedPrometheus(scope, 'p', { ...props, existingWorkspaceId: '/x/y' }); }))
      .toThrow('existingWorkspaceId = "/x/y": must be an Azure Monitor workspace resource ID');
  });
});
