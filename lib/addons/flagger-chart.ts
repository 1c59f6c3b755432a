import { PinnedChart } from './chart-versions';

/**
 * Flagger's Helm chart, pinned. 1.44.0 is the newest release (fluxcd/flagger tag v1.44.0, chart 1.44.0, image
 * ghcr.io/fluxcd/flagger:1.44.0). Kept beside chart-versions.ts until it is merged into CHART_VERSIONS.
 */
export const FLAGGER_CHART: PinnedChart = { repository: 'https://flagger.app', chart: 'flagger', version: '1.44.0' };

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
