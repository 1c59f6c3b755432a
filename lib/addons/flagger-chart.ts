// Flagger settings the serving and observability constructs share; the chart pin is in chart-versions.ts.

/**
 * linkerd-viz's Prometheus, which scrapes every proxy; Flagger's queries go there
 * (fluxcd/flagger kustomize/linkerd/patch.yaml `-metrics-server=http://prometheus.linkerd-viz:9090`).
 */
export const LINKERD_VIZ_PROMETHEUS = 'http://prometheus.linkerd-viz:9090';

/**
 * The mesh provider for Linkerd 2.20: Gateway API HTTPRoute v1 with the Service as parent. `linkerd` would drive
 * SMI TrafficSplit (pkg/router/factory.go), which needs the deprecated linkerd-smi extension.
 */
export const FLAGGER_MESH_PROVIDER = 'gatewayapi:v1';
