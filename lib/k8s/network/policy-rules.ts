/**
 * A dataplane-neutral description of network allow rules. Constructs in this folder say *what* may flow;
 * `AllowPolicy` renders it as the kind the cluster's dataplane enforces (CiliumNetworkPolicy on AKS,
 * Kubernetes NetworkPolicy on GKE), so a rule is written once and cannot differ between clouds by accident.
 */

export type Labels = Readonly<Record<string, string>>;

/** Who is on the other end of a rule. */
export type PolicyPeer =
  /** Pods matching `selector` in `namespace`; an empty selector means every pod of the namespace. */
  | { readonly kind: 'pods'; readonly namespace: string; readonly selector: Labels }
  /** An address range outside the pod network (node-local DNS, Google API VIPs). */
  | { readonly kind: 'cidr'; readonly cidr: string }
  /** A DNS name (Cilium `toFQDNs`); `pattern` may hold `*` wildcards. Exactly one of name or pattern. */
  | { readonly kind: 'fqdn'; readonly name?: string; readonly pattern?: string }
  /** Anything outside the cluster. Only ever emitted on an explicit, documented opt-in. */
  | { readonly kind: 'world' }
  /** The Kubernetes API server (Cilium `kube-apiserver` entity; works for egress only). */
  | { readonly kind: 'kube-apiserver' }
  /** Any source at all, including the API server calling a webhook; ingress only. */
  | { readonly kind: 'anywhere' };

export interface PolicyPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** An HTTP request shape for Cilium L7 rules. Path is a regular expression (Cilium `rules.http[].path`). */
export interface HttpMatch {
  /** @default any method */
  readonly method?: string;
  /** @default any path */
  readonly path?: string;
}

/** Traffic to or from any of `peers` on any of `ports` is allowed. */
export interface AllowRule {
  readonly peers: readonly PolicyPeer[];
  readonly ports: readonly PolicyPort[];
  /**
   * L7: only these HTTP requests are allowed on the ports (Cilium only).
   * @default no L7 restriction
   */
  readonly http?: readonly HttpMatch[];
  /**
   * Send the DNS traffic on these ports through Cilium's DNS proxy, which `toFQDNs` rules need to learn
   * the addresses behind a name (docs.cilium.io security/policy/language "DNS based").
   * @default false
   */
  readonly inspectDns?: boolean;
}

export function tcp(port: number): PolicyPort {
  return { port, protocol: 'TCP' };
}

/** DNS is served over UDP and falls back to TCP for large answers, so both are always opened together. */
export function dnsPorts(): PolicyPort[] {
  return [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];
}
