/**
 * The metric names and label names every query of the platform uses (alerts, dashboards, Flagger templates,
 * the drift gate), in one place so a query can only name a metric that something actually exports.
 */

/** Linkerd proxy metrics (linkerd.io/2-edge/reference/proxy-metrics), served on the proxy admin port. */
export const LINKERD_METRICS = {
  /** Counter; labels direction, tls, status_code, classification (success | failure), grpc_status_code. */
  responseTotal: 'response_total',
  /** Histogram of time-to-first-byte in milliseconds. */
  responseLatencyBucket: 'response_latency_ms_bucket',
  /** Counter of requests, incremented when the request stream begins. */
  requestTotal: 'request_total',
  /** Gauge: expiry of the proxy's own 24 h mTLS leaf certificate. */
  proxyCertExpiry: 'identity_cert_expiration_timestamp_seconds',
} as const;

/** Linkerd identity controller gauge: seconds left on the issuer certificate (pkg/identity/service.go, version-2.20). */
export const LINKERD_ISSUER_TTL = 'issuer_cert_ttl_seconds';

/**
 * cert-manager controller metrics (cert-manager.io/docs/usage/prometheus-metrics), port 9402 `http-metrics`. Their own
 * `namespace` label (the Certificate's) collides with the target label the collectors set and ends up as
 * `exported_namespace`, so queries select Certificates by `name` only.
 */
export const CERT_MANAGER_METRICS = {
  /** Gauge: a Certificate's expiry as a Unix timestamp; labels name, namespace, issuer_name, issuer_kind. */
  expiration: 'certmanager_certificate_expiration_timestamp_seconds',
  /** Gauge 0/1 per condition (True | False | Unknown). */
  readyStatus: 'certmanager_certificate_ready_status',
  /** Gauge: when cert-manager will renew the Certificate (notAfter - renewBefore), as a Unix timestamp. */
  renewal: 'certmanager_certificate_renewal_timestamp_seconds',
} as const;

/**
 * Container usage and limits: cAdvisor and kube-state-metrics, both collected by default by AKS managed Prometheus
 * and, on GKE, with the CADVISOR and POD managed components. A native-sidecar proxy is an init container, whose
 * limits kube-state-metrics reports as `kube_pod_init_container_resource_limits`.
 */
export const CONTAINER_METRICS = {
  memoryWorkingSet: 'container_memory_working_set_bytes',
  cpuUsage: 'container_cpu_usage_seconds_total',
  limits: 'kube_pod_container_resource_limits',
  initLimits: 'kube_pod_init_container_resource_limits',
} as const;

/**
 * The model server's own metrics: the platform's contract with model images (docs/observability.md). Served as
 * Prometheus text at `MODEL_METRICS_PATH` on the server's internal port. Both are gauges with labels `model` and
 * `model_version`, computed by the server over a rolling window.
 */
export const MODEL_METRICS = {
  /** Share of correct predictions against (delayed) ground truth, 0-1. */
  accuracy: 'model_prediction_accuracy',
  /** Data drift of the live inputs against the training data (e.g. PSI), >= 0; 0.15 is the reference threshold. */
  driftScore: 'model_data_drift_score',
} as const;

export const MODEL_METRICS_PATH = '/metrics';

/**
 * Labels the platform's scrape configurations put on every Linkerd and model-server series. The proxy emits none of
 * them (linkerd.io/2-edge/tasks/external-prometheus: they come from relabeling); GKE managed collection cannot
 * `labelmap`, so each is mapped explicitly from a pod label (`targetLabels.fromPod`), and the AKS and in-cluster
 * configurations map the same names, so one query works on every backend.
 */
export const SCRAPE_LABELS = {
  /** The pod's namespace; set by every collector. */
  namespace: 'namespace',
  pod: 'pod',
  /** The Deployment, from the pod label `linkerd.io/proxy-deployment` the injector writes. */
  deployment: 'deployment',
  /** The workload (model server name), from `ml-mesh-platform.io/workload`, which Flagger never rewrites. */
  workload: 'workload',
  /** The model version, from `ml-mesh-platform.io/model-version`. */
  modelVersion: 'model_version',
  /** The cluster; set by GKE managed collection and by the AKS metrics add-on. */
  cluster: 'cluster',
} as const;

/** Every metric name the platform's queries may reference; the dashboard and alert tests check against it. */
export const KNOWN_METRICS: readonly string[] = [
  ...Object.values(LINKERD_METRICS),
  LINKERD_ISSUER_TTL,
  ...Object.values(CERT_MANAGER_METRICS),
  ...Object.values(CONTAINER_METRICS),
  ...Object.values(MODEL_METRICS),
];
