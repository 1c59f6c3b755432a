/**
 * A small evaluator of synthesized policy objects, so tests can ask "may pod A open a connection to pod B on
 * port P?" of both layers: network policy (Kubernetes NetworkPolicy and CiliumNetworkPolicy, the subset this
 * library emits) and Linkerd authorization (Server, AuthorizationPolicy, MeshTLSAuthentication).
 * It reads only the YAML, never the constructs, so it checks what the cluster would see.
 */

export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly meshed: boolean;
}

type Obj = Record<string, any>;
const CILIUM_NS = 'io.kubernetes.pod.namespace';

function matchLabels(selector: Obj | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector?.matchExpressions !== undefined) throw new Error('evaluator: matchExpressions are not supported');
  return Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);
}

// ---------- Kubernetes NetworkPolicy ----------

function kubeSelects(policy: Obj, pod: Pod): boolean {
  return policy.metadata.namespace === pod.namespace && matchLabels(policy.spec.podSelector, pod.labels);
}

function kubePeerMatches(policy: Obj, peer: Obj, pod: Pod): boolean {
  if (peer.ipBlock) return false; // ipBlock never matches pod IPs (AKS docs; Cilium maps it to world/CIDR identities)
  const nsOk = peer.namespaceSelector
    ? matchLabels(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policy.metadata.namespace;
  const podOk = peer.podSelector ? matchLabels(peer.podSelector, pod.labels) : true;
  return nsOk && podOk;
}

function kubePortMatches(ports: Obj[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? 'TCP') === protocol);
}

function kubeAllows(policies: Obj[], direction: 'Ingress' | 'Egress', subject: Pod, peer: Pod, port: number, protocol: string): { isolated: boolean; allowed: boolean } {
  const selecting = policies.filter((p) => p.kind === 'NetworkPolicy' && kubeSelects(p, subject) && (p.spec.policyTypes ?? ['Ingress']).includes(direction));
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  const allowed = selecting.some((p) => (p.spec[key] ?? []).some((rule: Obj) =>
    (rule[peerKey] === undefined || rule[peerKey].length === 0 || rule[peerKey].some((x: Obj) => kubePeerMatches(p, x, peer))) &&
    kubePortMatches(rule.ports, port, protocol)));
  return { isolated: selecting.length > 0, allowed };
}

// ---------- CiliumNetworkPolicy ----------

function ciliumLabelsOf(pod: Pod): Record<string, string> {
  return { ...pod.labels, [CILIUM_NS]: pod.namespace };
}

function ciliumSelectorMatches(selector: Obj, pod: Pod, policyNamespace: string): boolean {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) labels[k.replace(/^k8s:/, '')] = v;
  // A selector without a namespace label means the policy's own namespace (docs.cilium.io policy/kubernetes).
  if (labels[CILIUM_NS] === undefined) labels[CILIUM_NS] = policyNamespace;
  return matchLabels({ matchLabels: labels }, ciliumLabelsOf(pod));
}

function ciliumPortMatches(toPorts: Obj[] | undefined, port: number, protocol: string): boolean {
  if (!toPorts || toPorts.length === 0) return true;
  return toPorts.some((tp) => (tp.ports ?? []).some((p: Obj) => Number(p.port) === port && (p.protocol === undefined || p.protocol === 'ANY' || p.protocol === protocol)));
}

function ciliumRuleMatchesPod(rule: Obj, peerKeys: { endpoints: string; entities: string; others: string[] }, pod: Pod, policyNamespace: string): boolean {
  if (rule[peerKeys.endpoints]) return rule[peerKeys.endpoints].some((s: Obj) => ciliumSelectorMatches(s, pod, policyNamespace));
  if (rule[peerKeys.entities]) return rule[peerKeys.entities].some((e: string) => e === 'all' || e === 'cluster');
  if (peerKeys.others.some((k) => rule[k] !== undefined)) return false; // CIDR / FQDN peers are outside the pod network
  // No L3 peer at all: Cilium treats nil endpoints with toPorts as a wildcard; `{}` matches nothing.
  return rule.toPorts !== undefined;
}

