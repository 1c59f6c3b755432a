import { ciliumPolicyDirection } from './cilium-policy-rules';
import { ClusterObjects } from './cluster-objects';
import { ALLOWED, BLOCKED, describeEndpoint, Endpoint, HttpRequest, LayerVerdict, PodEndpoint, Protocol } from './flow';
import { DirectionQuery } from './network-direction';
import { networkPolicyDirection } from './network-policy-rules';

export interface NetworkQuery {
  readonly source: Endpoint;
  readonly destination: Endpoint;
  /** The destination port on the wire. */
  readonly port: number;
  readonly protocol: Protocol;
  readonly request?: HttpRequest;
  readonly plaintext: boolean;
  /** Where pods send DNS: what a `toFQDNs` rule needs a DNS-proxy rule to. */
  readonly resolvers: readonly Endpoint[];
}

/**
 * The network layer: the source pod's egress and the destination pod's ingress must both admit the connection, under
 * every policy kind the folder holds (Kubernetes NetworkPolicy and CiliumNetworkPolicy add up; a pod is isolated in a
 * direction if any policy of either kind selects it there). Traffic from the local node (kubelet probes) is always
 * admitted: Cilium, which enforces policy on AKS and on GKE Dataplane V2, allows the local host by default.
 */
export function networkVerdict(objects: ClusterObjects, query: NetworkQuery): LayerVerdict {
  const owner = query.destination.kind === 'pod' ? query.destination : undefined;
  const sides: string[] = [];
  const directions: { subject: PodEndpoint; direction: 'ingress' | 'egress'; peer: Endpoint }[] = [];
  if (query.source.kind === 'pod') directions.push({ subject: query.source, direction: 'egress', peer: query.destination });
  if (query.destination.kind === 'pod') {
    if (query.source.kind === 'address' && query.source.entity === 'host') sides.push('ingress from the local node (kubelet), which Cilium always admits');
    else directions.push({ subject: query.destination, direction: 'ingress', peer: query.source });
  }
  for (const d of directions) {
    const q: DirectionQuery = { ...d, port: query.port, protocol: query.protocol, portOwner: owner, request: query.request, plaintext: query.plaintext };
    const results = [networkPolicyDirection(objects, q), ciliumPolicyDirection(objects, q, query.resolvers)];
    const isolatedBy = results.flatMap((r) => r.isolatedBy);
    const allowedBy = results.find((r) => r.allowedBy !== undefined)?.allowedBy;
    const where = `${d.direction} of ${describeEndpoint(d.subject)}`;
    if (isolatedBy.length === 0) {
      sides.push(`${d.direction}: no policy selects ${describeEndpoint(d.subject)}`);
      continue;
    }
    if (allowedBy === undefined) {
      const notes = results.flatMap((r) => r.notes);
      const peer = `${describeEndpoint(d.peer)} on ${query.port}/${query.protocol}`;
      // Name the default deny first: it is what closes the direction; the others only fail to open it.
      const [first, ...rest] = [...isolatedBy].sort((a, b) => Number(b.endsWith('/default-deny')) - Number(a.endsWith('/default-deny')));
      const isolation = `${first}${rest.length > 0 ? ` (and ${rest.length} allow ${rest.length === 1 ? 'policy' : 'policies'} selecting the pod)` : ''}`;
      return BLOCKED(`${where}: no rule admits ${peer}; isolated by ${isolation}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
    }
    sides.push(`${d.direction}: ${allowedBy}`);
  }
  return ALLOWED(sides.join('; '));
}
