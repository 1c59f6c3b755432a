import { ClusterContext } from '../core/cluster-context';
import { Dataplane } from '../../contract/dataplane';

/** What a cluster's dataplane enforces, which decides the policy kinds this library may emit there. */
export interface DataplaneCapabilities {
  readonly dataplane: Dataplane;
  /** The kind L3/L4 allow rules are written in. */
  readonly policyKind: 'CiliumNetworkPolicy' | 'NetworkPolicy';
  /** `toFQDNs` egress rules are enforced. */
  readonly fqdnEgress: boolean;
  /** L7 (HTTP) rules are enforced. */
  readonly l7Rules: boolean;
  /** Why FQDN or L7 is missing, for error messages. */
  readonly limitation: string;
}

/**
 * The table in research/linkerd-cilium-serving.md §B, from the AKS FAQ (azure-cni-powered-by-cilium.md) and
 * GKE's Dataplane V2 docs:
 * - AKS (Azure CNI powered by Cilium): NetworkPolicy, CiliumNetworkPolicy L3/L4 always; FQDN and L7 only with
 *   Advanced Container Networking Services security ("blocked" without it).
 * - GKE Dataplane V2: Kubernetes NetworkPolicy; no namespaced CiliumNetworkPolicy (cilium/cilium#36509), no L7.
 *   FQDN egress exists only as GKE's FQDNNetworkPolicy, which this library does not emit (docs/network-policy.md).
 */
export function capabilitiesOf(cluster: Pick<ClusterContext, 'dataplane' | 'acnsSecurity'>): DataplaneCapabilities {
  if (cluster.dataplane === 'aks-cilium') {
    return {
      dataplane: cluster.dataplane,
      policyKind: 'CiliumNetworkPolicy',
      fqdnEgress: cluster.acnsSecurity,
      l7Rules: cluster.acnsSecurity,
      limitation: cluster.acnsSecurity ? '' : 'AKS blocks FQDN and L7 Cilium policies unless Advanced Container Networking Services security is enabled (cluster acnsSecurity)',
    };
  }
  return {
    dataplane: cluster.dataplane,
    policyKind: 'NetworkPolicy',
    fqdnEgress: false,
    l7Rules: false,
    limitation: 'GKE Dataplane V2 enforces Kubernetes NetworkPolicy only: no namespaced CiliumNetworkPolicy, no L7 rules, and FQDNNetworkPolicy is not supported by this library yet',
  };
}
