import { LINKERD_METRICS, MODEL_METRICS, SCRAPE_LABELS } from '../../contract/observability/metric-catalog';

/**
 * The canary's three signals as PromQL for the analysis Prometheus, selecting the canary's pods by `deployment`
 * (Flagger's primary is `<target>-primary`, so an exact match never includes it). `ns`, `target` and `window`
 * are Flagger template variables in MetricTemplates (`{{ namespace }}`, `{{ target }}`, `{{ interval }}`,
 * docs/gitbook/usage/metrics.md) or literal values in the promotion check, which Flagger does not template.
 */
export interface CanaryQueryScope {
  readonly ns: string;
  readonly target: string;
  readonly window: string;
}

export const FLAGGER_TEMPLATE_SCOPE: CanaryQueryScope = { ns: '{{ namespace }}', target: '{{ target }}', window: '{{ interval }}' };

function canary(scope: CanaryQueryScope): string {
  return `${SCRAPE_LABELS.namespace}="${scope.ns}", ${SCRAPE_LABELS.deployment}="${scope.target}"`;
}

/**
 * Percent of the canary's inbound requests that failed. The failures are `or`-ed with 0 times the total: with no
 * failure Linkerd has no failure series, and a bare ratio would return nothing, which Flagger counts as a failed
 * check ("no values found", pkg/metrics/providers/prometheus.go).
 */
export function canaryErrorRateQuery(scope: CanaryQueryScope): string {
  const total = `sum(rate(${LINKERD_METRICS.responseTotal}{${canary(scope)}, direction="inbound"}[${scope.window}]))`;
  const failed = `sum(rate(${LINKERD_METRICS.responseTotal}{${canary(scope)}, direction="inbound", classification="failure"}[${scope.window}]))`;
  return `100 * (${failed} or 0 * ${total}) / ${total}`;
}

/** The canary's inbound p99 latency in milliseconds. */
export function canaryP99Query(scope: CanaryQueryScope): string {
  return `histogram_quantile(0.99, sum by (le) (rate(${LINKERD_METRICS.responseLatencyBucket}{${canary(scope)}, direction="inbound"}[${scope.window}])))`;
}

/** The lowest accuracy any canary pod reported over the window. */
export function canaryAccuracyQuery(scope: CanaryQueryScope): string {
  return `min(min_over_time(${MODEL_METRICS.accuracy}{${canary(scope)}}[${scope.window}]))`;
}
