import { aksClusterRules } from '../../lib/terraform/azure/aks-cluster';
import { AksClusterSpec } from '../../lib/terraform/azure/aks-cluster-spec';
import { AksNodePoolSpec } from '../../lib/terraform/azure/aks-types';
import { formatIssue, Issues } from '../../lib/core/validation';
import { baseSpec, synthCluster } from './aks-fixtures';

/** Every problem the rules find, formatted as users see them (`field = value: rule`). */
function problems(spec: AksClusterSpec, production = false): string[] {
  const issues = new Issues();
  aksClusterRules(spec, issues, { production });
  return issues.all.map((i) => formatIssue('', i));
}

const withNetwork = (network: Partial<AksClusterSpec['network']>): AksClusterSpec => ({ ...baseSpec, network: { ...baseSpec.network, ...network } });
const withPool = (pool: Partial<AksNodePoolSpec>): AksClusterSpec => ({ ...baseSpec, userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3, ...pool } as AksNodePoolSpec] });
const PRIVATE_API = { apiServer: { privateCluster: true } };

test('the base spec is valid, in dev and (with a private API server) in production', () => {
  expect(problems(baseSpec)).toEqual([]);
  expect(problems(withNetwork(PRIVATE_API), true)).toEqual([]);
});

describe('cluster rules', () => {
  test.each<[string, AksClusterSpec, string]>([
    ['cluster name charset', { ...baseSpec, name: '-bad-' }, 'name = "-bad-": must be 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit (AKS cluster names)'],
    ['cluster name length', { ...baseSpec, name: 'a'.repeat(64) }, `name = "${'a'.repeat(64)}": must be 1-63`],
    ['dns prefix from a name with "_"', { ...baseSpec, name: 'aks_test' }, 'dnsPrefix = "aks_test": must be 1-54 letters, digits or "-", starting with a letter'],
    ['explicit dns prefix', { ...baseSpec, dnsPrefix: '1aks' }, 'dnsPrefix = "1aks": must be 1-54'],
    ['patch version with a channel', { ...baseSpec, kubernetesVersion: '1.33.2' }, 'kubernetesVersion = "1.33.2": must be major.minor such as 1.33: the patch upgrade channel applies patches'],
    ['version shape without a channel', { ...baseSpec, kubernetesVersion: 'latest', upgrades: { channel: 'none' } }, 'kubernetesVersion = "latest": must be a Kubernetes version such as 1.33 or 1.33.2'],
  ])('%s', (_name, spec, expected) => {
    expect(problems(spec).join('\n')).toContain(expected);
  });

  test('a patch version is fine when the channel is none', () => {
    expect(problems({ ...baseSpec, kubernetesVersion: '1.33.2', upgrades: { channel: 'none' } })).toEqual([]);
  });
});

