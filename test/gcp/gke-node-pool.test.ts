import '../support/terraform-matchers';
import { Testing } from 'cdktf';
import { PlatformValidationError } from '../../lib/core/validation';
import { GkeNodePool, GkeNodePoolProps } from '../../lib/terraform/gcp/gke-node-pool';
import { ContainerNodePool } from '../../lib/terraform/internal/google';
import { GKE_GPU_TAINT } from '../../lib/contract/node-pools';

const CLUSTER_ID = 'projects/ml-dev-123/locations/europe-west4/clusters/ml-dev';
const NODE_SA = 'ml-dev-nodes@ml-dev-123.iam.gserviceaccount.com';

function poolProps(overrides: Partial<GkeNodePoolProps> = {}): GkeNodePoolProps {
  return {
    name: 'general',
    machineType: 'e2-standard-4',
    minNodes: 3,
    maxNodes: 9,
    project: 'ml-dev-123',
    clusterId: CLUSTER_ID,
    location: 'europe-west4',
    region: 'europe-west4',
    serviceAccountEmail: NODE_SA,
    ...overrides,
  };
}

function synthPool(overrides: Partial<GkeNodePoolProps> = {}): { json: string; pool: any } {
  const json = Testing.synthScope((scope) => {
    new GkeNodePool(scope, 'pool', poolProps(overrides));
  });
  const pools = Object.values(JSON.parse(json).resource.google_container_node_pool);
  expect(pools).toHaveLength(1);
  return { json, pool: pools[0] };
}

describe('GkeNodePool', () => {
  const { json, pool } = synthPool({ labels: { workload: 'serving' }, taints: [{ key: 'team', value: 'ml', effect: 'PreferNoSchedule' }] });

  test('autoscales on totals across zones, with the initial size split per zone and then ignored', () => {
    expect(pool.autoscaling).toEqual({ total_min_node_count: 3, total_max_node_count: 9, location_policy: 'BALANCED' });
    expect(pool.initial_node_count).toBe(1);
    expect(pool.lifecycle).toEqual({ ignore_changes: ['initial_node_count'], prevent_destroy: false });
    expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
    expect(pool.max_pods_per_node).toBe(110);
  });

  test('every pool: GKE_METADATA, Secure Boot and integrity monitoring, the dedicated service account', () => {
    expect(json).toHaveResourceWithProperties(ContainerNodePool, {
      cluster: CLUSTER_ID,
      node_config: expect.objectContaining({
        workload_metadata_config: { mode: 'GKE_METADATA' },
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        service_account: NODE_SA,
      }),
    });
  });

  test('ForceNew node_config fields are literals, so plans never recompute them', () => {
    expect(pool.node_config.oauth_scopes).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
    expect(pool.node_config.metadata).toEqual({ 'disable-legacy-endpoints': 'true' });
    expect(pool.node_config.spot).toBe(false);
    expect(pool.node_config.image_type).toBe('COS_CONTAINERD');
    expect(pool.node_config.kubelet_config).toEqual({ insecure_kubelet_readonly_port_enabled: 'FALSE' });
  });

  test('labels and taints, taint effects in the API spelling', () => {
    expect(pool.node_config.labels).toEqual({ workload: 'serving' });
    expect(pool.node_config.taint).toEqual([{ key: 'team', value: 'ml', effect: 'PREFER_NO_SCHEDULE' }]);
    expect(pool.node_config.guest_accelerator).toBeUndefined();
  });

  test('surge upgrade by default: one extra node, none unavailable', () => {
    expect(pool.upgrade_settings).toEqual({ strategy: 'SURGE', max_surge: 1, max_unavailable: 0 });
  });

  test('node locations pass through and set the per-zone initial size', () => {
    const { pool: zoned } = synthPool({ nodeLocations: ['europe-west4-a', 'europe-west4-b'], minNodes: 3 });
    expect(zoned.node_locations).toEqual(['europe-west4-a', 'europe-west4-b']);
    expect(zoned.initial_node_count).toBe(2);
  });
});

describe('GkeNodePool for GPUs', () => {
  const { pool } = synthPool({ name: 'gpu-l4', machineType: 'g2-standard-8', minNodes: 0, maxNodes: 4, gpu: { acceleratorType: 'nvidia-l4', count: 1 } });

  test('guest accelerator with GKE-managed driver, scaling from zero', () => {
    expect(pool.node_config.guest_accelerator).toEqual([
      { type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'DEFAULT' } },
    ]);
    expect(pool.initial_node_count).toBe(0);
    expect(pool.autoscaling.total_min_node_count).toBe(0);
  });

  test('carries the taint GKE puts on GPU nodes, so non-GPU pods stay off and plans do not drift', () => {
    expect(GKE_GPU_TAINT).toEqual({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    expect(pool.node_config.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
  });

  test('a GPU taint given by hand with the same value is not duplicated', () => {
    const { pool: explicit } = synthPool({ gpu: { acceleratorType: 'nvidia-l4', count: 1 }, machineType: 'g2-standard-8', taints: [GKE_GPU_TAINT] });
    expect(explicit.node_config.taint).toHaveLength(1);
  });
});

describe('GkeNodePool on spot VMs', () => {
  test('spot, opt-in taint, and location policy ANY', () => {
    const { pool } = synthPool({ name: 'spot', spot: true, minNodes: 0 });
    expect(pool.node_config.spot).toBe(true);
    expect(pool.node_config.taint).toEqual([{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NO_SCHEDULE' }]);
    expect(pool.autoscaling.location_policy).toBe('ANY');
  });

  test('the spot taint can be left off', () => {
    const { pool } = synthPool({ name: 'spot', spot: true, spotTaint: false, minNodes: 0 });
    expect(pool.node_config.taint).toEqual([]);
  });
});

describe('GkeNodePool upgrades', () => {
  test('blue-green with batches and a soak for rollback', () => {
    const { pool } = synthPool({ upgrade: { strategy: 'BLUE_GREEN', batchPercentage: 0.5, batchSoakDuration: '600s' } });
    expect(pool.upgrade_settings).toEqual({
      strategy: 'BLUE_GREEN',
      blue_green_settings: {
        node_pool_soak_duration: '3600s',
        standard_rollout_policy: { batch_percentage: 0.5, batch_soak_duration: '600s' },
      },
    });
  });

  test('prevent_destroy when asked (production clusters ask)', () => {
    expect(synthPool({ preventDestroy: true }).pool.lifecycle.prevent_destroy).toBe(true);
  });

  test('depends on the resources it is given', () => {
    const json = Testing.synthScope((scope) => {
      const other = new GkeNodePool(scope, 'first', poolProps({ name: 'first' }));
      new GkeNodePool(scope, 'second', poolProps({ name: 'second', dependsOn: [other.pool] }));
    });
    const pools = JSON.parse(json).resource.google_container_node_pool;
    const second = Object.values(pools).find((p: any) => p.name === 'second') as any;
    expect(second.depends_on).toEqual([expect.stringMatching(/^google_container_node_pool\.first_pool_/)]);
  });
});

describe('GkeNodePool validation', () => {
  test('throws naming the construct path and the rule', () => {
    const attempt = () => Testing.synthScope((scope) => {
      new GkeNodePool(scope, 'pool', poolProps({ minNodes: 5, maxNodes: 2 }));
    });
    expect(attempt).toThrow(PlatformValidationError);
    expect(attempt).toThrow('minNodes = 5: must be <= maxNodes (2)');
  });
});
