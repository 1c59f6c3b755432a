import { formatIssue, Issues } from '../../lib/core/validation';
import { gkeClusterRules } from '../../lib/terraform/gcp/gke-cluster-rules';
import { gkeMaintenanceRules } from '../../lib/terraform/gcp/gke-maintenance-rules';
import { gkeNodePoolRules, podAddressesPerNode } from '../../lib/terraform/gcp/gke-node-pool-rules';
import { GkeClusterProps, GkeMaintenanceSpec, GkeNodePoolSpec } from '../../lib/terraform/gcp/gke-types';
import { gkeProps } from './gke-fixtures';

const GENERAL: GkeNodePoolSpec = { name: 'general', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 6 };


function clusterProblems(overrides: Partial<GkeClusterProps>): string[] {
  const issues = new Issues();
  gkeClusterRules(gkeProps(overrides), issues);
  return issues.all.map((i) => formatIssue('', i));
}

function poolProblems(pool: Partial<GkeNodePoolSpec>, region = 'europe-west4'): string[] {
  const issues = new Issues();
  gkeNodePoolRules({ ...GENERAL, ...pool }, issues, region);
  return issues.all.map((i) => formatIssue('', i));
}

function maintenanceProblems(spec: GkeMaintenanceSpec): string[] {
  const issues = new Issues();
  gkeMaintenanceRules(spec, issues);
  return issues.all.map((i) => formatIssue('', i));
}

describe('a valid cluster', () => {
  test('has no problems', () => {
    expect(clusterProblems({})).toEqual([]);
  });
});

describe('cluster identity and location', () => {
  test('project ID shape', () => {
    expect(clusterProblems({ project: 'ML-proj' })).toContain(
      'project = "ML-proj": must be a Google Cloud project ID: 6-30 lowercase letters, digits or "-", starting with a letter and not ending with "-"');
  });

  test('cluster name shape and length', () => {
    const long = `a${'b'.repeat(40)}`;
    expect(clusterProblems({ name: long })).toContain(
      `name = "${long}": must be 1-40 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit (GKE names)`);
    expect(clusterProblems({ name: 'ml-' })[0]).toMatch(/^name = "ml-": must be 1-40/);
  });

  test('location shape', () => {
    expect(clusterProblems({ location: 'Europe West 4' })).toContain(
      'location = "Europe West 4": must be a Google Cloud region (europe-west4) or zone (europe-west4-a)');
  });

  test('production needs a regional cluster', () => {
    expect(clusterProblems({ production: true, location: 'europe-west4-a', controlPlane: {}, secretsEncryptionKey: 'projects/ml-dev-123/locations/europe-west4/keyRings/r/cryptoKeys/k' })).toEqual([
      'location = "europe-west4-a": production clusters must be regional (a region, not a zone) so the control plane survives a zone outage',
    ]);
  });

  test('production refuses the RAPID channel', () => {
    expect(clusterProblems({ production: true, releaseChannel: 'RAPID', controlPlane: {}, secretsEncryptionKey: 'projects/ml-dev-123/locations/europe-west4/keyRings/r/cryptoKeys/k' })).toEqual([
      'releaseChannel = "RAPID": production clusters must not use RAPID: its versions are not covered by the GKE SLA',
    ]);
  });

  test('node service account ID shape, including the derived one', () => {
    expect(clusterProblems({ nodeServiceAccountId: 'gke' })).toContain(
      'nodeServiceAccountId = "gke": must be a service account ID: 6-30 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit');
    expect(clusterProblems({ name: 'a-very-long-cluster-name-for-ml-serving' })).toEqual([]);
  });

  test('registry projects and project number shapes', () => {
    expect(clusterProblems({ registryProjects: ['Shared_Images'] })[0]).toMatch(/^registryProjects\[0\] = "Shared_Images": must be a Google Cloud project ID/);
    expect(clusterProblems({ projectNumber: 'ml-dev-123' })).toContain('projectNumber = "ml-dev-123": must be the project number (digits only), not the project ID');
  });
});

