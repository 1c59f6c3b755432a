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
  /** The proxy's outbound port: proxy-init redirects the pod's outbound connections here (values.yaml `proxy.ports.outbound`). */
  proxyOutbound: 4140,
  /** The proxy's control port, which tap uses (values.yaml `proxy.ports.control`). */
  proxyControl: 4190,
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

/**
 * Ports the Linkerd proxy listens on inside every meshed pod (values.yaml `proxy.ports`: admin 4191, control 4190,
 * inbound 4143, outbound 4140). An application port among them collides with the proxy, and proxy-init's iptables
 * rules send it to the proxy instead of the application.
 */
export const LINKERD_PROXY_PORTS: readonly number[] = [LINKERD_PORTS.proxyOutbound, LINKERD_PORTS.proxyInbound, LINKERD_PORTS.proxyControl, LINKERD_PORTS.proxyAdmin];

/** Namespace the Linkerd control plane is installed in by the Helm charts. */
export const LINKERD_NAMESPACE = 'linkerd';

/**
 * How a meshed pod's traffic is redirected to its Linkerd proxy (linkerd.io/2-edge/features/cni).
 * - `proxy-init`: an init container rewrites iptables; it needs NET_ADMIN and NET_RAW.
 * - `linkerd-cni`: the linkerd-cni DaemonSet does it at pod network setup; pods need no extra capability.
 */
export type MeshTrafficRedirect = 'proxy-init' | 'linkerd-cni';