describe('network rules', () => {
  test.each<[string, Partial<AksClusterSpec['network']>, string]>([
    ['Cilium needs the azure plugin', { networkPlugin: 'kubenet' }, 'network.networkPlugin = "kubenet": the Cilium dataplane requires networkPlugin "azure"'],
    ['Cilium needs overlay', { networkPluginMode: 'none' as never }, 'network.networkPluginMode = "none": the Cilium dataplane requires networkPluginMode "overlay"'],
    ['Cilium needs the cilium policy', { networkPolicy: 'calico' }, 'network.networkPolicy = "calico": with the Cilium dataplane the network policy engine must be "cilium"'],
    ['cilium policy needs the Cilium dataplane', { networkDataPlane: 'azure' }, 'network.networkPolicy = "cilium": networkPolicy "cilium" requires networkDataPlane "cilium"'],
    ['ACNS needs Cilium', { networkDataPlane: 'azure', networkPolicy: 'azure', advancedNetworking: { security: true } }, 'network.advancedNetworking = {"security":true}: Advanced Container Networking Services need the Cilium dataplane'],
    ['malformed pod CIDR', { podCidr: '192.168.0.1/16' }, 'network.podCidr = "192.168.0.1/16": must be an IPv4 CIDR block a.b.c.d/n with no host bits set'],
    ['overlapping ranges', { serviceCidr: '192.168.0.0/20', dnsServiceIp: '192.168.0.10' }, 'network.podCidr = "192.168.0.0/16": overlaps serviceCidr (192.168.0.0/20); pod, service and node ranges must not overlap'],
    ['pod range over the VNet', { podCidr: '10.10.0.0/16' }, 'network.podCidr = "10.10.0.0/16": overlaps vnetCidr (10.10.0.0/16)'],
    ['node subnet outside the VNet', { nodeSubnetCidr: '10.11.0.0/22' }, 'network.nodeSubnetCidr = "10.11.0.0/22": must lie inside vnetCidr (10.10.0.0/16)'],
    ['public pod range', { podCidr: '8.8.0.0/16' }, 'network.podCidr = "8.8.0.0/16": must be a private range (RFC 1918 or RFC 6598)'],
    ['service range too large', { serviceCidr: '172.0.0.0/11', dnsServiceIp: '172.0.0.10' }, 'network.serviceCidr = "172.0.0.0/11": must be smaller than /12 (AKS)'],
    ['DNS IP shape', { dnsServiceIp: 'dns' }, 'network.dnsServiceIp = "dns": must be an IPv4 address'],
    ['DNS IP outside the service range', { dnsServiceIp: '172.17.0.10' }, 'network.dnsServiceIp = "172.17.0.10": must lie inside serviceCidr (172.16.0.0/16)'],
    ['DNS IP on the first service address', { dnsServiceIp: '172.16.0.0' }, 'network.dnsServiceIp = "172.16.0.0": must not be the first address of serviceCidr'],
    ['existing subnet ID shape', { existingSubnetId: 'subnet-1' }, 'network.existingSubnetId = "subnet-1": must be a subnet resource ID'],
    ['existing subnet size without a subnet', { existingSubnetCidr: '10.50.0.0/22' }, 'network.existingSubnetCidr = "10.50.0.0/22": only applies with existingSubnetId'],
    ['authorized range shape', { apiServer: { authorizedIpRanges: ['203.0.113.7'] } }, 'network.apiServer.authorizedIpRanges[0] = "203.0.113.7": must be an IPv4 CIDR block'],
    ['authorized range private', { apiServer: { authorizedIpRanges: ['10.0.0.0/8'] } }, 'network.apiServer.authorizedIpRanges[0] = "10.0.0.0/8": must be a public range'],
    ['ranges on a private cluster', { apiServer: { privateCluster: true, authorizedIpRanges: ['203.0.113.0/24'] } }, 'network.apiServer.authorizedIpRanges = ["203.0.113.0/24"]: authorized IP ranges restrict the public endpoint; a private cluster has none'],
    ['private DNS zone on a public cluster', { apiServer: { privateDnsZoneId: 'System' } }, 'network.apiServer.privateDnsZoneId = "System": only applies when privateCluster is true'],
  ])('%s', (_name, network, expected) => {
    expect(problems(withNetwork(network)).join('\n')).toContain(expected);
  });

  test('production refuses a cluster without its audit log', () => {
    expect(problems({ ...baseSpec, monitoring: { auditLogs: false } }, true)).toContain(
      'monitoring.auditLogs = false: a production cluster sends its API server audit log (kube-audit-admin or kube-audit) and guard to Log Analytics: without it nobody can tell who changed what');
    expect(problems({ ...baseSpec, monitoring: { auditLogs: false } })).toEqual([]);
  });

  test('production refuses an API server open to the internet', () => {
    expect(problems(baseSpec, true)).toContain('network.apiServer.authorizedIpRanges = []: a production cluster needs authorizedIpRanges or privateCluster: true, so the API server is not open to the internet');
    expect(problems(withNetwork({ apiServer: { authorizedIpRanges: ['203.0.113.0/24'] } }), true)).toEqual([]);
  });

  test('an existing subnet overlapping the pod range is caught', () => {
    const subnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aks';
    expect(problems(withNetwork({ existingSubnetId: subnetId, existingSubnetCidr: '192.168.0.0/24' })).join('\n')).toContain('network.podCidr = "192.168.0.0/16": overlaps existingSubnetCidr (192.168.0.0/24)');
  });
});

describe('capacity rules', () => {
  test('the pod CIDR must hold a /24 per node at max scale plus surge', () => {
    // /20 holds 16 node blocks; system 3 + 1 surge, pool 20 + 7 surge = 31 nodes.
    const spec = { ...withNetwork({ podCidr: '192.168.0.0/20' }), userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 20 }] };
    expect(problems(spec)).toContain('network.podCidr = "192.168.0.0/20": holds 16 node /24 blocks but the pools reach 31 nodes at max scale plus upgrade surge; each overlay node takes a /24, so widen it');
  });

  test('the node subnet must hold every node at max scale plus surge, after the five Azure reserves', () => {
    const spec = { ...withNetwork({ nodeSubnetCidr: '10.10.0.0/27' }), userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 20 }] };
    expect(problems(spec)).toContain('network.nodeSubnetCidr = "10.10.0.0/27": has 27 usable addresses (Azure reserves 5) but the pools reach 31 nodes at max scale plus upgrade surge');
  });

  test('fixed-size pools count their nodeCount', () => {
    const spec = { ...withNetwork({ nodeSubnetCidr: '10.10.0.0/28' }), userPools: [{ name: 'aml', vmSize: 'Standard_D4ds_v5', nodeCount: 6 }] };
    expect(problems(spec).join('\n')).toContain('network.nodeSubnetCidr = "10.10.0.0/28": has 11 usable addresses (Azure reserves 5) but the pools reach 12 nodes at max scale plus upgrade surge');
  });
});

