import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import type { CloudEgressPolicyProps } from './cloud-egress-policy';
import { cloudEndpointRules, destinationOf } from './cloud-endpoints';
import { DataplaneCapabilities } from './dataplane-capabilities';

/** How each endpoint will be expressed on this cluster. */
export type Plan = { readonly kind: 'fqdn' | 'vip' | 'addresses' | 'unfiltered' };

/**
 * Validates the request against what the cluster can enforce and returns how each endpoint is expressed.
 * FQDN where the dataplane enforces it (AKS with ACNS); the Private Google Access VIP for Google APIs on GKE;
 * fixed addresses for the GKE metadata server; unfiltered HTTPS only on explicit opt-in; otherwise an error.
 */
export function cloudEgressRules(props: CloudEgressPolicyProps, capabilities: DataplaneCapabilities, issues: Issues): Plan[] {
  checkDnsLabel(issues, 'namespace', props.namespace);
  if (props.name !== undefined) checkDnsLabel(issues, 'name', props.name);
  issues.check(props.endpoints.length > 0, 'endpoints', props.endpoints, 'must name at least one endpoint');
  const onGke = capabilities.dataplane === 'gke-dataplane-v2';
  if (props.googleApiVip !== undefined) {
    issues.check(onGke, 'googleApiVip', props.googleApiVip, 'applies only to GKE clusters: Private Google Access VIPs are reachable from Google Cloud VPCs only');
  }
  return props.endpoints.map((endpoint, i): Plan => {
    const at = issues.at(`endpoints[${i}]`);
    cloudEndpointRules(endpoint, at);
    const destination = destinationOf(endpoint);
    if (destination.addresses) {
      at.check(onGke, '', endpoint, 'the GKE metadata server exists only on GKE clusters');
      return { kind: 'addresses' };
    }
    if (capabilities.fqdnEgress) return { kind: 'fqdn' };
    if (destination.googleApi && props.googleApiVip !== undefined && onGke) return { kind: 'vip' };
    if (props.allowUnfilteredHttps === true) return { kind: 'unfiltered' };
    const vipHint = destination.googleApi && onGke ? 'set googleApiVip (Private Google Access), or ' : '';
    at.add('', endpoint, `needs FQDN egress to ${destination.fqdn}, but ${capabilities.limitation}; ${vipHint}set allowUnfilteredHttps: true and filter by name in an egress firewall`);
    return { kind: 'unfiltered' };
  });
}
