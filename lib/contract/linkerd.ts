/**
 * Ports Linkerd 2.20 uses that a network policy has to leave open. Sources: linkerd/linkerd2 chart
 * `charts/linkerd-control-plane/values.yaml` and linkerd.io/2-edge/reference/cluster-configuration.md.
 */
export const LINKERD_PORTS = {
  /**
   * The proxy's inbound port. Between two meshed pods the client proxy replaces the original target port
   * with this one, so a policy that blocks 4143 blocks all meshed traffic (linkerd.io/2/common-errors/network-policy).
   */
  proxyInbound: 4143,
  /** The proxy's admin port: `/metrics`, `/live`, `/ready`; Prometheus scrapes it. */
  proxyAdmin: 4191,
  /** linkerd-identity: proxies fetch their mTLS certificate here. */
  identity: 8080,
  /** linkerd-destination: service discovery and endpoint metadata. */
  destination: 8086,
  /** linkerd-policy (runs in the destination pod): the inbound and outbound policy API. */
  policy: 8090,
  /** Admission webhooks the API server calls: proxy-injector and sp-validator. */
  injectorWebhook: 8443,
  /** Admission webhook of the policy controller (policy-validator). */
  policyValidatorWebhook: 9443,
} as const;

/** Namespace the Linkerd control plane is installed in by the Helm charts. */
export const LINKERD_NAMESPACE = 'linkerd';

/**
 * How a meshed pod's traffic is redirected to its Linkerd proxy (linkerd.io/2-edge/features/cni).
 * - `proxy-init`: an init container rewrites iptables; it needs NET_ADMIN and NET_RAW.
 * - `linkerd-cni`: the linkerd-cni DaemonSet does it at pod network setup; pods need no extra capability.
 */
export type MeshTrafficRedirect = 'proxy-init' | 'linkerd-cni';
