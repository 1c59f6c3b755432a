import { KubeObject } from '../cluster-output';
import { endpointInBlock } from './address-match';
import { ClusterObjects, refOf, specOf as objectSpec } from './cluster-objects';
import { Endpoint, Labels, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { DirectionQuery, DirectionResult, portNumber } from './network-direction';

// Cilium 1.19 semantics, from docs.cilium.io/en/v1.19/security/policy/ (language, kubernetes) and the CRD schema.

/** Labels Cilium gives every endpoint beside its pod labels (security/policy/kubernetes "Namespaces", "ServiceAccounts"). */
const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

interface CidrRule { readonly cidr?: string; readonly except?: readonly string[] }
interface PortRule {
  readonly ports?: readonly { readonly port?: string | number; readonly endPort?: number; readonly protocol?: string }[];
  readonly rules?: {
    readonly http?: readonly { readonly method?: string; readonly path?: string }[];
    readonly dns?: readonly { readonly matchName?: string; readonly matchPattern?: string }[];
  };
}
interface CiliumRule {
  readonly fromEndpoints?: readonly LabelSelector[];
  readonly toEndpoints?: readonly LabelSelector[];
  readonly fromEntities?: readonly string[];
  readonly toEntities?: readonly string[];
  readonly fromCIDR?: readonly string[];
  readonly toCIDR?: readonly string[];
  readonly fromCIDRSet?: readonly CidrRule[];
  readonly toCIDRSet?: readonly CidrRule[];
  readonly toFQDNs?: readonly { readonly matchName?: string; readonly matchPattern?: string }[];
  readonly toPorts?: readonly PortRule[];
}
interface CiliumSpec {
  readonly endpointSelector?: LabelSelector;
  readonly ingress?: readonly CiliumRule[];
  readonly egress?: readonly CiliumRule[];
  readonly ingressDeny?: readonly CiliumRule[];
  readonly egressDeny?: readonly CiliumRule[];
  readonly enableDefaultDeny?: { readonly ingress?: boolean; readonly egress?: boolean };
}

const PEER_KEYS = ['fromEndpoints', 'toEndpoints', 'fromEntities', 'toEntities', 'fromCIDR', 'toCIDR', 'fromCIDRSet', 'toCIDRSet', 'toFQDNs', 'toServices', 'fromNodes', 'toNodes', 'fromGroups', 'toGroups'];

// The evaluator asks the same questions of the same selectors and pods for every flow; the answers are memoized by
// object identity (the emitted objects and the pod inventory do not change while a report is computed).
const normalized = new WeakMap<LabelSelector, LabelSelector>();
const endpointLabels = new WeakMap<ClusterObjects, WeakMap<PodEndpoint, Labels>>();
const selectingPolicies = new WeakMap<ClusterObjects, WeakMap<PodEndpoint, readonly KubeObject[]>>();

/** Selector keys as Cilium stores them: `k8s:` and `any:` are sources, not part of the key. */
function normalize(selector: LabelSelector): LabelSelector {
  const cached = normalized.get(selector);
  if (cached) return cached;
  const key = (k: string) => k.replace(/^(k8s|any):/, '');
  const result = {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [key(k), v])),
    matchExpressions: (selector.matchExpressions ?? []).map((e) => ({ ...e, key: key(e.key) })),
  };
  normalized.set(selector, result);
  return result;
}

function ciliumLabels(pod: PodEndpoint, objects: ClusterObjects): Labels {
  let byPod = endpointLabels.get(objects);
  if (!byPod) endpointLabels.set(objects, (byPod = new WeakMap()));
  const cached = byPod.get(pod);
  if (cached) return cached;
  const namespaceLabels = Object.fromEntries(Object.entries(objects.namespaceLabels(pod.namespace)).map(([k, v]) => [`${NAMESPACE_LABELS_PREFIX}${k}`, v]));
  const labels = { ...pod.labels, ...namespaceLabels, [NAMESPACE_LABEL]: pod.namespace, [SERVICE_ACCOUNT_LABEL]: pod.serviceAccount };
  byPod.set(pod, labels);
  return labels;
}

