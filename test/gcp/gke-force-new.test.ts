import { Testing } from 'cdktf';
import { checkReplacements, fingerprintStack } from '../../lib/core/replacement-guard';
import { GkeCluster } from '../../lib/terraform/gcp/gke-cluster';
import { GKE_FORCE_NEW_RULES } from '../../lib/terraform/gcp/gke-force-new';
import { GkeClusterProps } from '../../lib/terraform/gcp/gke-types';

/** Listed for clusters that set it; the constructs never do today. */
const NOT_SET_BY_CONSTRUCTS = new Set(['google_container_cluster:private_cluster_config.private_endpoint_subnetwork']);

const BASE: GkeClusterProps = {
  name: 'ml-prod',
  project: 'ml-prod-123',
  location: 'europe-west4',
  network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20' },
  controlPlane: { authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }] },
  nodePools: [
    { name: 'general', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 },
    { name: 'gpu', machineType: 'g2-standard-8', minNodes: 0, maxNodes: 2, spot: true, gpu: { acceleratorType: 'nvidia-l4', count: 1 } },
  ],
};

function synth(props: GkeClusterProps): any {
  return JSON.parse(Testing.synthScope((scope) => {
    new GkeCluster(scope, 'gke', props);
  }));
}

function valueAt(resource: any, path: string): unknown {
  return path.split('.').reduce((node: any, key) => (node === undefined ? undefined : node[key]), resource);
}

const paths = (type: string): string[] =>
  (GKE_FORCE_NEW_RULES.find((r) => r.resourceType === type)?.attributes ?? []).map((a) => (typeof a === 'string' ? a : a.path));

describe('GKE ForceNew rules', () => {
  const parsed = synth(BASE);

  test('name the replacement-prone attributes the issue calls out', () => {
    expect(paths('google_container_cluster')).toEqual(expect.arrayContaining([
      'datapath_provider', 'ip_allocation_policy', 'private_cluster_config.enable_private_nodes', 'private_cluster_config.master_ipv4_cidr_block',
    ]));
    expect(paths('google_container_node_pool')).toEqual(expect.arrayContaining([
      'node_config.guest_accelerator', 'node_config.service_account', 'node_config.spot', 'node_config.shielded_instance_config',
    ]));
  });

  test('every listed path exists in what the constructs synthesize, so the guard sees its changes', () => {
    const missing: string[] = [];
    for (const { resourceType } of GKE_FORCE_NEW_RULES) {
      const resources = Object.values(parsed.resource[resourceType] ?? {});
      expect(resources.length).toBeGreaterThan(0);
      for (const path of paths(resourceType)) {
        if (NOT_SET_BY_CONSTRUCTS.has(`${resourceType}:${path}`)) continue;
        if (!resources.some((r) => valueAt(r, path) !== undefined)) missing.push(`${resourceType}.${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('with the replacement guard: a new GPU type is caught, a bigger autoscaling range is not', () => {
    const baseline = { 'prod-gcp': fingerprintStack(parsed, GKE_FORCE_NEW_RULES) };
    const withPools = (gpuType: string, maxNodes: number): GkeClusterProps => ({
      ...BASE,
      nodePools: [BASE.nodePools[0], { ...BASE.nodePools[1], maxNodes, gpu: { acceleratorType: gpuType, count: 1 } }],
    });
    const grown = { 'prod-gcp': fingerprintStack(synth(withPools('nvidia-l4', 8)), GKE_FORCE_NEW_RULES) };
    expect(checkReplacements(baseline, grown, GKE_FORCE_NEW_RULES).ok).toBe(true);

    const changed = { 'prod-gcp': fingerprintStack(synth(withPools('nvidia-tesla-t4', 2)), GKE_FORCE_NEW_RULES) };
    const report = checkReplacements(baseline, changed, GKE_FORCE_NEW_RULES);
    expect(report.violations.map((v) => v.attribute)).toEqual(['node_config.guest_accelerator']);
    expect(report.violations[0].resource).toMatch(/^google_container_node_pool\.gke_pool-gpu_/);
  });
});
