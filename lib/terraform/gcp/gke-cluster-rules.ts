import { GKE_DEFAULT_MASTER_CIDR } from '../../contract/gke-control-plane';
import { checkCidr, checkDisjoint, cidrSize, Ipv4Cidr, isPrivateCidr } from '../../core/cidr';
import { Issues } from '../../core/validation';
import { checkGkeName, checkKmsKeyName, checkLocation, checkProjectId, checkServiceAccountId, isRegion, parseKmsKeyName, zoneRegion } from '../../contract/gcp-names';
import { gkeMaintenanceRules } from './gke-maintenance-rules';
import { GKE_DEFAULT_MAX_PODS_PER_NODE, gkeNodePoolRules, peakNodes, podAddressesPerNode } from './gke-node-pool-rules';
import { effectiveTaints } from './gke-node-taints';
import { GkeClusterProps, GkeControlPlaneAccess, GkeNetworkSpec, GkeNodePoolSpec } from './gke-types';
import { isUnresolved } from '../../core/unresolved';

/** Compute Engine keeps 4 addresses of every subnet primary range (VPC "Reserved IPv4 addresses in subnets"). */
const SUBNET_RESERVED_ADDRESSES = 4;
/** `accessPolicies/<policy number>/servicePerimeters/<name>` (Access Context Manager resource names). */
const SERVICE_PERIMETER_NAME = /^accessPolicies\/[0-9]+\/servicePerimeters\/[A-Za-z][A-Za-z0-9_]{0,49}$/;
/** MasterAuthorizedNetworksConfig.cidr_blocks holds "up to 50 external networks" (GKE API reference). */
const MAX_AUTHORIZED_NETWORKS = 50;

/** The region a cluster location belongs to (itself for a regional cluster). */
export function clusterRegion(location: string): string | undefined {
  return isRegion(location) ? location : zoneRegion(location);
}

/** The default node service account ID: `<name, cut to 24 characters>-nodes`, at most 30 characters. */
export function defaultNodeServiceAccountId(clusterName: string): string {
  return `${clusterName.slice(0, 24).replace(/-+$/, '')}-nodes`;
}

/** Whether the private endpoint is the only endpoint, after defaults. */
export function usesPrivateEndpoint(props: Pick<GkeClusterProps, 'controlPlane' | 'production'>): boolean {
  return props.controlPlane?.privateEndpoint ?? props.production ?? false;
}

/** Checks every GKE cluster input, all problems in one pass. */
export function gkeClusterRules(props: GkeClusterProps, issues: Issues): void {
  const production = props.production ?? false;
  checkGkeName(issues, 'name', props.name);
  checkProjectId(issues, 'project', props.project);
  const locationOk = checkLocation(issues, 'location', props.location);
  const region = locationOk && !isUnresolved(props.location) ? clusterRegion(props.location) : undefined;
  if (production && locationOk && !isUnresolved(props.location)) {
    issues.check(isRegion(props.location), 'location', props.location, 'production clusters must be regional (a region, not a zone) so the control plane survives a zone outage');
  }
  if (production) {
    issues.check(props.releaseChannel !== 'RAPID', 'releaseChannel', props.releaseChannel, 'production clusters must not use RAPID: its versions are not covered by the GKE SLA');
  }

  secretsEncryptionRules(props, issues, region);
  checkServiceAccountId(issues, 'nodeServiceAccountId', props.nodeServiceAccountId ?? defaultNodeServiceAccountId(props.name));
  (props.registryProjects ?? []).forEach((project, i) => checkProjectId(issues.at('registryProjects').at(i), '', project));
  if (props.projectNumber !== undefined && !isUnresolved(props.projectNumber)) {
    issues.check(/^[1-9][0-9]{5,18}$/.test(props.projectNumber), 'projectNumber', props.projectNumber, 'must be the project number (digits only), not the project ID');
  }

  const network = gkeNetworkRules(props.network, issues.at('network'));
  controlPlaneRules(props.controlPlane ?? {}, usesPrivateEndpoint(props), production, issues.at('controlPlane'));
  gkeMaintenanceRules(props.maintenance ?? {}, issues.at('maintenance'));
  nodePoolsRules(props.nodePools, issues, region);
  capacityRules(props.nodePools, network, issues.at('network'));
}

