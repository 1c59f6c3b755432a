import { LINKERD_VIZ_PROMETHEUS } from '../../contract/flagger';
import { Workload } from '../core/workload';

/**
 * Where a PromQL reader queries, and how it authenticates. Flagger's prometheus provider can only send a static
 * bearer token or basic auth (fluxcd/flagger v1.44.0 pkg/metrics/providers/prometheus.go), so it reads the in-cluster
 * endpoint; readers that can fetch a token themselves (the drift gate, KEDA) may read the managed backends, always
 * with a workload identity token, never a stored secret.
 */
export type PrometheusQueryEndpoint =
  /** An in-cluster Prometheus reached over the mesh: authorized by mTLS identity, no credential. */
  | { readonly kind: 'in-cluster'; readonly url: string }
  /** An Azure Monitor workspace query endpoint; Entra token for https://prometheus.monitor.azure.com (Monitoring Data Reader). */
  | { readonly kind: 'azure-monitor'; readonly queryEndpoint: string }
  /** Google Managed Service for Prometheus; OAuth token of the pod's workload identity (roles/monitoring.viewer). */
  | { readonly kind: 'google-managed'; readonly projectId: string };

/**
 * The canary-analysis endpoint on both clouds: linkerd-viz's Prometheus (6 h retention, 10 s scrapes), which already
 * scrapes every proxy with Linkerd's own relabeling and which Flagger's chart authorizes (`linkerdAuthPolicy`).
 * Short retention is enough for analysis windows of minutes; alerts and dashboards use the managed backends.
 */
export const ANALYSIS_ENDPOINT: PrometheusQueryEndpoint = { kind: 'in-cluster', url: LINKERD_VIZ_PROMETHEUS };

/** The query URL base (`<base>/api/v1/query`) of an endpoint. */
export function queryBaseUrl(endpoint: PrometheusQueryEndpoint): string {
  switch (endpoint.kind) {
    case 'in-cluster':
      return endpoint.url;
    case 'azure-monitor':
      return endpoint.queryEndpoint;
    case 'google-managed':
      // cloud.google.com/stackdriver/docs/managed-prometheus/query-api-ui#http-api-details
      return `https://monitoring.googleapis.com/v1/projects/${endpoint.projectId}/location/global/prometheus`;
  }
}

/** linkerd-viz's Prometheus as a mesh client (viz chart: ServiceAccount `prometheus`, pod label `component: prometheus`). */
export const LINKERD_VIZ_PROMETHEUS_CLIENT: Workload = {
  name: 'prometheus',
  namespace: 'linkerd-viz',
  serviceAccountName: 'prometheus',
  selector: { component: 'prometheus' },
  ports: [{ name: 'admin-http', port: 9090, protocol: 'http1' }],
};