describe('system pool rules', () => {
  test.each<[string, NonNullable<AksClusterSpec['systemPool']>, string]>([
    ['name', { name: 'System' }, 'systemPool.name = "System": must be 1-12 lowercase letters or digits'],
    ['vm size', { vmSize: 'D4ds_v5' }, 'systemPool.vmSize = "D4ds_v5": must be an Azure VM size such as Standard_D4ds_v5'],
    ['scale to zero', { minCount: 0 }, 'systemPool.minCount = 0: must be a whole number >= 1: a System pool cannot scale to zero'],
    ['max', { maxCount: 1001 }, 'systemPool.maxCount = 1001: must be a whole number up to 1000'],
    ['min <= max', { minCount: 4, maxCount: 3 }, 'systemPool.minCount = 4: must be <= maxCount (3)'],
    ['no GPU', { vmSize: 'Standard_NC8as_T4_v3' }, 'systemPool.vmSize = "Standard_NC8as_T4_v3": GPU sizes do not belong in the System pool'],
    ['zone shape', { zones: ['4'] }, 'systemPool.zones[0] = "4": must be "1", "2" or "3" (Azure availability zones)'],
    ['zone repeat', { zones: ['1', '1'] }, 'systemPool.zones[1] = "1": zones must not repeat'],
    ['zones empty', { zones: [] }, 'systemPool.zones = []: must list at least one zone'],
    ['max pods', { maxPods: 300 }, 'systemPool.maxPods = 300: must be a whole number from 10 to 250 (AKS overlay)'],
  ])('%s', (_name, systemPool, expected) => {
    expect(problems({ ...baseSpec, systemPool }).join('\n')).toContain(expected);
  });
});

describe('pool set rules', () => {
  const pool = (name: string, extra: Partial<AksNodePoolSpec> = {}): AksNodePoolSpec => ({ name, vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 2, ...extra });

  test('names are unique, the system pool included', () => {
    expect(problems({ ...baseSpec, userPools: [pool('system')] })).toContain('userPools[0].name = "system": node pool names must be unique in a cluster (systemPool.name has it)');
  });

  test('rotation names must not collide with another pool', () => {
    expect(problems({ ...baseSpec, userPools: [pool('cpu'), pool('cputmp')] })).toContain('userPools[0].name = "cpu": its rotation name cputmp is already used by userPools[1].name; rename one pool');
    expect(problems({ ...baseSpec, userPools: [pool('abcdefghij1'), pool('abcdefghij2')] })).toContain('userPools[1].name = "abcdefghij2": its rotation name abcdefghitmp is already used by userPools[0].name; rename one pool');
  });

  test('a retiring pool names an existing successor that stays', () => {
    expect(problems({ ...baseSpec, userPools: [pool('cpu', { retiring: { replacedBy: 'cpu2' } })] })).toContain('userPools[0].retiring.replacedBy = "cpu2": must name another User pool of this cluster, the one that takes over the workloads');
    expect(problems({ ...baseSpec, userPools: [pool('a', { retiring: { replacedBy: 'b' } }), pool('b', { retiring: { replacedBy: 'a' } })] })).toContain('userPools[0].retiring.replacedBy = "b": the replacement pool is itself retiring; point at a pool that stays');
  });
});

