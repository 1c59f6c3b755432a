// Flagger settings the serving and observability constructs share; the chart pins are in chart-versions.ts.

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

/** Where `Flagger` installs the controller and its load tester. */
export const FLAGGER_NAMESPACE = 'flagger-system';

/**
 * Flagger's load tester as `Flagger` installs it: release `flagger-loadtester` of chart `loadtester` in
 * flagger-system. The chart names its Service, and with `rbac.create` its ServiceAccount, after the release
 * (charts/loadtester/templates/_helpers.tpl `loadtester.fullname`: a release name that contains the chart name is used
 * as is); the Service listens on port 80 (values.yaml `service.port`) and webhooks POST to `/`
 * (docs/gitbook/usage/webhooks.md). The canary's promotion check runs here and queries linkerd-viz's Prometheus as
 * this ServiceAccount.
 */
export const FLAGGER_LOADTESTER = {
  releaseName: 'flagger-loadtester',
  namespace: FLAGGER_NAMESPACE,
  serviceAccountName: 'flagger-loadtester',
  url: `http://flagger-loadtester.${FLAGGER_NAMESPACE}/`,
} as const;

/**
 * linkerd-viz's Linkerd Server for Prometheus's port 9090 (linkerd/linkerd2 viz/charts/linkerd-viz/templates/
 * prometheus-policy.yaml). Viz authorizes only its own `metrics-api` there; every other reader needs an
 * AuthorizationPolicy of its own targeting this Server.
 */
export const LINKERD_VIZ_PROMETHEUS_SERVER = { namespace: 'linkerd-viz', name: 'prometheus-admin' } as const;