describe('secrets encryption', () => {
  test('required in production', () => {
    expect(clusterProblems({ production: true, controlPlane: {} })).toEqual([
      'secretsEncryptionKey = (unset): production clusters must encrypt Secrets with a Cloud KMS key (application-layer secrets encryption)',
    ]);
  });

  test('key name shape', () => {
    expect(clusterProblems({ secretsEncryptionKey: 'projects/ml-dev-123/keyRings/r/cryptoKeys/k' })).toEqual([
      'secretsEncryptionKey = "projects/ml-dev-123/keyRings/r/cryptoKeys/k": must be a Cloud KMS key name: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>',
    ]);
  });

  test('key in the cluster region', () => {
    const key = 'projects/ml-dev-123/locations/global/keyRings/r/cryptoKeys/k';
    expect(clusterProblems({ secretsEncryptionKey: key })).toEqual([
      `secretsEncryptionKey = "${key}": the key must be in the cluster's region (europe-west4), not global (GKE application-layer secrets encryption)`,
    ]);
  });
});

describe('network ranges', () => {
  test('created networks need all three ranges', () => {
    expect(clusterProblems({ network: { nodeSubnetCidr: '10.10.0.0/20' } })).toEqual([
      'network.podCidr = (unset): is required when the library creates the network (leave it out only with `existing`)',
      'network.serviceCidr = (unset): is required when the library creates the network (leave it out only with `existing`)',
    ]);
  });

  test('malformed CIDR', () => {
    expect(clusterProblems({ network: { nodeSubnetCidr: '10.10.0.1/20', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20' } })).toContain(
      'network.nodeSubnetCidr = "10.10.0.1/20": must be an IPv4 CIDR block a.b.c.d/n with no host bits set');
  });

  test('ranges must not overlap, including the control-plane /28', () => {
    const problems = clusterProblems({ network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/14', serviceCidr: '10.16.0.0/20', masterIpv4CidrBlock: '10.10.0.0/28' } });
    expect(problems).toContain(
      'network.nodeSubnetCidr = "10.10.0.0/20": overlaps masterIpv4CidrBlock (10.10.0.0/28); node, pod, service and control-plane ranges of a VPC-native cluster must not overlap');
    expect(problems).toContain(
      'network.podCidr = "10.16.0.0/14": overlaps serviceCidr (10.16.0.0/20); node, pod, service and control-plane ranges of a VPC-native cluster must not overlap');
  });

  test('control-plane range must be a private /28', () => {
    const problems = clusterProblems({ network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20', masterIpv4CidrBlock: '172.16.0.0/27' } });
    expect(problems).toEqual(['network.masterIpv4CidrBlock = "172.16.0.0/27": must be a /28 (GKE private cluster control-plane range)']);
    expect(clusterProblems({ network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20', masterIpv4CidrBlock: '8.8.8.0/28' } })).toEqual([
      'network.masterIpv4CidrBlock = "8.8.8.0/28": must be a private range (RFC 1918 or RFC 6598)',
    ]);
  });

  test('pod range per node is twice max pods rounded up to a power of two', () => {
    expect(podAddressesPerNode(110)).toBe(256);
    expect(podAddressesPerNode(64)).toBe(128);
    expect(podAddressesPerNode(32)).toBe(64);
    expect(podAddressesPerNode(8)).toBe(16);
    expect(podAddressesPerNode(256)).toBe(512);
  });

  test('pod range too small for the pools at peak', () => {
    // 20 nodes + 1 surge at 110 pods -> 21 x /24 = 5376 addresses; a /20 holds 4096.
    const problems = clusterProblems({
      network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/20', serviceCidr: '10.20.0.0/20' },
      nodePools: [{ ...GENERAL, maxNodes: 20 }],
    });
    expect(problems).toEqual([
      'network.podCidr = "10.16.0.0/20": holds 4096 pod addresses but the pools need 5376 at peak (each node reserves 2x its max pods, rounded up to a power of two); use a larger range or fewer max pods',
    ]);
    // The same pool fits with 32 max pods (64 addresses per node).
    expect(clusterProblems({
      network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/20', serviceCidr: '10.20.0.0/20' },
      nodePools: [{ ...GENERAL, maxNodes: 20, maxPodsPerNode: 32 }],
    })).toEqual([]);
  });

  test('node subnet too small for the pools at peak, counting blue-green doubling', () => {
    const problems = clusterProblems({
      network: { nodeSubnetCidr: '10.10.0.0/28', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20' },
      nodePools: [{ ...GENERAL, maxNodes: 8, upgrade: { strategy: 'BLUE_GREEN' } }],
    });
    expect(problems).toEqual([
      'network.nodeSubnetCidr = "10.10.0.0/28": holds 12 node addresses but the pools can reach 16 nodes (max nodes plus upgrade surge); use a larger range',
    ]);
  });

  test('existing networks need names; ranges are optional and checked when given', () => {
    expect(clusterProblems({ network: { existing: { network: 'vpc', subnetwork: '', podRangeName: 'pods', serviceRangeName: 'svc' } } })).toEqual([
      'network.existing.subnetwork = "": must not be empty',
    ]);
  });
});

describe('control plane access', () => {
  test('a public endpoint needs authorized networks', () => {
    expect(clusterProblems({ controlPlane: {} })).toEqual([
      'controlPlane.authorizedNetworks = []: a public control-plane endpoint needs at least one authorized network; or set privateEndpoint: true (with dnsEndpoint for access from outside the VPC)',
    ]);
    expect(clusterProblems({ controlPlane: { privateEndpoint: true } })).toEqual([]);
  });

  test('a production DNS endpoint open to outside traffic needs the VPC Service Controls perimeter that guards it', () => {
    const prod = { production: true, secretsEncryptionKey: 'projects/ml-dev-123/locations/europe-west4/keyRings/gke/cryptoKeys/secrets' };
    expect(clusterProblems({ ...prod, controlPlane: { dnsEndpoint: true } })).toEqual([
      'controlPlane.dnsEndpointPerimeter = (unset): a production DNS endpoint open to traffic from outside the VPC answers any network that reaches Google APIs, with IAM as its only guard: '
      + 'name the VPC Service Controls perimeter that restricts container.googleapis.com and kubernetesmetadata.googleapis.com, or set dnsEndpoint: false and run Terraform inside the VPC',
    ]);
    expect(clusterProblems({ ...prod, controlPlane: { dnsEndpoint: true, dnsEndpointPerimeter: 'accessPolicies/1/servicePerimeters/p1' } })).toEqual([]);
    expect(clusterProblems({ ...prod, controlPlane: {} })).toEqual([]);
    expect(clusterProblems({ controlPlane: { privateEndpoint: true, dnsEndpoint: true } })).toEqual([]);
  });

  test('a perimeter must be well formed and guard a DNS endpoint', () => {
    expect(clusterProblems({ controlPlane: { privateEndpoint: true, dnsEndpointPerimeter: 'perimeters/p1' } })).toEqual([
      'controlPlane.dnsEndpointPerimeter = "perimeters/p1": must be a service perimeter name: accessPolicies/<policy number>/servicePerimeters/<name>',
      'controlPlane.dnsEndpointPerimeter = "perimeters/p1": only guards the DNS endpoint: set dnsEndpoint: true, or leave the perimeter out',
    ]);
  });

  test('0.0.0.0/0 is refused', () => {
    expect(clusterProblems({ controlPlane: { authorizedNetworks: [{ cidrBlock: '0.0.0.0/0', displayName: 'all' }] } })).toEqual([
      'controlPlane.authorizedNetworks[0].cidrBlock = "0.0.0.0/0": would open the control plane to the whole internet; list the networks that need it',
    ]);
  });

  test('at most 50 authorized networks', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ cidrBlock: `198.51.${i}.0/24`, displayName: `site-${i}` }));
    expect(clusterProblems({ controlPlane: { authorizedNetworks: many } })).toEqual([
      'controlPlane.authorizedNetworks = "51 networks": GKE accepts at most 50 authorized networks; merge adjacent ranges',
    ]);
  });

  test('authorized networks are named', () => {
    expect(clusterProblems({ controlPlane: { authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: '' }] } })).toEqual([
      'controlPlane.authorizedNetworks[0].displayName = "": must not be empty; say whose network it is',
    ]);
  });
});

describe('node pools in a cluster', () => {
  test('names are unique', () => {
    expect(clusterProblems({ nodePools: [GENERAL, { ...GENERAL }] })).toContain(
      'nodePools[1].name = "general": node pool names must be unique in a cluster');
  });

  test('at least one pool takes ordinary pods', () => {
    const gpu: GkeNodePoolSpec = { name: 'gpu', machineType: 'g2-standard-8', minNodes: 0, maxNodes: 2, gpu: { acceleratorType: 'nvidia-l4', count: 1 } };
    const spot: GkeNodePoolSpec = { name: 'spot', machineType: 'e2-standard-4', minNodes: 0, maxNodes: 2, spot: true, spotTaint: false };
    expect(clusterProblems({ nodePools: [gpu, spot] })).toEqual([
      'nodePools = ["gpu","spot"]: needs at least one on-demand pool without NoSchedule/NoExecute taints, for kube-system and the mesh control plane (the default pool is removed)',
    ]);
  });

  test('pool problems are reported under their index', () => {
    expect(clusterProblems({ nodePools: [GENERAL, { ...GENERAL, name: 'batch', nodeLocations: ['us-central1-a'] }] })).toEqual([
      'nodePools[1].nodeLocations[0] = "us-central1-a": must be a zone of region europe-west4',
    ]);
  });
});

describe('node pool rules', () => {
  test('pool name shape', () => {
    expect(poolProblems({ name: 'GPU_pool' })).toEqual([
      'name = "GPU_pool": must be 1-40 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit (GKE names)',
    ]);
  });

  test('machine type shape', () => {
    expect(poolProblems({ machineType: 'big' })).toEqual(['machineType = "big": must be a Compute Engine machine type such as e2-standard-4 or g2-standard-8']);
  });

  test('min <= max, whole numbers', () => {
    expect(poolProblems({ minNodes: 4, maxNodes: 2 })).toEqual(['minNodes = 4: must be <= maxNodes (2)']);
    expect(poolProblems({ minNodes: -1 })).toEqual(['minNodes = -1: must be a whole number >= 0']);
    expect(poolProblems({ maxNodes: 0, minNodes: 0 })).toEqual(['maxNodes = 0: must be a whole number >= 1']);
  });

  test('zone shape, region and repeats', () => {
    expect(poolProblems({ nodeLocations: ['europe-west4'] })).toEqual([
      'nodeLocations[0] = "europe-west4": must be a Google Cloud zone such as europe-west4-a (a region plus "-<letter>")',
    ]);
    expect(poolProblems({ nodeLocations: ['europe-west4-a', 'europe-west4-a'] })).toEqual(['nodeLocations[1] = "europe-west4-a": zones must not repeat']);
    expect(poolProblems({ nodeLocations: [] })).toEqual(['nodeLocations = []: must list at least one zone, or be left out to use the cluster\'s zones']);
  });

  test('max pods per node bounds', () => {
    expect(poolProblems({ maxPodsPerNode: 300 })).toEqual(['maxPodsPerNode = 300: must be a whole number from 8 to 256 (GKE Standard)']);
  });

  test('boot disk minimum', () => {
    expect(poolProblems({ diskSizeGb: 5 })).toEqual(['diskSizeGb = 5: must be a whole number of at least 10 (GKE boot disk minimum)']);
  });

  test('a GPU count above zero needs an accelerator type, and a type needs a count', () => {
    expect(poolProblems({ gpu: { acceleratorType: '', count: 1 } })).toEqual(['gpu.acceleratorType = "": is required when GPUs are attached (e.g. nvidia-l4)']);
    expect(poolProblems({ gpu: { acceleratorType: 'nvidia-l4', count: 0 } })).toEqual([
      'gpu.count = 0: must be a whole number >= 1; leave `gpu` out for a pool without GPUs',
    ]);
  });

  test('accelerator type shape', () => {
    expect(poolProblems({ gpu: { acceleratorType: 'tesla-t4', count: 1 } })).toEqual([
      'gpu.acceleratorType = "tesla-t4": must be a GKE accelerator type such as nvidia-l4, nvidia-tesla-t4 or nvidia-h100-80gb',
    ]);
  });

  test('GPU taint only on GPU pools, and only with the value GKE uses', () => {
    expect(poolProblems({ taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] })).toEqual([
      'taints[0].key = "nvidia.com/gpu": the GPU taint belongs on GPU pools only; set `gpu` or remove the taint',
    ]);
    expect(poolProblems({ gpu: { acceleratorType: 'nvidia-l4', count: 1 }, taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] })).toEqual([
      'taints[0] = "nvidia.com/gpu=true:NoSchedule": conflicts with the taint GKE puts on GPU nodes (nvidia.com/gpu=present:NoSchedule); the pool would drift',
    ]);
  });

  test('spot settings are consistent', () => {
    expect(poolProblems({ labels: { 'cloud.google.com/gke-spot': 'true' }, spot: true })).toEqual([
      'labels.cloud.google.com/gke-spot = "true": is set by GKE on Spot VM nodes only; use `spot: true` instead of setting it by hand',
    ]);
    expect(poolProblems({ taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }] })).toEqual([
      'taints[0].key = "cloud.google.com/gke-spot": the spot taint belongs on spot pools only; set `spot: true` or remove the taint',
    ]);
  });

  test('label and taint shapes', () => {
    expect(poolProblems({ labels: { 'bad key!': 'x' } })).toEqual([
      'labels.bad key! = "bad key!": must be a Kubernetes label key: optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "."',
    ]);
    expect(poolProblems({ taints: [{ key: 'team', value: '-x', effect: 'NoSchedule' }] })).toEqual([
      'taints[0].value = "-x": must be a Kubernetes taint value (same shape as a label value)',
    ]);
  });

  test('surge settings must let the upgrade progress', () => {
    expect(poolProblems({ upgrade: { strategy: 'SURGE', maxSurge: 0, maxUnavailable: 0 } })).toEqual([
      'upgrade.maxSurge = 0: maxSurge + maxUnavailable must be at least 1, or the upgrade cannot progress (GKE surge upgrades)',
    ]);
  });

  test('blue-green batch share and durations', () => {
    expect(poolProblems({ upgrade: { strategy: 'BLUE_GREEN', batchPercentage: 1.5, nodePoolSoakDuration: '1h' } })).toEqual([
      'upgrade.batchPercentage = 1.5: must be in (0, 1], the share of nodes drained per batch',
      'upgrade.nodePoolSoakDuration = "1h": must be a duration in whole seconds such as "300s"',
    ]);
  });
});

