import { checkCidr, checkDisjoint, cidrContainsIp, cidrSize, Ipv4Cidr, isPrivateCidr, parseCidr, parseIpv4 } from '../../core/cidr';
import { Issues } from '../../core/validation';
import { AksClusterSpec, AksRuleContext } from './aks-cluster-spec';
import { aksUpgradesRules } from './aks-maintenance';
import { AKS_POOL_NAME, aksNodePoolRules, checkZones } from './aks-node-pool-rules';
import { DEFAULT_CPU_SURGE, resolveAksPool, surgeNodes } from './aks-pool-defaults';
import { temporaryPoolName } from './aks-pool-rotation';
import { systemPoolDefaults } from './aks-system-pool';
import { AksNetworkSpec } from './aks-types';
import { isUnresolved } from '../../core/unresolved';
import { AKS_KUBERNETES_MINORS, kubernetesMinor } from '../../contract/known/aks-kubernetes-versions';

// AKS rules for Azure CNI powered by Cilium, from Microsoft's "Configure Azure CNI Powered by Cilium"
// and "Azure CNI Overlay" pages (MicrosoftDocs/azure-aks-docs, articles/aks/azure-cni-powered-by-cilium.md).

// Microsoft.ContainerService/managedClusters naming rule: 1-63 alphanumerics, "_" or "-", alphanumeric at both ends.
const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
// dnsPrefix: 1-54 alphanumerics or "-", starting with a letter and ending with an alphanumeric (AKS API).
const DNS_PREFIX = /^[A-Za-z]([A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const K8S_MINOR = /^1\.\d{2}$/;
const K8S_PATCH = /^1\.\d{2}\.\d+$/;
const SECRET_ROTATION_INTERVAL = /^(\d+h)?(\d+m)?(\d+s)?$/;
// Azure reserves five addresses in every subnet (learn.microsoft.com/azure/virtual-network/virtual-networks-faq).
const AZURE_RESERVED_SUBNET_IPS = 5;
// Overlay gives every node a /24 of the pod CIDR (concepts-network-azure-cni-overlay.md).
const OVERLAY_NODE_PREFIX = 24;

/** Checks every AKS cluster input, all problems in one pass. */
export function aksClusterRules(spec: AksClusterSpec, issues: Issues, context: AksRuleContext = {}): void {
  const production = context.production ?? false;
  if (!isUnresolved(spec.name)) {
    issues.check(CLUSTER_NAME.test(spec.name), 'name', spec.name, 'must be 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit (AKS cluster names)');
    const dnsPrefix = spec.dnsPrefix ?? spec.name;
    issues.check(DNS_PREFIX.test(dnsPrefix), 'dnsPrefix', dnsPrefix, 'must be 1-54 letters, digits or "-", starting with a letter and ending with a letter or digit (defaults to the cluster name)');
  }
  kubernetesVersionRules(spec, issues);
  aksNetworkRules(spec.network, issues.at('network'), context);
  const dataPlane = spec.network.networkDataPlane ?? 'cilium';
  systemPoolRules(spec, issues.at('systemPool'), production);
  (spec.userPools ?? []).forEach((pool, i) => aksNodePoolRules(pool, issues.at('userPools').at(i), dataPlane));
  poolSetRules(spec, issues);
  capacityRules(spec, issues, production);
  if (spec.upgrades) aksUpgradesRules(spec.upgrades, issues.at('upgrades'));
  identityRules(spec, issues.at('identity'));
  securityRules(spec, issues.at('security'));
  monitoringRules(spec, issues.at('monitoring'), production);
}

function kubernetesVersionRules(spec: AksClusterSpec, issues: Issues): void {
  const version = spec.kubernetesVersion;
  if (version === undefined) return;
  const channel = spec.upgrades?.channel ?? 'patch';
  const shaped = channel === 'none'
    ? issues.check(K8S_MINOR.test(version) || K8S_PATCH.test(version), 'kubernetesVersion', version, 'must be a Kubernetes version such as 1.33 or 1.33.2')
    : issues.check(K8S_MINOR.test(version), 'kubernetesVersion', version, `must be major.minor such as 1.33: the ${channel} upgrade channel applies patches, and a pinned patch would fight it on every plan`);
  if (shaped) {
    issues.check(AKS_KUBERNETES_MINORS.includes(kubernetesMinor(version)), 'kubernetesVersion', version,
      `must be a Kubernetes minor version AKS offers (${AKS_KUBERNETES_MINORS.join(', ')}; list and source in lib/contract/known/aks-kubernetes-versions.ts)`);
  }
}

/** Checks the network profile against the Azure API's rules for the Cilium dataplane. */
export function aksNetworkRules(network: AksNetworkSpec, issues: Issues, context: AksRuleContext = {}): void {
  const plugin = network.networkPlugin ?? 'azure';
  const mode = network.networkPluginMode ?? 'overlay';
  const dataPlane = network.networkDataPlane ?? 'cilium';
  const policy = network.networkPolicy ?? 'cilium';

  if (dataPlane === 'cilium') {
    issues.check(plugin === 'azure', 'networkPlugin', plugin, 'the Cilium dataplane requires networkPlugin "azure"');
    issues.check(mode === 'overlay', 'networkPluginMode', mode, 'the Cilium dataplane requires networkPluginMode "overlay" (or a pod subnet)');
    issues.check(policy === 'cilium', 'networkPolicy', policy, 'with the Cilium dataplane the network policy engine must be "cilium"');
  } else {
    issues.check(policy !== 'cilium', 'networkPolicy', policy, 'networkPolicy "cilium" requires networkDataPlane "cilium"');
  }
  if (network.advancedNetworking) {
    // azurerm 4.55 CustomizeDiff: advanced_networking needs network_data_plane cilium and network_plugin azure.
    issues.check(dataPlane === 'cilium' && plugin === 'azure', 'advancedNetworking', network.advancedNetworking, 'Advanced Container Networking Services need the Cilium dataplane and networkPlugin "azure"');
  }

  const existing = network.existingSubnetId !== undefined;
  const pod = checkCidr(issues, 'podCidr', network.podCidr);
  const service = checkCidr(issues, 'serviceCidr', network.serviceCidr);
  const vnet = existing ? undefined : checkCidr(issues, 'vnetCidr', network.vnetCidr ?? '10.240.0.0/16');
  const nodeSubnet = existing ? checkCidr(issues, 'existingSubnetCidr', network.existingSubnetCidr) : checkCidr(issues, 'nodeSubnetCidr', network.nodeSubnetCidr ?? '10.240.0.0/22');
  if (existing && !isUnresolved(network.existingSubnetId)) {
    const id = network.existingSubnetId as string;
    issues.check(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(id), 'existingSubnetId', id, 'must be a subnet resource ID: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>');
  }
  if (!existing && network.existingSubnetCidr !== undefined) {
    issues.add('existingSubnetCidr', network.existingSubnetCidr, 'only applies with existingSubnetId; a created subnet uses nodeSubnetCidr');
  }

  const nodeRangeField = existing ? 'existingSubnetCidr' : 'vnetCidr';
  checkDisjoint(issues, [['podCidr', pod], ['serviceCidr', service], [nodeRangeField, existing ? nodeSubnet : vnet]], 'pod, service and node ranges must not overlap (AKS overlay)');
  if (vnet && nodeSubnet) {
    issues.check(vnet.first <= nodeSubnet.first && nodeSubnet.last <= vnet.last, 'nodeSubnetCidr', nodeSubnet.text, `must lie inside vnetCidr (${vnet.text})`);
  }
  for (const [field, cidr] of [['podCidr', pod], ['serviceCidr', service]] as const) {
    if (cidr) issues.check(isPrivateCidr(cidr), field, cidr.text, 'must be a private range (RFC 1918 or RFC 6598); AKS overlay supports no other');
  }
  if (service) {
    issues.check(service.prefix >= 12, 'serviceCidr', service.text, 'must be smaller than /12 (AKS)');
    const dns = parseIpv4(network.dnsServiceIp);
    if (issues.check(dns !== undefined, 'dnsServiceIp', network.dnsServiceIp, 'must be an IPv4 address')) {
      issues.check(cidrContainsIp(service, dns as number), 'dnsServiceIp', network.dnsServiceIp, `must lie inside serviceCidr (${service.text})`);
      issues.check(dns !== service.first, 'dnsServiceIp', network.dnsServiceIp, 'must not be the first address of serviceCidr, which the API server takes');
      // Kubernetes' service IP allocator never hands out the network and broadcast addresses of an IPv4 range.
      issues.check(dns !== service.last, 'dnsServiceIp', network.dnsServiceIp, 'must not be the last (broadcast) address of serviceCidr, which Kubernetes never allocates');
    }
  }
  apiServerRules(network, issues.at('apiServer'), context.production ?? false);
}

function apiServerRules(network: AksNetworkSpec, issues: Issues, production: boolean): void {
  const api = network.apiServer ?? {};
  const ranges = api.authorizedIpRanges ?? [];
  ranges.forEach((range, i) => {
    const parsed = checkCidr(issues, `authorizedIpRanges[${i}]`, range);
    if (parsed) issues.check(!isPrivateCidr(parsed), `authorizedIpRanges[${i}]`, range, 'must be a public range: the public API server never sees private source addresses');
    if (parsed && production) issues.check(parsed.prefix > 0, `authorizedIpRanges[${i}]`, range, 'would open a production API server to the whole internet; list the networks that need it');
  });
  if (api.privateCluster) {
    issues.check(ranges.length === 0, 'authorizedIpRanges', ranges, 'authorized IP ranges restrict the public endpoint; a private cluster has none, so leave them out');
  } else {
    issues.check(api.privateDnsZoneId === undefined, 'privateDnsZoneId', api.privateDnsZoneId, 'only applies when privateCluster is true');
    if (production) {
      issues.check(ranges.length > 0, 'authorizedIpRanges', ranges, 'a production cluster needs authorizedIpRanges or privateCluster: true, so the API server is not open to the internet');
    }
  }
}

function systemPoolRules(spec: AksClusterSpec, issues: Issues, production: boolean): void {
  const system = spec.systemPool ?? {};
  if (system.name !== undefined) issues.check(AKS_POOL_NAME.test(system.name), 'name', system.name, 'must be 1-12 lowercase letters or digits, starting with a letter (AKS Linux pool names)');
  if (system.vmSize !== undefined) issues.check(/^Standard_[A-Za-z0-9_]+$/.test(system.vmSize), 'vmSize', system.vmSize, 'must be an Azure VM size such as Standard_D4ds_v5');
  const { minCount, maxCount } = systemPoolDefaults(spec, production);
  // System pools need at least one node for CoreDNS and the other critical add-ons (AKS "system node pools").
  issues.check(Number.isInteger(minCount) && minCount >= 1, 'minCount', minCount, 'must be a whole number >= 1: a System pool cannot scale to zero');
  issues.check(Number.isInteger(maxCount) && maxCount <= 1000, 'maxCount', maxCount, 'must be a whole number up to 1000');
  issues.check(minCount <= maxCount, 'minCount', minCount, `must be <= maxCount (${maxCount})`);
  if (system.vmSize !== undefined && /^Standard_N[CDV]\d/i.test(system.vmSize)) {
    issues.add('vmSize', system.vmSize, 'GPU sizes do not belong in the System pool: gpu_driver there is ForceNew on the whole cluster; add a GPU User pool');
  }
  checkZones(issues, 'zones', system.zones);
  if (system.maxPods !== undefined) {
    issues.check(Number.isInteger(system.maxPods) && system.maxPods >= 10 && system.maxPods <= 250, 'maxPods', system.maxPods, 'must be a whole number from 10 to 250 (AKS overlay)');
  }
}

/** Names unique (including the rotation names AKS uses), and retiring pools pointing at a real successor. */
function poolSetRules(spec: AksClusterSpec, issues: Issues): void {
  const pools = spec.userPools ?? [];
  const systemName = spec.systemPool?.name ?? 'system';
  const entries: Array<[string, string]> = [['systemPool.name', systemName], ...pools.map((p, i): [string, string] => [`userPools[${i}].name`, p.name])];
  const taken = new Map<string, string>();
  for (const [field, name] of entries) {
    const owner = taken.get(name);
    if (owner !== undefined) issues.add(field, name, `node pool names must be unique in a cluster (${owner} has it)`);
    else taken.set(name, field);
  }
  for (const [field, name] of entries) {
    const temp = temporaryPoolName(name);
    const owner = taken.get(temp);
    if (owner !== undefined && owner !== field) issues.add(field, name, `its rotation name ${temp} is already used by ${owner}; rename one pool`);
    else taken.set(temp, field);
  }
  pools.forEach((pool, i) => {
    if (!pool.retiring) return;
    const target = pools.find((p) => p.name === pool.retiring?.replacedBy);
    const field = `userPools[${i}].retiring.replacedBy`;
    const replacedBy = pool.retiring.replacedBy;
    if (!issues.check(target !== undefined && target !== pool, field, replacedBy, 'must name another User pool of this cluster, the one that takes over the workloads')) return;
    issues.check(!target?.retiring, field, replacedBy, 'the replacement pool is itself retiring; point at a pool that stays');
  });
}

/** The pod CIDR and node subnet must hold every node at max scale, plus the upgrade surge. */
function capacityRules(spec: AksClusterSpec, issues: Issues, production: boolean): void {
  const system = systemPoolDefaults(spec, production);
  let nodes = system.maxCount + surgeNodes(DEFAULT_CPU_SURGE, system.maxCount);
  for (const pool of spec.userPools ?? []) {
    const resolved = resolveAksPool(pool);
    nodes += resolved.maxCount + surgeNodes(resolved.maxSurge, resolved.maxCount);
  }
  const network = spec.network;
  const pod = parseCidr(network.podCidr);
  if (pod && (network.networkPluginMode ?? 'overlay') === 'overlay') {
    const blocks = pod.prefix > OVERLAY_NODE_PREFIX ? 0 : 2 ** (OVERLAY_NODE_PREFIX - pod.prefix);
    issues.check(blocks >= nodes, 'network.podCidr', network.podCidr, `holds ${blocks} node /24 blocks but the pools reach ${nodes} nodes at max scale plus upgrade surge; each overlay node takes a /24, so widen it`);
  }
  const subnetText = network.existingSubnetId !== undefined ? network.existingSubnetCidr : (network.nodeSubnetCidr ?? '10.240.0.0/22');
  const subnet: Ipv4Cidr | undefined = subnetText === undefined ? undefined : parseCidr(subnetText);
  if (subnet) {
    const field = network.existingSubnetId !== undefined ? 'network.existingSubnetCidr' : 'network.nodeSubnetCidr';
    const usable = cidrSize(subnet) - AZURE_RESERVED_SUBNET_IPS;
    issues.check(usable >= nodes, field, subnet.text, `has ${usable} usable addresses (Azure reserves ${AZURE_RESERVED_SUBNET_IPS}) but the pools reach ${nodes} nodes at max scale plus upgrade surge`);
  }
}

function identityRules(spec: AksClusterSpec, issues: Issues): void {
  const identity = spec.identity ?? {};
  (identity.adminGroupObjectIds ?? []).forEach((id, i) => {
    if (!isUnresolved(id)) issues.check(UUID.test(id), `adminGroupObjectIds[${i}]`, id, 'must be an Entra group object ID (a GUID)');
  });
  if (identity.tenantId !== undefined && !isUnresolved(identity.tenantId)) {
    issues.check(UUID.test(identity.tenantId), 'tenantId', identity.tenantId, 'must be an Entra tenant ID (a GUID)');
  }
}

function securityRules(spec: AksClusterSpec, issues: Issues): void {
  const security = spec.security ?? {};
  const hours = security.imageCleanerIntervalHours;
  if (hours !== undefined) {
    issues.check(Number.isInteger(hours) && hours >= 24 && hours <= 2160, 'imageCleanerIntervalHours', hours, 'must be a whole number of hours from 24 to 2160 (AKS image cleaner)');
  }
  const interval = security.secretRotationInterval;
  if (interval !== undefined) {
    issues.check(interval !== '' && SECRET_ROTATION_INTERVAL.test(interval), 'secretRotationInterval', interval, 'must be a duration such as 2m or 1h30m');
  }
}

function monitoringRules(spec: AksClusterSpec, issues: Issues, production: boolean): void {
  const monitoring = spec.monitoring ?? {};
  if (production) {
    issues.check(monitoring.auditLogs !== false, 'auditLogs', monitoring.auditLogs,
      'a production cluster sends its API server audit log (kube-audit-admin or kube-audit) and guard to Log Analytics: without it nobody can tell who changed what');
  }
  const days = monitoring.retentionDays;
  if (days !== undefined) {
    issues.check(Number.isInteger(days) && days >= 30 && days <= 730, 'retentionDays', days, 'must be a whole number of days from 30 to 730 (Log Analytics)');
    issues.check(monitoring.logAnalyticsWorkspaceId === undefined, 'retentionDays', days, 'only applies to the workspace the construct creates; the given logAnalyticsWorkspaceId keeps its own retention');
  }
  const id = monitoring.logAnalyticsWorkspaceId;
  if (id !== undefined && !isUnresolved(id)) {
    issues.check(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i.test(id), 'logAnalyticsWorkspaceId', id, 'must be a workspace resource ID: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>');
  }
}
