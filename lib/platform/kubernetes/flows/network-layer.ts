import { ciliumPolicyDirection } from './cilium-policy-rules';
import { ClusterObjects } from './cluster-objects';
import { ALLOWED, BLOCKED, describeEndpoint, Endpoint, HttpRequest, LayerVerdict, Protocol } from './flow';
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
  if (query.source.kind === 'pod') {
    const blocked = direction(objects, query, { subject: query.source, direction: 'egress', peer: query.destination, port: query.port, protocol: query.protocol, portOwner: owner, request: query.request, plaintext: query.plaintext }, sides);
    if (blocked) return blocked;
  }
  if (query.destination.kind === 'pod') {
    if (query.source.kind === 'address' && query.source.entity === 'host') sides.push('ingress from the local node (kubelet), which Cilium always admits');
    else {
      const blocked = direction(objects, query, { subject: query.destination, direction: 'ingress', peer: query.source, port: query.port, protocol: query.protocol, portOwner: owner, request: query.request, plaintext: query.plaintext }, sides);
      if (blocked) return blocked;
    }
  }
  return ALLOWED(sides.join('; '));
}

/** One direction under both policy kinds: the verdict when it is blocked, else what admits it is added to `sides`. */
function direction(objects: ClusterObjects, query: NetworkQuery, q: DirectionQuery, sides: string[]): LayerVerdict | undefined {
  const results = [networkPolicyDirection(objects, q), ciliumPolicyDirection(objects, q, query.resolvers)];
  const isolatedBy = [...results[0].isolatedBy, ...results[1].isolatedBy];
  const allowedBy = results[0].allowedBy ?? results[1].allowedBy;
  if (isolatedBy.length === 0) {
    sides.push(`${q.direction}: no policy selects ${describeEndpoint(q.subject)}`);
    return undefined;
  }
  if (allowedBy === undefined) {
    const notes = [...results[0].notes, ...results[1].notes];
    const where = `${q.direction} of ${describeEndpoint(q.subject)}`;
    const peer = `${describeEndpoint(q.peer)} on ${query.port}/${query.protocol}`;
    // Name the default deny first: it is what closes the direction; the others only fail to open it.
    const [first, ...rest] = isolatedBy.sort((a, b) => Number(b.endsWith('/default-deny')) - Number(a.endsWith('/default-deny')));
    const isolation = `${first}${rest.length > 0 ? ` (and ${rest.length} allow ${rest.length === 1 ? 'policy' : 'policies'} selecting the pod)` : ''}`;
    return BLOCKED(`${where}: no rule admits ${peer}; isolated by ${isolation}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  }
  sides.push(`${q.direction}: ${allowedBy}`);
  return undefined;
}
