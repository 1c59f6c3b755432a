/**
 * How a meshed pod's traffic is redirected to its Linkerd proxy (linkerd.io/2-edge/features/cni).
 * - `proxy-init`: an init container rewrites iptables; it needs NET_ADMIN and NET_RAW.
 * - `linkerd-cni`: the linkerd-cni DaemonSet does it at pod network setup; pods need no extra capability.
 */
export type MeshTrafficRedirect = 'proxy-init' | 'linkerd-cni';
