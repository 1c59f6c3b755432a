import { MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../labels';
import { MODEL_METRICS_PATH, SCRAPE_LABELS } from './metric-catalog';

/** A model server whose own metrics (accuracy, drift) are scraped. */
export interface ScrapedModelServer {
  readonly namespace: string;
  /** The server's name (`ml-mesh-platform.io/workload` label). */
  readonly server: string;
  /** Container port number serving `/metrics` (the server's internal port). @default 8080 */
  readonly metricsPort?: number;
}

/**
 * A scrape job for linkerd-viz's Prometheus (chart value `prometheus.scrapeConfigs`) that adds the model servers'
 * own metrics, so Flagger's accuracy check finds them. Pod labels are mapped to the platform's label names
 * (`SCRAPE_LABELS`), the same ones the managed collectors write.
 */
export function vizModelMetricsScrapeConfig(servers: readonly ScrapedModelServer[]): Record<string, unknown> {
  const namespaces = [...new Set(servers.map((s) => s.namespace))].sort();
  const keep = servers.map((s) => `${s.namespace};${s.server};${s.metricsPort ?? 8080}`).join('|');
  const podLabel = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return {
    job_name: 'ml-mesh-model-servers',
    metrics_path: MODEL_METRICS_PATH,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: namespaces } }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_namespace', podLabel(WORKLOAD_LABEL), '__meta_kubernetes_pod_container_port_number'], action: 'keep', regex: `^(${keep})$` },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: SCRAPE_LABELS.namespace },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: SCRAPE_LABELS.pod },
      { source_labels: [podLabel('linkerd.io/proxy-deployment')], target_label: SCRAPE_LABELS.deployment },
      { source_labels: [podLabel(WORKLOAD_LABEL)], target_label: SCRAPE_LABELS.workload },
      { source_labels: [podLabel(MODEL_VERSION_LABEL)], target_label: SCRAPE_LABELS.modelVersion },
    ],
  };
}
