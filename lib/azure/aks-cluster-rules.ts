import { Token } from 'cdktf';
import { checkCidr, checkDisjoint, cidrContainsIp, isPrivateCidr, parseIpv4 } from '../core/cidr';
import { Issues } from '../core/validation';
import { AksNetworkSpec, AksNodePoolSpec } from './aks-types';

// AKS rules for Azure CNI powered by Cilium, from Microsoft's "Configure Azure CNI Powered by Cilium"
// and "Azure CNI Overlay" pages (MicrosoftDocs/azure-aks-docs, articles/aks/azure-cni-powered-by-cilium.md).

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Checks the network profile against the Azure API's rules for the Cilium dataplane. */
export function aksNetworkRules(network: AksNetworkSpec, issues: Issues): void {
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

  const pod = checkCidr(issues, 'podCidr', network.podCidr);
  const service = checkCidr(issues, 'serviceCidr', network.serviceCidr);
  const vnet = network.existingSubnetId === undefined ? checkCidr(issues, 'vnetCidr', network.vnetCidr ?? '10.240.0.0/16') : undefined;
  const nodeSubnet = network.existingSubnetId === undefined ? checkCidr(issues, 'nodeSubnetCidr', network.nodeSubnetCidr ?? '10.240.0.0/22') : undefined;

  checkDisjoint(issues, [['podCidr', pod], ['serviceCidr', service], ['vnetCidr', vnet]], 'pod, service and VNet ranges must not overlap (AKS overlay)');
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
    }
  }
}

/** Checks one node pool: name, autoscaling bounds and what the Cilium dataplane allows. */
export function aksNodePoolRules(pool: AksNodePoolSpec, issues: Issues, dataPlane: string = 'cilium'): void {
  if (!Token.isUnresolved(pool.name)) {
    issues.check(POOL_NAME.test(pool.name), 'name', pool.name, 'must be 1-12 lowercase letters or digits, starting with a letter (AKS Linux pool names)');
  }
  issues.check(Number.isInteger(pool.minCount) && pool.minCount >= 0, 'minCount', pool.minCount, 'must be a whole number >= 0');
  issues.check(Number.isInteger(pool.maxCount) && pool.maxCount >= 1 && pool.maxCount <= 1000, 'maxCount', pool.maxCount, 'must be a whole number from 1 to 1000');
  issues.check(pool.minCount <= pool.maxCount, 'minCount', pool.minCount, `must be <= maxCount (${pool.maxCount})`);
  if (dataPlane === 'cilium') {
    issues.check((pool.osType ?? 'Linux') === 'Linux', 'osType', pool.osType, 'Windows node pools are not supported with the Cilium dataplane');
  }
  if (pool.maxPods !== undefined) {
    issues.check(Number.isInteger(pool.maxPods) && pool.maxPods >= 10 && pool.maxPods <= 250, 'maxPods', pool.maxPods, 'must be 10-250 (AKS overlay)');
  }
}
