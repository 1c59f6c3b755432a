import '../support/terraform-matchers';
import { Testing } from 'cdktf';
import { AksNodePool } from '../../lib/terraform/azure/aks-node-pool';
import { AKS_RETIRING_TAINT } from '../../lib/terraform/azure/aks-pool-rotation';
import { AKS_SPOT_LABEL, AKS_SPOT_TAINT } from '../../lib/terraform/azure/aks-spot';
import { AksNodePoolSpec } from '../../lib/terraform/azure/aks-types';
import { KubernetesClusterNodePool } from '../../lib/terraform/internal/azurerm';
import { pools, synthCluster } from './aks-fixtures';
import { AKS_GPU_NODE_LABEL, AKS_GPU_TAINT } from '../../lib/contract/node-pools';

const cpu: AksNodePoolSpec = { name: 'cpu', vmSize: 'Standard_D8ds_v5', minCount: 1, maxCount: 6 };

function synthPools(userPools: readonly AksNodePoolSpec[]): Record<string, Record<string, unknown>> {
  return pools(synthCluster({ userPools }).parsed);
}

describe('AksNodePool', () => {
  test('a CPU pool is an autoscaled, zonal User pool on Azure Linux with drain-aware upgrades', () => {
    const { json } = synthCluster({ userPools: [{ ...cpu, labels: { workload: 'serving' }, taints: [{ key: 'team', value: 'ml', effect: 'NoSchedule' }], maxPods: 60 }] });
    expect(json).toHaveResourceWithProperties(KubernetesClusterNodePool, {
      name: 'cpu',
      mode: 'User',
      vm_size: 'Standard_D8ds_v5',
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 6,
      zones: ['1', '2', '3'],
      os_type: 'Linux',
      os_sku: 'AzureLinux',
      max_pods: 60,
      priority: 'Regular',
      node_labels: { workload: 'serving' },
      node_taints: ['team=ml:NoSchedule'],
      temporary_name_for_rotation: 'cputmp',
      upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: 30, node_soak_duration_in_minutes: 0 },
      lifecycle: { ignore_changes: ['node_count'] },
    });
  });

  test('upgrade settings and zones follow the spec', () => {
    const pool = synthPools([{ ...cpu, zones: ['1'], upgrade: { maxSurge: '2', drainTimeoutMinutes: 60, nodeSoakMinutes: 5 } }]).cpu;
    expect(pool.zones).toEqual(['1']);
    expect(pool.upgrade_settings).toEqual({ max_surge: '2', drain_timeout_in_minutes: 60, node_soak_duration_in_minutes: 5 });
  });

  test('a fixed-size pool turns the autoscaler off and lets Terraform own node_count', () => {
    const pool = synthPools([{ name: 'amltrain', vmSize: 'Standard_D8ds_v5', nodeCount: 4 }]).amltrain;
    expect(pool.auto_scaling_enabled).toBe(false);
    expect(pool.node_count).toBe(4);
    expect(pool.min_count).toBeUndefined();
    expect(pool.lifecycle).toBeUndefined();
  });

  test('a spot pool sets priority, eviction and price, and mirrors the AKS spot label and taint', () => {
    const pool = synthPools([{ ...cpu, name: 'spot', minCount: 0, spot: { evictionPolicy: 'Deallocate', maxPrice: 0.25 } }]).spot;
    expect(pool.priority).toBe('Spot');
    expect(pool.eviction_policy).toBe('Deallocate');
    expect(pool.spot_max_price).toBe(0.25);
    expect(pool.node_labels).toEqual({ [AKS_SPOT_LABEL.key]: 'spot' });
    expect(pool.node_taints).toEqual(['kubernetes.azure.com/scalesetpriority=spot:NoSchedule']);
    expect(AKS_SPOT_TAINT.key).toBe(AKS_SPOT_LABEL.key);
    // AKS refuses max_surge on spot pools, and azurerm 4.55's block requires it: no block at all.
    expect(pool.upgrade_settings).toBeUndefined();
    expect(pool.temporary_name_for_rotation).toBe('spottmp');
  });

  test('spot defaults: Delete eviction and the on-demand price cap (-1)', () => {
    const pool = synthPools([{ ...cpu, name: 'spot', spot: {} }]).spot;
    expect([pool.eviction_policy, pool.spot_max_price]).toEqual(['Delete', -1]);
  });

  test('a regular pool sets no spot fields', () => {
    const pool = synthPools([cpu]).cpu;
    expect(pool.eviction_policy).toBeUndefined();
    expect(pool.spot_max_price).toBeUndefined();
  });

  test('a GPU pool installs the driver, carries the GPU taint and label, surges by one and may scale to zero', () => {
    const pool = synthPools([{ name: 'gput4', vmSize: 'Standard_NC8as_T4_v3', minCount: 0, maxCount: 4, gpu: {} }]).gput4;
    expect(pool.gpu_driver).toBe('Install');
    expect(pool.node_taints).toEqual([`${AKS_GPU_TAINT.key}=${AKS_GPU_TAINT.value}:${AKS_GPU_TAINT.effect}`]);
    expect(pool.node_labels).toEqual({ [AKS_GPU_NODE_LABEL.key]: AKS_GPU_NODE_LABEL.value });
    expect(pool.min_count).toBe(0);
    expect((pool.upgrade_settings as Record<string, unknown>).max_surge).toBe('1');
    expect(pool.os_sku).toBe('AzureLinux');
  });

  test('A100 and H100 pools default to Ubuntu, which Azure Linux cannot replace', () => {
    const out = synthPools([
      { name: 'a100', vmSize: 'Standard_NC24ads_A100_v4', minCount: 0, maxCount: 2, gpu: { migProfile: 'MIG1g' } },
      { name: 'h100', vmSize: 'Standard_NC40ads_H100_v5', minCount: 0, maxCount: 2, gpu: { driver: 'None' } },
    ]);
    expect(out.a100.os_sku).toBe('Ubuntu');
    expect(out.a100.gpu_instance).toBe('MIG1g');
    expect(out.h100.os_sku).toBe('Ubuntu');
    expect(out.h100.gpu_driver).toBe('None');
  });

  test('an Azure ML GPU pool can swap the GPU taint for its own and run at a fixed size', () => {
    const amlTaints = [
      { key: 'ml.azure.com/amlarc', value: 'true', effect: 'NoSchedule' as const },
      { key: 'ml.azure.com/amlarc-workload', value: 'true', effect: 'NoSchedule' as const },
    ];
    const pool = synthPools([{ name: 'amlgpu', vmSize: 'Standard_NC8as_T4_v3', nodeCount: 2, labels: { 'ml.platform/azureml': 'true' }, taints: amlTaints, gpu: { taint: false } }]).amlgpu;
    expect(pool.node_taints).toEqual(['ml.azure.com/amlarc=true:NoSchedule', 'ml.azure.com/amlarc-workload=true:NoSchedule']);
    expect(pool.node_labels).toEqual({ 'ml.platform/azureml': 'true', [AKS_GPU_NODE_LABEL.key]: AKS_GPU_NODE_LABEL.value });
    expect(pool.auto_scaling_enabled).toBe(false);
  });

  test('a spot GPU pool carries both taints once each', () => {
    const pool = synthPools([{ name: 'gpuspot', vmSize: 'Standard_NC8as_T4_v3', minCount: 0, maxCount: 2, gpu: {}, spot: {}, taints: [AKS_GPU_TAINT] }]).gpuspot;
    expect(pool.node_taints).toEqual(['nvidia.com/gpu=present:NoSchedule', 'kubernetes.azure.com/scalesetpriority=spot:NoSchedule']);
  });

  test('a retiring pool is tainted against new pods and may scale to zero while it drains', () => {
    const out = synthPools([{ ...cpu, retiring: { replacedBy: 'cpunew' } }, { ...cpu, name: 'cpunew', vmSize: 'Standard_D16ds_v5' }]);
    expect(out.cpu.node_taints).toEqual([`${AKS_RETIRING_TAINT.key}=true:NoSchedule`]);
    expect(out.cpu.min_count).toBe(0);
    expect(out.cpunew.node_taints).toEqual([]);
  });

  test('the construct rejects a bad pool on its own, naming the construct path', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new AksNodePool(scope, 'bad', { name: 'Bad_Name', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 2, clusterId: 'id', subnetId: 'sn' });
      }),
    ).toThrow(/Invalid input in .*bad.*name = "Bad_Name": must be 1-12 lowercase letters or digits/s);
  });

  test('upgrade settings on a spot pool are refused: AKS rejects max_surge there', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new AksNodePool(scope, 'spot', { name: 'spot', vmSize: 'Standard_D4ds_v5', minCount: 0, maxCount: 2, spot: {}, upgrade: { maxSurge: '1' }, clusterId: 'id', subnetId: 'sn' });
      }),
    ).toThrow('upgrade = {"maxSurge":"1"}: spot pools take no upgrade settings: AKS refuses max_surge and max_unavailable on spot pools, and azurerm 4.55 needs one of them in the block (terraform-provider-azurerm #19355)');
  });
});