function ciliumAllows(policies: Obj[], direction: 'Ingress' | 'Egress', subject: Pod, peer: Pod, port: number, protocol: string): { isolated: boolean; allowed: boolean } {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const selecting = policies.filter((p) => p.kind === 'CiliumNetworkPolicy' && p.metadata.namespace === subject.namespace &&
    ciliumSelectorMatches(p.spec.endpointSelector ?? {}, subject, subject.namespace));
  if (selecting.some((p) => p.spec[`${key}Deny`] !== undefined)) throw new Error('evaluator: deny rules are not supported');
  const peerKeys = direction === 'Ingress'
    ? { endpoints: 'fromEndpoints', entities: 'fromEntities', others: ['fromCIDR', 'fromCIDRSet', 'fromNodes', 'fromGroups'] }
    : { endpoints: 'toEndpoints', entities: 'toEntities', others: ['toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toNodes', 'toGroups'] };
  const allowed = selecting.some((p) => (p.spec[key] ?? []).some((rule: Obj) =>
    ciliumRuleMatchesPod(rule, peerKeys, peer, p.metadata.namespace) && ciliumPortMatches(rule.toPorts, port, protocol)));
  return { isolated: selecting.some((p) => p.spec[key] !== undefined), allowed };
}

/** May `src` open a connection to `dst` on `port`? Both src's egress and dst's ingress must allow it. */
export function networkAllows(objects: Obj[], src: Pod, dst: Pod, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  const direction = (d: 'Ingress' | 'Egress', subject: Pod, peer: Pod) => {
    const kube = kubeAllows(objects, d, subject, peer, port, protocol);
    const cilium = ciliumAllows(objects, d, subject, peer, port, protocol);
    // Policies of both kinds add up; a pod is isolated if any policy of either kind isolates it.
    return !(kube.isolated || cilium.isolated) || kube.allowed || cilium.allowed;
  };
  return direction('Egress', src, dst) && direction('Ingress', dst, src);
}

// ---------- Linkerd authorization ----------

function identityMatches(identity: string, pod: Pod): boolean {
  const own = `${pod.serviceAccount}.${pod.namespace}.serviceaccount.identity.linkerd.cluster.local`;
  if (identity === '*') return true;
  if (identity.startsWith('*.')) return own.endsWith(identity.slice(1));
  return identity === own;
}

/** Whether one requiredAuthenticationRef admits a meshed client; NetworkAuthentication refs are address-based. */
function authenticationMatches(objects: Obj[], ref: Obj, policyNamespace: string, src: Pod): boolean | 'network' {
  const namespace = ref.namespace ?? policyNamespace;
  if (ref.kind === 'ServiceAccount') return src.meshed && ref.name === src.serviceAccount && namespace === src.namespace;
  if (ref.kind === 'NetworkAuthentication') return 'network';
  if (ref.kind !== 'MeshTLSAuthentication') throw new Error(`evaluator: unknown authentication kind ${ref.kind}`);
  const mtls = objects.find((o) => o.kind === 'MeshTLSAuthentication' && o.metadata.name === ref.name && o.metadata.namespace === namespace);
  if (!mtls || !src.meshed) return false;
  if (mtls.spec.identities) return mtls.spec.identities.some((i: string) => identityMatches(i, src));
  return (mtls.spec.identityRefs ?? []).some((r: Obj) =>
    r.kind === 'Namespace' ? r.name === src.namespace : r.kind === 'ServiceAccount' && r.name === src.serviceAccount && (r.namespace ?? mtls.metadata.namespace) === src.namespace);
}

/**
 * May meshed `src` reach `dst`'s port by identity? A Server must select the port and an AuthorizationPolicy
 * on that Server (directly, through a route on it, or through the namespace) must admit src's identity.
 * Authorizations that rest on a NetworkAuthentication (kubelet probes, named CIDRs) are not peer identity
 * and are left out.
 */
export function meshAllows(objects: Obj[], src: Pod, dst: Pod, port: { name: string; port: number }): boolean {
  const servers = objects.filter((o) => o.kind === 'Server' && o.metadata.namespace === dst.namespace &&
    matchLabels(o.spec.podSelector, dst.labels) && (o.spec.port === port.port || o.spec.port === port.name));
  return servers.some((server) => {
    const routes = objects.filter((o) => (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') && o.metadata.namespace === dst.namespace &&
      (o.spec.parentRefs ?? []).some((p: Obj) => p.kind === 'Server' && p.name === server.metadata.name)).map((r) => r.metadata.name);
    return objects.some((ap) => {
      if (ap.kind !== 'AuthorizationPolicy' || ap.metadata.namespace !== dst.namespace) return false;
      const t = ap.spec.targetRef;
      const targets = (t.kind === 'Server' && t.name === server.metadata.name) || (t.kind === 'Namespace' && t.name === dst.namespace) ||
        ((t.kind === 'HTTPRoute' || t.kind === 'GRPCRoute') && routes.includes(t.name));
      if (!targets) return false;
      const results = (ap.spec.requiredAuthenticationRefs as Obj[]).map((r) => authenticationMatches(objects, r, ap.metadata.namespace, src));
      return results.every((r) => r === true) && results.length > 0;
    });
  });
}