function secretsEncryptionRules(props: GkeClusterProps, issues: Issues, region: string | undefined): void {
  const key = props.secretsEncryptionKey;
  if (key === undefined) {
    issues.check(!(props.production ?? false), 'secretsEncryptionKey', key, 'production clusters must encrypt Secrets with a Cloud KMS key (application-layer secrets encryption)');
    return;
  }
  if (!checkKmsKeyName(issues, 'secretsEncryptionKey', key) || isUnresolved(key) || region === undefined) return;
  const keyLocation = parseKmsKeyName(key)?.location;
  issues.check(keyLocation === region, 'secretsEncryptionKey', key, `the key must be in the cluster's region (${region}), not ${keyLocation} (GKE application-layer secrets encryption)`);
}

/** Parsed ranges of the cluster network, for the capacity checks. */
export interface GkeRanges {
  readonly nodes?: Ipv4Cidr;
  readonly pods?: Ipv4Cidr;
}

/** Checks the VPC ranges: present when the library creates them, well formed, private, disjoint. */
export function gkeNetworkRules(network: GkeNetworkSpec, issues: Issues): GkeRanges {
  if (network.existing === undefined) {
    for (const field of ['nodeSubnetCidr', 'podCidr', 'serviceCidr'] as const) {
      issues.check(network[field] !== undefined, field, network[field], 'is required when the library creates the network (leave it out only with `existing`)');
    }
  } else {
    const existing = network.existing;
    for (const field of ['network', 'subnetwork', 'podRangeName', 'serviceRangeName'] as const) {
      issues.at('existing').check(existing[field].length > 0, field, existing[field], 'must not be empty');
    }
  }
  const nodes = checkCidr(issues, 'nodeSubnetCidr', network.nodeSubnetCidr);
  const pods = checkCidr(issues, 'podCidr', network.podCidr);
  const services = checkCidr(issues, 'serviceCidr', network.serviceCidr);
  const master = checkCidr(issues, 'masterIpv4CidrBlock', network.masterIpv4CidrBlock ?? GKE_DEFAULT_MASTER_CIDR);
  const named = [['nodeSubnetCidr', nodes], ['podCidr', pods], ['serviceCidr', services], ['masterIpv4CidrBlock', master]] as const;
  checkDisjoint(issues, named, 'node, pod, service and control-plane ranges of a VPC-native cluster must not overlap');
  for (const [field, cidr] of named) {
    if (cidr) issues.check(isPrivateCidr(cidr), field, cidr.text, 'must be a private range (RFC 1918 or RFC 6598)');
  }
  if (master) issues.check(master.prefix === 28, 'masterIpv4CidrBlock', master.text, 'must be a /28 (GKE private cluster control-plane range)');
  if (nodes) issues.check(nodes.prefix <= 29, 'nodeSubnetCidr', nodes.text, 'must be /29 or larger (smallest Compute Engine subnet)');
  return { nodes, pods };
}

