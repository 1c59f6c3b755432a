import { cidrContains, parseCidr } from '../../../core/cidr';
import { AddressEndpoint, Endpoint, HostEndpoint } from './flow';

/** A CIDR with optional exceptions, as NetworkPolicy `ipBlock`, Cilium `toCIDRSet` and Linkerd `networks` write it. */
export interface CidrBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

/**
 * Whether every address of `range` lies in `block` (and in none of its exceptions' overlap). IPv6 blocks never hold an
 * IPv4 range. An unknown range is in no block: a rule that cannot be shown to match does not match.
 */
export function rangeInBlock(range: string | undefined, block: CidrBlock): boolean {
  if (range === undefined) return false;
  const inner = parseCidr(range);
  const outer = parseCidr(block.cidr);
  if (!inner || !outer || !cidrContains(outer, inner)) return false;
  return (block.except ?? []).every((e) => {
    const ex = parseCidr(e);
    return !ex || ex.last < inner.first || inner.last < ex.first;
  });
}

/** A public address: only a block holding the whole IPv4 space (0.0.0.0/0, no exception reaching it) surely holds it. */
function publicInBlock(block: CidrBlock): boolean {
  const outer = parseCidr(block.cidr);
  return outer?.prefix === 0 && (block.except ?? []).every((e) => parseCidr(e)?.prefix !== 0);
}

/** Whether a CIDR rule (ipBlock, CIDR set, NetworkAuthentication network) matches an endpoint outside the pod network. */
export function endpointInBlock(endpoint: Endpoint, block: CidrBlock): boolean {
  switch (endpoint.kind) {
    case 'pod':
      // CIDR rules select addresses outside the cluster; Cilium (AKS, GKE Dataplane V2) never maps a pod identity to
      // them (docs.cilium.io policy/language "IP/CIDR based": "do not apply to traffic where both sides are managed").
      return false;
    case 'address':
      return rangeInBlock((endpoint as AddressEndpoint).cidr, block);
    case 'host': {
      const resolved = (endpoint as HostEndpoint).resolvesTo;
      return resolved === 'public' ? publicInBlock(block) : rangeInBlock(resolved.cidr, block);
    }
  }
}