describe('maintenance rules', () => {
  test('RFC 3339 times and recurrence shape', () => {
    expect(maintenanceProblems({ window: { startTime: '2025-01-04 02:00', endTime: '2025-01-04T08:00:00Z', recurrence: 'WEEKLY' } })).toEqual([
      'window.startTime = "2025-01-04 02:00": must be an RFC 3339 timestamp such as 2025-01-04T02:00:00Z',
      'window.recurrence = "WEEKLY": must be an RFC 5545 rule of the form FREQ=DAILY or FREQ=WEEKLY;BYDAY=SA,SU',
    ]);
  });

  test('end after start, at least 4 contiguous hours', () => {
    expect(maintenanceProblems({ window: { startTime: '2025-01-04T02:00:00Z', endTime: '2025-01-04T01:00:00Z', recurrence: 'FREQ=DAILY' } })).toEqual([
      'window.endTime = "2025-01-04T01:00:00Z": must be after startTime (2025-01-04T02:00:00Z)',
    ]);
    expect(maintenanceProblems({ window: { startTime: '2025-01-04T02:00:00Z', endTime: '2025-01-04T04:00:00Z', recurrence: 'FREQ=DAILY' } })).toEqual([
      'window.endTime = "2025-01-04T04:00:00Z": the window must last at least 4 contiguous hours (GKE); it lasts 2',
    ]);
  });

  test('at least 48 hours of maintenance in any 32 days', () => {
    expect(maintenanceProblems({ window: { startTime: '2025-01-04T02:00:00Z', endTime: '2025-01-04T10:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA' } })).toEqual([
      'window.recurrence = "FREQ=WEEKLY;BYDAY=SA": gives 32 h of maintenance in some 32-day periods; GKE requires at least 48 h',
    ]);
    expect(maintenanceProblems({ window: { startTime: '2025-01-04T02:00:00Z', endTime: '2025-01-04T08:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' } })).toEqual([]);
  });

  test('exclusions: times, order, unique names, NO_UPGRADES at most 30 days', () => {
    expect(maintenanceProblems({ exclusions: [
      { name: 'black-friday', startTime: '2025-11-20T00:00:00Z', endTime: '2025-12-31T00:00:00Z' },
      { name: 'black-friday', startTime: '2025-12-20T00:00:00Z', endTime: '2025-12-19T00:00:00Z', scope: 'NO_MINOR_UPGRADES' },
      { name: 'quarter-end', startTime: '2025-09-20T00:00:00Z', endTime: '2025-12-31T00:00:00Z', scope: 'NO_MINOR_OR_NODE_UPGRADES' },
    ] })).toEqual([
      'exclusions[0].endTime = "2025-12-31T00:00:00Z": a NO_UPGRADES exclusion may last at most 30 days (GKE); use NO_MINOR_UPGRADES or NO_MINOR_OR_NODE_UPGRADES for longer freezes',
      'exclusions[1].name = "black-friday": exclusion names must be unique',
      'exclusions[1].endTime = "2025-12-19T00:00:00Z": must be after startTime (2025-12-20T00:00:00Z)',
    ]);
  });
});