describe('node pool rules', () => {
  test.each<[string, Partial<AksNodePoolSpec>, string]>([
    ['name', { name: 'gpu-pool' }, 'userPools[0].name = "gpu-pool": must be 1-12 lowercase letters or digits, starting with a letter (AKS Linux pool names)'],
    ['vm size', { vmSize: 'big' }, 'userPools[0].vmSize = "big": must be an Azure VM size such as Standard_D4ds_v5'],
    ['nodeCount with bounds', { nodeCount: 2 }, 'userPools[0].nodeCount = 2: a fixed nodeCount turns the autoscaler off; give either nodeCount or minCount/maxCount, not both'],
    ['nodeCount range', { nodeCount: -1, minCount: undefined, maxCount: undefined }, 'userPools[0].nodeCount = -1: must be a whole number from 0 to 1000'],
    ['missing bounds', { maxCount: undefined }, 'userPools[0].minCount = 1: an autoscaled pool needs both minCount and maxCount (or give a fixed nodeCount)'],
    ['min >= 0', { minCount: -1 }, 'userPools[0].minCount = -1: must be a whole number >= 0'],
    ['max range', { maxCount: 1001 }, 'userPools[0].maxCount = 1001: must be a whole number from 1 to 1000'],
    ['min <= max', { minCount: 5, maxCount: 3 }, 'userPools[0].minCount = 5: must be <= maxCount (3)'],
    ['Windows', { osType: 'Windows' }, 'userPools[0].osType = "Windows": Windows node pools are not supported with the Cilium dataplane'],
    ['max pods', { maxPods: 5 }, 'userPools[0].maxPods = 5: must be a whole number from 10 to 250 (AKS overlay)'],
    ['zones', { zones: ['a'] }, 'userPools[0].zones[0] = "a": must be "1", "2" or "3"'],
    ['label key', { labels: { 'bad key': 'x' } }, 'userPools[0].labels.bad key = "bad key": label key must be a Kubernetes qualified name'],
    ['label value', { labels: { tier: 'a b' } }, 'userPools[0].labels.tier = "a b": label value must be at most 63 letters'],
    ['reserved label', { labels: { 'kubernetes.azure.com/scalesetpriority': 'spot' } }, 'userPools[0].labels.kubernetes.azure.com/scalesetpriority = "kubernetes.azure.com/scalesetpriority": the prefix kubernetes.azure.com/ is reserved for AKS and Kubernetes'],
    ['taint key', { taints: [{ key: '-x', value: 'y', effect: 'NoSchedule' }] }, 'userPools[0].taints[0].key = "-x": taint key must be a Kubernetes qualified name'],
    ['taint value', { taints: [{ key: 'x', value: 'a b', effect: 'NoSchedule' }] }, 'userPools[0].taints[0].value = "a b": taint value must be at most 63'],
    ['taint effect', { taints: [{ key: 'x', value: 'y', effect: 'NoScheduel' as never }] }, 'userPools[0].taints[0].effect = "NoScheduel": must be NoSchedule, PreferNoSchedule or NoExecute'],
    ['surge shape', { upgrade: { maxSurge: '150%' } }, 'userPools[0].upgrade.maxSurge = "150%": must be a node count such as "1" or a percentage from "1%" to "100%"'],
    ['drain timeout', { upgrade: { drainTimeoutMinutes: 0 } }, 'userPools[0].upgrade.drainTimeoutMinutes = 0: must be a whole number of minutes from 1 to 1440'],
    ['soak', { upgrade: { nodeSoakMinutes: 31 } }, 'userPools[0].upgrade.nodeSoakMinutes = 31: must be a whole number of minutes from 0 to 30'],
    ['spot price', { spot: { maxPrice: 0 } }, 'userPools[0].spot.maxPrice = 0: must be -1 (pay up to the on-demand price) or a positive price in USD with at most 5 decimals'],
    ['spot price decimals', { spot: { maxPrice: 0.123456 } }, 'userPools[0].spot.maxPrice = 0.123456: must be -1'],
    ['AMD GPUs', { vmSize: 'Standard_NV16as_v4' }, 'userPools[0].vmSize = "Standard_NV16as_v4": NVv4 sizes carry AMD GPUs'],
    ['GPU size needs gpu settings', { vmSize: 'Standard_NC8as_T4_v3' }, 'userPools[0].gpu = (unset): vmSize Standard_NC8as_T4_v3 is an N-series GPU size: set gpu'],
    ['gpu settings need a GPU size', { gpu: {} }, 'userPools[0].gpu = {}: gpu settings need an N-series GPU vmSize (Standard_NC*, Standard_ND*, Standard_NV*); Standard_D4ds_v5 has no GPU'],
    ['A100 on Azure Linux', { vmSize: 'Standard_NC24ads_A100_v4', gpu: {}, osSku: 'AzureLinux' }, 'userPools[0].osSku = "AzureLinux": Standard_NC24ads_A100_v4 is not available on Azure Linux; use Ubuntu'],
    ['MIG on T4', { vmSize: 'Standard_NC8as_T4_v3', gpu: { migProfile: 'MIG1g' } }, 'userPools[0].gpu.migProfile = "MIG1g": MIG needs an A100/H100-class size'],
    ['GPU pool without any taint', { vmSize: 'Standard_NC8as_T4_v3', gpu: { taint: false } }, 'userPools[0].gpu.taint = false: a GPU pool without the platform GPU taint needs a NoSchedule taint of its own'],
  ])('%s', (_name, pool, expected) => {
    expect(problems(withPool(pool)).join('\n')).toContain(expected);
  });
});