/** A namespaced policy's selectors see only its own namespace unless they name one (security/policy/kubernetes). */
function endpointSelected(selector: LabelSelector, pod: PodEndpoint, policyNamespace: string, objects: ClusterObjects): boolean {
  const s = normalize(selector);
  const namesNamespace = NAMESPACE_LABEL in (s.matchLabels ?? {}) || (s.matchExpressions ?? []).some((e) => e.key === NAMESPACE_LABEL);
  if (!namesNamespace && pod.namespace !== policyNamespace) return false;
  return selects(s, ciliumLabels(pod, objects));
}

/** Reserved identities an endpoint belongs to (policy/language "Entities based"). */
function entitiesOf(endpoint: Endpoint): readonly string[] {
  switch (endpoint.kind) {
    case 'pod':
      return ['all', 'cluster'];
    case 'host':
      return ['all', 'world', 'world-ipv4'];
    case 'address':
      switch (endpoint.entity) {
        case 'world':
          return ['all', 'world', 'world-ipv4'];
        case 'kube-apiserver':
          return ['all', 'kube-apiserver'];
        case 'host':
          return ['all', 'cluster', 'host'];
        case 'remote-node':
          return ['all', 'cluster', 'remote-node'];
      }
  }
}

/**
 * A DNS name against a `matchName` or a `matchPattern` (`*` stands for one label's characters). A flow's host may itself
 * be a pattern (any storage account of a registry): then only the same pattern, or `*`, covers every name it stands for.
 */
export function dnsNameMatches(rule: { readonly matchName?: string; readonly matchPattern?: string }, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (rule.matchPattern === '*') return true;
  if (name.includes('*')) return rule.matchPattern?.toLowerCase().replace(/\.$/, '') === name;
  if (rule.matchName !== undefined) return rule.matchName.toLowerCase().replace(/\.$/, '') === name;
  if (rule.matchPattern === undefined) return false;
  const pattern = rule.matchPattern.toLowerCase().replace(/\.$/, '').split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-z0-9_]*');
  return new RegExp(`^${pattern}$`).test(name);
}

function peerMatches(rule: CiliumRule, direction: 'ingress' | 'egress', peer: Endpoint, policyNamespace: string, objects: ClusterObjects): boolean {
  const ingress = direction === 'ingress';
  const endpoints = ingress ? rule.fromEndpoints : rule.toEndpoints;
  const entities = ingress ? rule.fromEntities : rule.toEntities;
  const cidrs: CidrRule[] = [...((ingress ? rule.fromCIDR : rule.toCIDR) ?? []).map((cidr) => ({ cidr })), ...((ingress ? rule.fromCIDRSet : rule.toCIDRSet) ?? [])];
  if (!PEER_KEYS.some((k) => k in rule)) return rule.toPorts !== undefined; // only ports: every peer; `{}`: none
  if (endpoints && peer.kind === 'pod' && endpoints.some((s) => endpointSelected(s, peer, policyNamespace, objects))) return true;
  if (entities && entities.some((e) => entitiesOf(peer).includes(e))) return true;
  if (cidrs.some((c) => c.cidr !== undefined && endpointInBlock(peer, { cidr: c.cidr, except: c.except }))) return true;
  if (!ingress && rule.toFQDNs && peer.kind === 'host' && rule.toFQDNs.some((f) => dnsNameMatches(f, peer.host))) return true;
  return false;
}

/** Whether the rule's ports admit the query, and (for L7 rules) its request; `reason` says why not when they name the port. */
function portsAdmit(rule: CiliumRule, query: DirectionQuery): { readonly ok: boolean; readonly reason?: string } {
  if (!rule.toPorts || rule.toPorts.length === 0) return { ok: true };
  let reason: string | undefined;
  for (const portRule of rule.toPorts) {
    const portOk = (portRule.ports ?? [{}]).some((p) => {
      const protocol = p.protocol ?? 'ANY';
      if (protocol !== 'ANY' && protocol !== query.protocol) return false;
      if (p.port === undefined || p.port === '0' || p.port === 0) return true;
      const from = portNumber(p.port, query.portOwner);
      return from !== undefined && (p.endPort ? query.port >= from && query.port <= p.endPort : query.port === from);
    });
    if (!portOk) continue;
    const http = portRule.rules?.http;
    if (!http) return { ok: true };
    // L7: Cilium's proxy parses HTTP; mTLS between Linkerd proxies cannot be parsed, so nothing matches.
    if (!query.plaintext) {
      reason = 'an L7 (HTTP) rule cannot read mTLS between Linkerd proxies';
      continue;
    }
    const request = query.request;
    const matches = http.some((h) => (h.method === undefined || (request !== undefined && new RegExp(`^(?:${h.method})$`).test(request.method)))
      && (h.path === undefined || (request !== undefined && new RegExp(`^(?:${h.path})$`).test(request.path))));
    if (matches) return { ok: true };
    reason = `its L7 rules admit no ${request ? `${request.method} ${request.path}` : 'request of every shape'}`;
  }
  return { ok: false, reason };
}

