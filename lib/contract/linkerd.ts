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

/**
 * The cluster-wide default inbound policy of a proxy whose namespace and pod name none: linkerd-control-plane
 * values.yaml `proxy.defaultInboundPolicy` (the platform does not override it; meshed namespaces set their own).
 */
export const LINKERD_DEFAULT_INBOUND_POLICY = 'all-unauthenticated';

/** What `cluster-*` default policies count as in-cluster: linkerd-control-plane values.yaml `clusterNetworks`. */
export const LINKERD_CLUSTER_NETWORKS: readonly string[] = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'];

/**
 * How a meshed client's proxy reaches a meshed server: `transport-header`, Linkerd 2.20's default
 * (linkerd-control-plane values.yaml `proxy.outboundTransportMode`; linkerd2#13715, default since 2.18). The client
 * proxy sends every connection to a meshed pod's application port to the proxy inbound port 4143, with the original
 * port in a header (controller/api/destination/endpoint_translator.go). The proxy's own ports (admin 4191, tap 4190)
 * are never rewritten. So between meshed pods network policy sees 4143, whatever the application port.
 */
export const LINKERD_OUTBOUND_TRANSPORT_MODE = 'transport-header';

/** Ports the destination controller never rewrites to the proxy inbound port (meta ports). */
export const LINKERD_META_PORTS: readonly number[] = [LINKERD_PORTS.proxyAdmin, 4190];
