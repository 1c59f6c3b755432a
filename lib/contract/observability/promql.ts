import { CERT_MANAGER_METRICS, CONTAINER_METRICS, LINKERD_ISSUER_TTL, LINKERD_METRICS, MODEL_METRICS, SCRAPE_LABELS } from './metric-catalog';

/**
 * PromQL for the platform's signals, written once and evaluated by every backend: Azure Monitor rule groups, Cloud
 * Monitoring PromQL conditions, dashboards and the in-cluster Prometheus. Only Prometheus 2.44 functions are used
 * (GMP's PromQL parity, cloud.google.com/stackdriver/docs/managed-prometheus/promql-differences), and metric names
 * are never regexes (GMP requires exact names).
 */

/** One model version of one server: the series a per-version rule selects. */
export interface ModelVersionRef {
  readonly namespace: string;
  /** The model server's name (the `workload` label). */
  readonly workload: string;
  readonly modelVersion: string;
}

/** Label matchers, rendered in a stable order. Values are quoted with JSON escaping, which PromQL accepts. */
export type Matchers = Readonly<Record<string, string>>;

export function selector(metric: string, matchers: Matchers, extra: readonly string[] = []): string {
  const parts = [...Object.entries(matchers).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...extra];
  return `${metric}{${parts.join(', ')}}`;
}

/**
 * Matchers that pin a query to one cluster. A managed backend (an Azure Monitor workspace, a Google Cloud project)
 * holds many clusters, so every managed query carries it; an in-cluster Prometheus only sees its own.
 */
export function clusterMatchers(cluster: string | undefined): Matchers {
  return cluster === undefined ? {} : { [SCRAPE_LABELS.cluster]: cluster };
}

function versionMatchers(ref: ModelVersionRef, cluster: string | undefined): Matchers {
  return {
    ...clusterMatchers(cluster),
    [SCRAPE_LABELS.namespace]: ref.namespace,
    [SCRAPE_LABELS.workload]: ref.workload,
    [SCRAPE_LABELS.modelVersion]: ref.modelVersion,
  };
}

const BY_VERSION = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.deployment}, ${SCRAPE_LABELS.modelVersion}`;
const INBOUND = 'direction="inbound"';

/**
 * Percent of a version's inbound requests that failed over `window`. The numerator is `or`-ed with 0 per series
 * of the denominator: with no failures Linkerd has no failure series, and a bare ratio would be empty instead of 0.
 */
export function errorRatePercent(ref: ModelVersionRef, window: string, cluster?: string): string {
  const m = versionMatchers(ref, cluster);
  const total = `sum by (${BY_VERSION}) (rate(${selector(LINKERD_METRICS.responseTotal, m, [INBOUND])}[${window}]))`;
  const failed = `sum by (${BY_VERSION}) (rate(${selector(LINKERD_METRICS.responseTotal, m, [INBOUND, 'classification="failure"'])}[${window}]))`;
  return `100 * ((${failed}) or (0 * ${total})) / ${total}`;
}

/** A latency quantile of a version's inbound requests, in milliseconds. */
export function latencyQuantileMs(quantile: number, ref: ModelVersionRef, window: string, cluster?: string): string {
  const m = versionMatchers(ref, cluster);
  return `histogram_quantile(${quantile}, sum by (le, ${BY_VERSION}) (rate(${selector(LINKERD_METRICS.responseLatencyBucket, m, [INBOUND])}[${window}])))`;
}

/** The lowest accuracy any pod of the version reports. */
export function modelAccuracy(ref: ModelVersionRef, cluster?: string): string {
  return `min by (${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.modelVersion}) (${selector(MODEL_METRICS.accuracy, versionMatchers(ref, cluster))})`;
}

/** The highest drift score any pod of the version reports. */
export function modelDrift(ref: ModelVersionRef, cluster?: string): string {
  return `max by (${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.modelVersion}) (${selector(MODEL_METRICS.driftScore, versionMatchers(ref, cluster))})`;
}

/** Seconds until each named cert-manager Certificate expires. */
export function certificateSecondsLeft(certificateNames: readonly string[], cluster?: string): string {
  const names = certificateNames.map(escapeRegex).join('|');
  return `${selector(CERT_MANAGER_METRICS.expiration, clusterMatchers(cluster), [`name=~"${names}"`])} - time()`;
}

/** Seconds until cert-manager renews the named Certificate; only Certificates issued at least once (timestamp > 0). */
export function certificateSecondsToRenewal(certificateName: string, cluster?: string): string {
  return `(${selector(CERT_MANAGER_METRICS.renewal, clusterMatchers(cluster), [`name="${certificateName}"`])} > 0) - time()`;
}

/** 1 for each named Certificate whose Ready condition is False. */
export function certificateNotReady(certificateNames: readonly string[], cluster?: string): string {
  const names = certificateNames.map(escapeRegex).join('|');
  return `${selector(CERT_MANAGER_METRICS.readyStatus, clusterMatchers(cluster), [`name=~"${names}"`, 'condition="False"'])} == 1`;
}

/** Seconds left on Linkerd's identity issuer certificate, as the identity controller sees it. */
export function linkerdIssuerSecondsLeft(cluster?: string): string {
  return `min(${selector(LINKERD_ISSUER_TTL, clusterMatchers(cluster))})`;
}

const PROXY_CONTAINER = 'container="linkerd-proxy"';

/**
 * The proxy container's limit of `resource` per pod. A native-sidecar proxy is an init container, reported by
 * kube-state-metrics as kube_pod_init_container_resource_limits; a classic sidecar as kube_pod_container_resource_limits.
 */
function proxyLimit(resource: 'cpu' | 'memory', cluster: string | undefined): string {
  const m = clusterMatchers(cluster);
  const by = `max by (${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.pod})`;
  return `(${by} (${selector(CONTAINER_METRICS.initLimits, m, [PROXY_CONTAINER, `resource="${resource}"`])})`
    + ` or ${by} (${selector(CONTAINER_METRICS.limits, m, [PROXY_CONTAINER, `resource="${resource}"`])}))`;
}

/** The proxy's memory working set as a share (0-1) of its memory limit, per pod. */
export function proxyMemoryOfLimit(cluster?: string): string {
  const used = `max by (${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.pod}) (${selector(CONTAINER_METRICS.memoryWorkingSet, clusterMatchers(cluster), [PROXY_CONTAINER])})`;
  return `${used} / ${proxyLimit('memory', cluster)}`;
}

/** The proxy's CPU use as a share (0-1) of its CPU limit, per pod. */
export function proxyCpuOfLimit(window: string, cluster?: string): string {
  const used = `sum by (${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.pod}) (rate(${selector(CONTAINER_METRICS.cpuUsage, clusterMatchers(cluster), [PROXY_CONTAINER])}[${window}]))`;
  return `${used} / ${proxyLimit('cpu', cluster)}`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
}

/** The metric names a PromQL expression references (identifiers followed by `{`), for tests and checks. */
export function referencedMetrics(expr: string): string[] {
  return [...new Set([...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]))];
}
