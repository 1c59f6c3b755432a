import { KubeObject } from '../cluster-output';
import { endpointInBlock } from './address-match';
import { ClusterObjects, refOf, specOf } from './cluster-objects';
import { Endpoint, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { DirectionQuery, DirectionResult, portNumber } from './network-direction';
import { FolderMemo } from './folder-memo';

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

/** One rule of one policy, read once; whether its peers name a pod is memoized, as pods do not change during a report. */
interface CompiledRule {
  readonly rule: NetworkPolicyRule;
  readonly peers?: readonly NetworkPolicyPeer[];
  readonly pods: WeakMap<PodEndpoint, boolean>;
}

/** The policies that select a pod in each direction (their `policyTypes` name it), with their rules in that direction. */
interface PodPolicies {
  readonly ingress: readonly SelectingPolicy[];
  readonly egress: readonly SelectingPolicy[];
  readonly isolatedBy: { readonly ingress: readonly string[]; readonly egress: readonly string[] };
}
interface SelectingPolicy {
  readonly ref: string;
  readonly namespace: string;
  readonly rules: readonly CompiledRule[];
}

// Which policies select a pod does not depend on the flow: memoized by object identity, as the emitted objects and the
// pod inventory do not change while a report is computed.
const podPolicies = new FolderMemo<PodEndpoint, PodPolicies>();
const compiledRules = new FolderMemo<KubeObject, { readonly ingress: readonly CompiledRule[]; readonly egress: readonly CompiledRule[] }>();

function rulesOf(objects: ClusterObjects, policy: KubeObject): { readonly ingress: readonly CompiledRule[]; readonly egress: readonly CompiledRule[] } {
  return compiledRules.get(objects, policy, () => {
    const spec = specOf<NetworkPolicySpec>(policy);
    return {
      ingress: (spec.ingress ?? []).map((rule) => ({ rule, peers: rule.from, pods: new WeakMap() })),
      egress: (spec.egress ?? []).map((rule) => ({ rule, peers: rule.to, pods: new WeakMap() })),
    };
  });
}

/** The policies whose podSelector selects the pod, per direction. */
function policiesSelecting(objects: ClusterObjects, pod: PodEndpoint): PodPolicies {
  return podPolicies.get(objects, pod, () => {
    const selecting = objects.of('networking.k8s.io', 'NetworkPolicy', pod.namespace).filter((p) => selects(specOf<NetworkPolicySpec>(p).podSelector, pod.labels));
    const inDirection = (direction: 'ingress' | 'egress'): SelectingPolicy[] => selecting
      .filter((p) => policyTypes(specOf<NetworkPolicySpec>(p)).includes(direction === 'ingress' ? 'Ingress' : 'Egress'))
      .map((p) => ({ ref: refOf(p), namespace: p.metadata.namespace ?? '', rules: rulesOf(objects, p)[direction] }));
    const ingress = inDirection('ingress');
    const egress = inDirection('egress');
    return { ingress, egress, isolatedBy: { ingress: ingress.map((p) => p.ref), egress: egress.map((p) => p.ref) } };
  });
}

/** Whether the rule's peers admit the endpoint: no peers admit every endpoint. */
function peersAdmit(rule: CompiledRule, peer: Endpoint, policyNamespace: string, objects: ClusterObjects): boolean {
  const peers = rule.peers;
  if (!peers || peers.length === 0) return true;
  if (peer.kind !== 'pod') return peers.some((p) => peerMatches(p, peer, policyNamespace, objects));
  let admits = rule.pods.get(peer);
  if (admits === undefined) rule.pods.set(peer, (admits = peers.some((p) => peerMatches(p, peer, policyNamespace, objects))));
  return admits;
}

/** Kubernetes NetworkPolicy (GKE Dataplane V2): which policies isolate the subject, and which rule admits the peer. */
export function networkPolicyDirection(objects: ClusterObjects, query: DirectionQuery): DirectionResult {
  const policies = policiesSelecting(objects, query.subject);
  const allowing = policies[query.direction].find((p) => p.rules.some((rule) => peersAdmit(rule, query.peer, p.namespace, objects) && portMatches(rule.rule.ports, query)));
  return { isolatedBy: policies.isolatedBy[query.direction], allowedBy: allowing ? allowing.ref : undefined, notes: [] };
}