function controlPlaneRules(access: GkeControlPlaneAccess, privateEndpoint: boolean, production: boolean, issues: Issues): void {
  const perimeter = access.dnsEndpointPerimeter;
  if (perimeter !== undefined) {
    issues.check(SERVICE_PERIMETER_NAME.test(perimeter), 'dnsEndpointPerimeter', perimeter, 'must be a service perimeter name: accessPolicies/<policy number>/servicePerimeters/<name>');
    issues.check(access.dnsEndpoint === true, 'dnsEndpointPerimeter', perimeter, 'only guards the DNS endpoint: set dnsEndpoint: true, or leave the perimeter out');
  }
  if (production && access.dnsEndpoint === true) {
    issues.check(perimeter !== undefined, 'dnsEndpointPerimeter', perimeter,
      'a production DNS endpoint open to traffic from outside the VPC answers any network that reaches Google APIs, with IAM as its only guard: '
      + 'name the VPC Service Controls perimeter that restricts container.googleapis.com and kubernetesmetadata.googleapis.com, or set dnsEndpoint: false and run Terraform inside the VPC');
  }
  const networks = access.authorizedNetworks ?? [];
  issues.check(networks.length <= MAX_AUTHORIZED_NETWORKS, 'authorizedNetworks', `${networks.length} networks`,
    `GKE accepts at most ${MAX_AUTHORIZED_NETWORKS} authorized networks; merge adjacent ranges`);
  networks.forEach((network, i) => {
    const at = issues.at('authorizedNetworks').at(i);
    const cidr = checkCidr(at, 'cidrBlock', network.cidrBlock);
    if (cidr) at.check(cidr.prefix > 0, 'cidrBlock', cidr.text, 'would open the control plane to the whole internet; list the networks that need it');
    at.check(network.displayName.length > 0, 'displayName', network.displayName, 'must not be empty; say whose network it is');
  });
  if (!privateEndpoint) {
    issues.check(networks.length > 0, 'authorizedNetworks', networks,
      'a public control-plane endpoint needs at least one authorized network; or set privateEndpoint: true (with dnsEndpoint for access from outside the VPC)');
  }
}

/** True for a pool that ordinary pods can schedule on: on-demand and without hard taints. The platform's Helm releases run here. */
export function takesOrdinaryPods(pool: GkeNodePoolSpec): boolean {
  return !pool.spot && effectiveTaints(pool).every((t) => t.effect === 'PreferNoSchedule');
}

function nodePoolsRules(pools: readonly GkeNodePoolSpec[], issues: Issues, region: string | undefined): void {
  pools.forEach((pool, i) => gkeNodePoolRules(pool, issues.at('nodePools').at(i), region));
  pools.forEach((pool, i) => {
    if (pools.findIndex((p) => p.name === pool.name) !== i) issues.at('nodePools').at(i).add('name', pool.name, 'node pool names must be unique in a cluster');
  });
  issues.check(pools.some(takesOrdinaryPods), 'nodePools', pools.map((p) => p.name),
    'needs at least one on-demand pool without NoSchedule/NoExecute taints, for kube-system and the mesh control plane (the default pool is removed)');
}

/** The node subnet and the pod range must hold every pool at its peak (max size plus upgrade surge). */
function capacityRules(pools: readonly GkeNodePoolSpec[], ranges: GkeRanges, issues: Issues): void {
  const valid = pools.filter((p) => Number.isInteger(p.maxNodes) && p.maxNodes >= 1);
  const peak = valid.reduce((sum, pool) => sum + peakNodes(pool), 0);
  if (ranges.nodes) {
    const usable = cidrSize(ranges.nodes) - SUBNET_RESERVED_ADDRESSES;
    issues.check(peak <= usable, 'nodeSubnetCidr', ranges.nodes.text,
      `holds ${usable} node addresses but the pools can reach ${peak} nodes (max nodes plus upgrade surge); use a larger range`);
  }
  if (ranges.pods) {
    const needed = valid.reduce((sum, pool) => sum + peakNodes(pool) * podAddressesPerNode(pool.maxPodsPerNode ?? GKE_DEFAULT_MAX_PODS_PER_NODE), 0);
    issues.check(needed <= cidrSize(ranges.pods), 'podCidr', ranges.pods.text,
      `holds ${cidrSize(ranges.pods)} pod addresses but the pools need ${needed} at peak (each node reserves 2x its max pods, rounded up to a power of two); use a larger range or fewer max pods`);
  }
}