describe('upgrade and maintenance rules', () => {
  test.each<[string, NonNullable<AksClusterSpec['upgrades']>, string]>([
    ['node-image needs NodeImage', { channel: 'node-image', nodeOsChannel: 'SecurityPatch' }, 'upgrades.nodeOsChannel = "SecurityPatch": must be NodeImage when channel is node-image (AKS)'],
    ['interval', { window: { frequency: 'Weekly', interval: 5 } }, 'upgrades.window.interval = 5: must be a whole number from 1 to 4 for a Weekly window'],
    ['duration', { nodeOsWindow: { durationHours: 2 } }, 'upgrades.nodeOsWindow.durationHours = 2: must be a whole number of hours from 4 to 24 (AKS planned maintenance)'],
    ['start time', { window: { startTime: '25:00' } }, 'upgrades.window.startTime = "25:00": must be HH:mm in 24-hour time'],
    ['utc offset', { window: { utcOffset: '+1' } }, 'upgrades.window.utcOffset = "+1": must be +HH:mm or -HH:mm'],
    ['day of month needed', { window: { frequency: 'AbsoluteMonthly' } }, 'upgrades.window.dayOfMonth = (unset): an AbsoluteMonthly window needs dayOfMonth from 1 to 31'],
    ['day of month refused', { window: { dayOfMonth: 3 } }, 'upgrades.window.dayOfMonth = 3: only an AbsoluteMonthly window takes dayOfMonth'],
    ['week index needed', { window: { frequency: 'RelativeMonthly', dayOfWeek: 'Monday' } }, 'upgrades.window.weekIndex = (unset): a RelativeMonthly window needs weekIndex'],
    ['week index refused', { window: { weekIndex: 'First' } }, 'upgrades.window.weekIndex = "First": only a RelativeMonthly window takes weekIndex'],
    ['day of week refused', { nodeOsWindow: { frequency: 'Daily', dayOfWeek: 'Monday' } }, 'upgrades.nodeOsWindow.dayOfWeek = "Monday": a Daily window takes no dayOfWeek'],
  ])('%s', (_name, upgrades, expected) => {
    expect(problems({ ...baseSpec, upgrades }).join('\n')).toContain(expected);
  });
});

describe('identity, security and monitoring rules', () => {
  test.each<[string, Partial<AksClusterSpec>, string]>([
    ['admin group id', { identity: { adminGroupObjectIds: ['admins'] } }, 'identity.adminGroupObjectIds[0] = "admins": must be an Entra group object ID (a GUID)'],
    ['tenant id', { identity: { tenantId: 'contoso' } }, 'identity.tenantId = "contoso": must be an Entra tenant ID (a GUID)'],
    ['image cleaner interval', { security: { imageCleanerIntervalHours: 12 } }, 'security.imageCleanerIntervalHours = 12: must be a whole number of hours from 24 to 2160 (AKS image cleaner)'],
    ['rotation interval', { security: { secretRotationInterval: 'often' } }, 'security.secretRotationInterval = "often": must be a duration such as 2m or 1h30m'],
    ['retention', { monitoring: { retentionDays: 7 } }, 'monitoring.retentionDays = 7: must be a whole number of days from 30 to 730 (Log Analytics)'],
    ['retention with a given workspace', { monitoring: { retentionDays: 60, logAnalyticsWorkspaceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w' } }, 'monitoring.retentionDays = 60: only applies to the workspace the construct creates'],
    ['workspace id', { monitoring: { logAnalyticsWorkspaceId: 'ws' } }, 'monitoring.logAnalyticsWorkspaceId = "ws": must be a workspace resource ID'],
  ])('%s', (_name, override, expected) => {
    expect(problems({ ...baseSpec, ...override }).join('\n')).toContain(expected);
  });
});

test('all problems are reported in one pass, and the construct throws them with its path', () => {
  const spec = { ...withNetwork({ podCidr: 'x' }), name: '-', userPools: [{ name: 'X', vmSize: 'Standard_D4ds_v5', minCount: 3, maxCount: 1 }] };
  expect(problems(spec).length).toBeGreaterThanOrEqual(4);
  expect(() => synthCluster(spec)).toThrow(/Invalid input in .*aks \(\d+ problems\):[\s\S]*network\.podCidr = "x"[\s\S]*userPools\[0\]\.minCount = 3: must be <= maxCount \(1\)/);
});
