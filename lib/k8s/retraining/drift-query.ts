import { MODEL_METRICS, SCRAPE_LABELS } from '../../contract/observability/metric-catalog';
import { clusterMatchers, selector } from '../../contract/observability/promql';
import { PrometheusQueryEndpoint } from '../observability/analysis-endpoint';

/**
 * The drift score drift-triggered retraining judges: the highest `model_data_drift_score` over every pod and version
 * of one model server. One series at most, which KEDA's prometheus scaler requires (pkg/scalers/prometheus_scaler.go
 * v2.20.2 refuses a result with several elements), and no series when the server reports none. A managed backend
 * holds many clusters, so there the query is pinned to `cluster`; an in-cluster Prometheus only sees its own.
 * Shared by DriftGate (a CronJob's script) and DriftScaledJob (a KEDA trigger), so both judge the same number.
 */
export function serverDriftQuery(namespace: string, server: string, endpoint: PrometheusQueryEndpoint, cluster: string | undefined): string {
  const matchers = { ...clusterMatchers(endpoint.kind === 'in-cluster' ? undefined : cluster), [SCRAPE_LABELS.namespace]: namespace, [SCRAPE_LABELS.workload]: server };
  return `max(${selector(MODEL_METRICS.driftScore, matchers)})`;
}
