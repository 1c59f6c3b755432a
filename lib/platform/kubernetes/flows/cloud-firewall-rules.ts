import { ClusterTarget } from '../../../config/cluster-targets';
import { API_SERVER_CALLED_PORTS } from '../../../contract/chart-components';
import { GKE_CONTROL_PLANE_FIREWALL_PORTS } from '../../../contract/gke-control-plane';
import { ALLOWED, BLOCKED, Flow, LayerVerdict, NOT_CROSSED } from './flow';

/**
 * The cloud firewall layer, where the platform creates one: on GKE, calls from the control plane's range to pods cross
 * the VPC firewall. GKE's own rule opens 443 and 10250; the `<env>-gcp` stack opens API_SERVER_CALLED_PORTS from the
 * cluster's control-plane range to its nodes (research-gcp §1). Both are modelled from the same contract constants and
 * config the Terraform half reads, not from its output. Nothing else the platform runs crosses a firewall it writes.
 */
export function firewallVerdict(target: ClusterTarget, flow: Flow): LayerVerdict {
  const fromControlPlane = flow.source.kind === 'address' && flow.source.entity === 'kube-apiserver';
  if (target.cloud !== 'gcp' || !fromControlPlane || flow.destination.kind !== 'pod') return NOT_CROSSED('no firewall the platform writes');
  const range = flow.source.kind === 'address' ? flow.source.cidr : undefined;
  if (GKE_CONTROL_PLANE_FIREWALL_PORTS.includes(flow.port)) return ALLOWED(`GKE's control-plane rule (${GKE_CONTROL_PLANE_FIREWALL_PORTS.join(', ')})`);
  if (API_SERVER_CALLED_PORTS.includes(flow.port)) return ALLOWED(`VPC firewall from ${range} to the nodes on API_SERVER_CALLED_PORTS (${target.stack} stack)`);
  return BLOCKED(`no VPC firewall rule admits ${range} to the nodes on ${flow.port}: GKE opens ${GKE_CONTROL_PLANE_FIREWALL_PORTS.join(' and ')}, the platform API_SERVER_CALLED_PORTS (${API_SERVER_CALLED_PORTS.join(', ')})`);
}
