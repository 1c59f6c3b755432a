import { KubeObject } from '../cluster-output';
import { endpointInBlock } from './address-match';
import { ClusterObjects, refOf, specOf as objectSpec } from './cluster-objects';
import { Endpoint, Labels, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { DirectionQuery, DirectionResult, portNumber } from './network-direction';
import { FolderMemo } from './folder-memo';
import { regexpBySource } from './regexp-by-source';

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

type Section = 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny';

/** One rule of one policy, read once; which pods it names as peers is memoized, as pods do not change during a report. */
interface CompiledRule {
  readonly rule: CiliumRule;
  readonly ingress: boolean;
  /** The policy's namespace, which selectors without a namespace label see alone. */
  readonly namespace: string;
  /** The rule names a peer (otherwise it admits every peer when it names ports, and none when it is `{}`). */
  readonly namesPeer: boolean;
  readonly endpoints?: readonly LabelSelector[];
  readonly entities?: readonly string[];
  readonly cidrs: readonly CidrRule[];
  readonly pods: WeakMap<PodEndpoint, boolean>;
}

/** One policy, read once per folder. */
interface CompiledPolicy {
  readonly ref: string;
  readonly spec: CiliumSpec;
  readonly isolates: { readonly ingress: boolean; readonly egress: boolean };
  readonly rules: Readonly<Record<Section, readonly CompiledRule[]>>;
}

/** A rule with the policy it belongs to. */
interface PolicyRule {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
}

/** The policies that select a pod, those that isolate it per direction, and their rules by section in policy order. */
interface PodPolicies {
  readonly selecting: readonly CompiledPolicy[];
  readonly isolatedBy: { readonly ingress: readonly string[]; readonly egress: readonly string[] };
  readonly rules: Readonly<Record<Section, readonly PolicyRule[]>>;
}

// The evaluator asks the same questions of the same selectors and pods for every flow; the answers are memoized by
// object identity (the emitted objects and the pod inventory do not change while a report is computed).
const normalized = new WeakMap<LabelSelector, { readonly selector: LabelSelector; readonly namesNamespace: boolean }>();
const endpointLabels = new FolderMemo<PodEndpoint, Labels>();
const compiledPolicies = new FolderMemo<KubeObject, CompiledPolicy>();
const podPolicies = new FolderMemo<PodEndpoint, PodPolicies>();

/** Selector keys as Cilium stores them: `k8s:` and `any:` are sources, not part of the key. */
function normalize(selector: LabelSelector): { readonly selector: LabelSelector; readonly namesNamespace: boolean } {
  const cached = normalized.get(selector);
  if (cached) return cached;
  const key = (k: string) => k.replace(/^(k8s|any):/, '');
  const s = {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [key(k), v])),
    matchExpressions: (selector.matchExpressions ?? []).map((e) => ({ ...e, key: key(e.key) })),
  };
  const result = { selector: s, namesNamespace: NAMESPACE_LABEL in s.matchLabels || s.matchExpressions.some((e) => e.key === NAMESPACE_LABEL) };
  normalized.set(selector, result);
  return result;
}

function ciliumLabels(pod: PodEndpoint, objects: ClusterObjects): Labels {
  return endpointLabels.get(objects, pod, () => {
    const namespaceLabels = Object.fromEntries(Object.entries(objects.namespaceLabels(pod.namespace)).map(([k, v]) => [`${NAMESPACE_LABELS_PREFIX}${k}`, v]));
    return { ...pod.labels, ...namespaceLabels, [NAMESPACE_LABEL]: pod.namespace, [SERVICE_ACCOUNT_LABEL]: pod.serviceAccount };
  });
}

/** A namespaced policy's selectors see only its own namespace unless they name one (security/policy/kubernetes). */
function endpointSelected(selector: LabelSelector, pod: PodEndpoint, policyNamespace: string, objects: ClusterObjects): boolean {
  const { selector: s, namesNamespace } = normalize(selector);
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
  return regexpBySource(`^${pattern}$`).test(name);
}

function compileRule(rule: CiliumRule, ingress: boolean, namespace: string): CompiledRule {
  return {
    rule,
    ingress,
    namespace,
    namesPeer: PEER_KEYS.some((k) => k in rule),
    endpoints: ingress ? rule.fromEndpoints : rule.toEndpoints,
    entities: ingress ? rule.fromEntities : rule.toEntities,
    cidrs: [...((ingress ? rule.fromCIDR : rule.toCIDR) ?? []).map((cidr) => ({ cidr })), ...((ingress ? rule.fromCIDRSet : rule.toCIDRSet) ?? [])],
    pods: new WeakMap(),
  };
}

function compiled(objects: ClusterObjects, policy: KubeObject): CompiledPolicy {
  return compiledPolicies.get(objects, policy, () => {
    const spec = objectSpec<CiliumSpec>(policy);
    const namespace = policy.metadata.namespace ?? '';
    const rules = (section: Section) => (spec[section] ?? []).map((rule) => compileRule(rule, section.startsWith('ingress'), namespace));
    return {
      ref: refOf(policy),
      spec,
      isolates: { ingress: isolates(spec, 'ingress'), egress: isolates(spec, 'egress') },
      rules: { ingress: rules('ingress'), egress: rules('egress'), ingressDeny: rules('ingressDeny'), egressDeny: rules('egressDeny') },
    };
  });
}