function isolates(spec: CiliumSpec, direction: 'ingress' | 'egress'): boolean {
  const deny = spec.enableDefaultDeny?.[direction];
  return deny === undefined ? spec[direction] !== undefined || spec[`${direction}Deny`] !== undefined : deny;
}

/**
 * CiliumNetworkPolicy (AKS): which policies isolate the subject, which rule admits the peer, and deny rules, which
 * win over allows. A `toFQDNs` rule admits a name only when the pod's DNS goes through Cilium's DNS proxy (an L7 `dns`
 * rule to the resolver that covers the name): Cilium learns the name's addresses from those answers alone
 * (policy/language "DNS based").
 */
export function ciliumPolicyDirection(objects: ClusterObjects, query: DirectionQuery, resolvers: readonly Endpoint[]): DirectionResult {
  const selecting = policiesSelecting(objects, query.subject);
  const isolating = selecting.filter((p) => isolates(specOf(p), query.direction));
  const notes: string[] = [];
  const admits = (p: KubeObject, rules: readonly CiliumRule[] | undefined): boolean => (rules ?? []).some((rule) => {
    if (!peerMatches(rule, query.direction, query.peer, p.metadata.namespace ?? '', objects)) return false;
    const ports = portsAdmit(rule, query);
    if (!ports.ok) {
      if (ports.reason) notes.push(`${refOf(p)}: ${ports.reason}`);
      return false;
    }
    if (rule.toFQDNs && query.peer.kind === 'host' && !dnsVisible(selecting, query.peer.host, resolvers, objects)) {
      notes.push(`${refOf(p)} names ${query.peer.host} in toFQDNs, but no rule sends the pod's DNS through Cilium's DNS proxy (toPorts.rules.dns), so its addresses are never learned`);
      return false;
    }
    return true;
  });
  const denied = selecting.find((p) => admits(p, specOf(p)[`${query.direction}Deny`]));
  if (denied) return { isolatedBy: [refOf(denied)], notes: [`${refOf(denied)} denies it explicitly`] };
  const allowing = selecting.find((p) => admits(p, specOf(p)[query.direction]));
  return { isolatedBy: isolating.map(refOf), allowedBy: allowing ? refOf(allowing) : undefined, notes };
}

/** The policies whose endpointSelector selects the pod, in either direction: the same for every flow of the pod. */
function policiesSelecting(objects: ClusterObjects, pod: PodEndpoint): readonly KubeObject[] {
  let byPod = selectingPolicies.get(objects);
  if (!byPod) selectingPolicies.set(objects, (byPod = new WeakMap()));
  let selecting = byPod.get(pod);
  if (!selecting) {
    selecting = objects.of('cilium.io', 'CiliumNetworkPolicy', pod.namespace)
      .filter((p) => endpointSelected(specOf(p).endpointSelector ?? {}, pod, p.metadata.namespace ?? '', objects));
    byPod.set(pod, selecting);
  }
  return selecting;
}

/** An egress rule to a resolver on port 53 whose `dns` rules cover the name. */
function dnsVisible(selecting: readonly KubeObject[], host: string, resolvers: readonly Endpoint[], objects: ClusterObjects): boolean {
  return selecting.some((p) => (specOf(p).egress ?? []).some((rule) =>
    resolvers.some((resolver) => peerMatches(rule, 'egress', resolver, p.metadata.namespace ?? '', objects))
    && (rule.toPorts ?? []).some((pr) => (pr.ports ?? []).some((port) => String(port.port) === '53') && (pr.rules?.dns ?? []).some((d) => dnsNameMatches(d, host)))));
}

function specOf(policy: KubeObject): CiliumSpec {
  return objectSpec<CiliumSpec>(policy);
}
