import { KubeObject } from '../cluster-output';
import { endpointInBlock } from './address-match';
import { ClusterObjects, refOf, specOf } from './cluster-objects';
import { Endpoint, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { DirectionQuery, DirectionResult, portNumber } from './network-direction';

interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}
interface NetworkPolicyPort {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol?: string;
}
interface NetworkPolicyRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}
interface NetworkPolicySpec {
  readonly podSelector?: LabelSelector;
  readonly policyTypes?: readonly string[];
  readonly ingress?: readonly NetworkPolicyRule[];
  readonly egress?: readonly NetworkPolicyRule[];
}

/** `policyTypes`, or what the API server defaults it to: Ingress, plus Egress when egress rules are present. */
function policyTypes(spec: NetworkPolicySpec): readonly string[] {
  return spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])];
}

/**
 * Whether a peer matches the endpoint (kubernetes.io/docs/concepts/services-networking/network-policies): a pod peer by
 * namespaceSelector (the namespace's labels; absent means the policy's own namespace) and podSelector; an ipBlock only
 * addresses outside the pod network, as Dataplane V2 (Cilium) enforces it.
 */
function peerMatches(peer: NetworkPolicyPeer, endpoint: Endpoint, policyNamespace: string, objects: ClusterObjects): boolean {
  if (peer.ipBlock) return endpointInBlock(endpoint, peer.ipBlock);
  if (endpoint.kind !== 'pod') return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, objects.namespaceLabels(endpoint.namespace)) : endpoint.namespace === policyNamespace;
  return namespaceOk && selects(peer.podSelector, endpoint.labels);
}

function portMatches(ports: readonly NetworkPolicyPort[] | undefined, query: DirectionQuery): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== query.protocol) return false;
    if (p.port === undefined) return true;
    const from = portNumber(p.port, query.portOwner);
    if (from === undefined) return false;
    return p.endPort !== undefined ? query.port >= from && query.port <= p.endPort : query.port === from;
  });
}

// Which policies select a pod does not depend on the flow: memoized by object identity, as the emitted objects and the
// pod inventory do not change while a report is computed.
const selectingPolicies = new WeakMap<ClusterObjects, WeakMap<PodEndpoint, readonly KubeObject[]>>();

/** The policies whose podSelector selects the pod, in either direction. */
function policiesSelecting(objects: ClusterObjects, pod: PodEndpoint): readonly KubeObject[] {
  let byPod = selectingPolicies.get(objects);
  if (!byPod) selectingPolicies.set(objects, (byPod = new WeakMap()));
  let selecting = byPod.get(pod);
  if (!selecting) {
    selecting = objects.of('networking.k8s.io', 'NetworkPolicy', pod.namespace).filter((p) => selects(specOf<NetworkPolicySpec>(p).podSelector, pod.labels));
    byPod.set(pod, selecting);
  }
  return selecting;
}

/** Kubernetes NetworkPolicy (GKE Dataplane V2): which policies isolate the subject, and which rule admits the peer. */
export function networkPolicyDirection(objects: ClusterObjects, query: DirectionQuery): DirectionResult {
  const type = query.direction === 'ingress' ? 'Ingress' : 'Egress';
  const selecting = policiesSelecting(objects, query.subject).filter((p) => policyTypes(specOf<NetworkPolicySpec>(p)).includes(type));
  const allowing = selecting.find((p) => rulesOf(p, query.direction).some((rule) => {
    const peers = query.direction === 'ingress' ? rule.from : rule.to;
    const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, query.peer, p.metadata.namespace ?? '', objects));
    return peerOk && portMatches(rule.ports, query);
  }));
  return { isolatedBy: selecting.map(refOf), allowedBy: allowing ? refOf(allowing) : undefined, notes: [] };
}

function rulesOf(policy: KubeObject, direction: 'ingress' | 'egress'): readonly NetworkPolicyRule[] {
  return specOf<NetworkPolicySpec>(policy)[direction] ?? [];
}