function peerMatches(rule: CompiledRule, peer: Endpoint, objects: ClusterObjects): boolean {
  if (!rule.namesPeer) return rule.rule.toPorts !== undefined; // only ports: every peer; `{}`: none
  if (peer.kind !== 'pod') return otherPeerMatches(rule, peer);
  let matches = rule.pods.get(peer);
  if (matches === undefined) {
    // A pod is in the `all` and `cluster` entities, and in no CIDR rule (address-match.ts).
    matches = (rule.endpoints !== undefined && rule.endpoints.some((s) => endpointSelected(s, peer, rule.namespace, objects)))
      || (rule.entities !== undefined && rule.entities.some((e) => e === 'all' || e === 'cluster'));
    rule.pods.set(peer, matches);
  }
  return matches;
}

function otherPeerMatches(rule: CompiledRule, peer: Exclude<Endpoint, PodEndpoint>): boolean {
  if (rule.entities && rule.entities.some((e) => entitiesOf(peer).includes(e))) return true;
  if (rule.cidrs.some((c) => c.cidr !== undefined && endpointInBlock(peer, { cidr: c.cidr, except: c.except }))) return true;
  if (!rule.ingress && rule.rule.toFQDNs && peer.kind === 'host' && rule.rule.toFQDNs.some((f) => dnsNameMatches(f, peer.host))) return true;
  return false;
}

const ADMITTED = { ok: true } as const;

/** Whether the rule's ports admit the query, and (for L7 rules) its request; `reason` says why not when they name the port. */
function portsAdmit(rule: CiliumRule, query: DirectionQuery): { readonly ok: boolean; readonly reason?: string } {
  if (!rule.toPorts || rule.toPorts.length === 0) return ADMITTED;
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
    if (!http) return ADMITTED;
    // L7: Cilium's proxy parses HTTP; mTLS between Linkerd proxies cannot be parsed, so nothing matches.
    if (!query.plaintext) {
      reason = 'an L7 (HTTP) rule cannot read mTLS between Linkerd proxies';
      continue;
    }
    const request = query.request;
    const matches = http.some((h) => (h.method === undefined || (request !== undefined && regexpBySource(`^(?:${h.method})$`).test(request.method)))
      && (h.path === undefined || (request !== undefined && regexpBySource(`^(?:${h.path})$`).test(request.path))));
    if (matches) return ADMITTED;
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
  const policies = policiesSelecting(objects, query.subject);
  const notes: string[] = [];
  const denied = firstAdmitting(policies.rules[query.direction === 'ingress' ? 'ingressDeny' : 'egressDeny'], policies, query, resolvers, objects, notes);
  if (denied) return { isolatedBy: [denied.ref], notes: [`${denied.ref} denies it explicitly`] };
  const allowing = firstAdmitting(policies.rules[query.direction], policies, query, resolvers, objects, notes);
  return { isolatedBy: policies.isolatedBy[query.direction], allowedBy: allowing ? allowing.ref : undefined, notes };
}

/** The policy of the first rule that admits the query, noting why rules that name the peer still do not. */
function firstAdmitting(rules: readonly PolicyRule[], policies: PodPolicies, query: DirectionQuery, resolvers: readonly Endpoint[], objects: ClusterObjects, notes: string[]): CompiledPolicy | undefined {
  for (const { policy, rule } of rules) {
    if (!peerMatches(rule, query.peer, objects)) continue;
    const ports = portsAdmit(rule.rule, query);
    if (!ports.ok) {
      if (ports.reason) notes.push(`${policy.ref}: ${ports.reason}`);
      continue;
    }
    if (rule.rule.toFQDNs && query.peer.kind === 'host' && !dnsVisible(policies.selecting, query.peer.host, resolvers, objects)) {
      notes.push(`${policy.ref} names ${query.peer.host} in toFQDNs, but no rule sends the pod's DNS through Cilium's DNS proxy (toPorts.rules.dns), so its addresses are never learned`);
      continue;
    }
    return policy;
  }
  return undefined;
}

/** The policies whose endpointSelector selects the pod, in either direction: the same for every flow of the pod. */
function policiesSelecting(objects: ClusterObjects, pod: PodEndpoint): PodPolicies {
  return podPolicies.get(objects, pod, () => {
    const selecting = objects.of('cilium.io', 'CiliumNetworkPolicy', pod.namespace)
      .filter((p) => endpointSelected(objectSpec<CiliumSpec>(p).endpointSelector ?? {}, pod, p.metadata.namespace ?? '', objects))
      .map((p) => compiled(objects, p));
    const isolatedBy = (direction: 'ingress' | 'egress') => selecting.filter((p) => p.isolates[direction]).map((p) => p.ref);
    const rules = (section: Section) => selecting.flatMap((policy) => policy.rules[section].map((rule) => ({ policy, rule })));
    return {
      selecting,
      isolatedBy: { ingress: isolatedBy('ingress'), egress: isolatedBy('egress') },
      rules: { ingress: rules('ingress'), egress: rules('egress'), ingressDeny: rules('ingressDeny'), egressDeny: rules('egressDeny') },
    };
  });
}

/** An egress rule to a resolver on port 53 whose `dns` rules cover the name. */
function dnsVisible(selecting: readonly CompiledPolicy[], host: string, resolvers: readonly Endpoint[], objects: ClusterObjects): boolean {
  return selecting.some((p) => p.rules.egress.some((rule) =>
    resolvers.some((resolver) => peerMatches(rule, resolver, objects))
    && (rule.rule.toPorts ?? []).some((pr) => (pr.ports ?? []).some((port) => String(port.port) === '53') && (pr.rules?.dns ?? []).some((d) => dnsNameMatches(d, host)))));
}
