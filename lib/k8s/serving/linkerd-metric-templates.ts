import { Construct } from 'constructs';
import { LINKERD_VIZ_PROMETHEUS } from '../../addons/flagger-chart';
import { MetricTemplate, MetricTemplateSpecProviderType } from '../../../imports/flagger-metric-template-flagger.app';


// Linkerd proxy metrics (linkerd.io/2-edge/reference/proxy-metrics): `response_total` counts responses with a
// `classification` of success/failure; `response_latency_ms_bucket` is the latency histogram. `deployment` is the
// pod's Deployment, so `{{ target }}` (the Canary's targetRef) selects canary pods only, never `<target>-primary`.
// Flagger fills `{{ namespace }}`, `{{ target }}` and `{{ interval }}` (docs/gitbook/usage/metrics.md).
const SELECTOR = 'namespace="{{ namespace }}", deployment=~"{{ target }}", direction="inbound"';

/** Percent of inbound requests to the canary that Linkerd classified as failures. */
export const ERROR_RATE_QUERY = [
  `100 * sum(rate(response_total{${SELECTOR}, classification="failure"}[{{ interval }}]))`,
  `/ sum(rate(response_total{${SELECTOR}}[{{ interval }}]))`,
].join('\n');

/** 99th percentile inbound latency of the canary, in milliseconds. */
export const P99_LATENCY_QUERY = `histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{${SELECTOR}}[{{ interval }}])) by (le))`;

export interface LinkerdMetricTemplatesProps {
  readonly namespace: string;
  /** @default LINKERD_VIZ_PROMETHEUS */
  readonly prometheusAddress?: string;
}

/**
 * The two MetricTemplates a Linkerd canary is judged by. Flagger's `gatewayapi` provider has no built-in
 * Linkerd metrics (its built-ins use the generic HTTP observer: pkg/metrics/observers/factory.go), so the
 * queries are spelled out here, after Flagger's Linkerd tutorial (docs/gitbook/tutorials/linkerd-progressive-delivery.md).
 */
export class LinkerdMetricTemplates extends Construct {
  public readonly errorRateName = 'linkerd-error-rate';
  public readonly p99LatencyName = 'linkerd-p99-latency';
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: LinkerdMetricTemplatesProps) {
    super(scope, id);
    this.namespace = props.namespace;
    const provider = { type: MetricTemplateSpecProviderType.PROMETHEUS, address: props.prometheusAddress ?? LINKERD_VIZ_PROMETHEUS };
    new MetricTemplate(this, 'error-rate', {
      metadata: { name: this.errorRateName, namespace: props.namespace },
      spec: { provider, query: ERROR_RATE_QUERY },
    });
    new MetricTemplate(this, 'p99-latency', {
      metadata: { name: this.p99LatencyName, namespace: props.namespace },
      spec: { provider, query: P99_LATENCY_QUERY },
    });
  }
}
