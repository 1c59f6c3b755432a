import { LINKERD_METRICS, MODEL_METRICS, SCRAPE_LABELS } from './metric-catalog';
import { certificateSecondsLeft, clusterMatchers, Matchers, proxyCpuOfLimit, proxyMemoryOfLimit, selector } from './promql';
import { IDENTITY_ISSUER_SECRET, TRUST_ANCHOR_SECRET } from '../mesh-pki';

/** A model server the dashboard shows, with every version it runs. */
export interface DashboardModel {
  readonly namespace: string;
  readonly server: string;
}

export interface PlatformDashboardProps {
  /** Environment name, in the title. */
  readonly environment: string;
  /** `cluster` label to pin queries to on a managed backend. @default none */
  readonly cluster?: string;
  readonly models: readonly DashboardModel[];
}

export type PanelUnit = 'reqps' | 'percent' | 'ms' | 'ratio' | 'days';

export interface PanelQuery {
  readonly expr: string;
  /** Legend, with `{{label}}` placeholders as Grafana and Cloud Monitoring both read them. */
  readonly legend: string;
}

/** One chart, independent of the dashboard product. */
export interface DashboardPanel {
  readonly section: string;
  readonly title: string;
  readonly unit: PanelUnit;
  readonly queries: readonly PanelQuery[];
}

const WINDOW = '5m';
const BY_VERSION = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.workload}, ${SCRAPE_LABELS.modelVersion}`;

function modelMatchers(model: DashboardModel, cluster: string | undefined): Matchers {
  return { ...clusterMatchers(cluster), [SCRAPE_LABELS.namespace]: model.namespace, [SCRAPE_LABELS.workload]: model.server };
}

function inboundRate(m: Matchers, extra: readonly string[] = [], by = BY_VERSION): string {
  return `sum by (${by}) (rate(${selector(LINKERD_METRICS.responseTotal, m, ['direction="inbound"', ...extra])}[${WINDOW}]))`;
}

function modelPanels(model: DashboardModel, cluster: string | undefined): DashboardPanel[] {
  const m = modelMatchers(model, cluster);
  const name = `${model.namespace}/${model.server}`;
  const legend = '{{model_version}}';
  const latency = (q: number): PanelQuery => ({
    expr: `histogram_quantile(${q}, sum by (le, ${BY_VERSION}) (rate(${selector(LINKERD_METRICS.responseLatencyBucket, m, ['direction="inbound"'])}[${WINDOW}])))`,
    legend: `p${Math.round(q * 100)} {{model_version}}`,
  });
  return [
    { section: 'Golden signals', title: `${name}: requests per second`, unit: 'reqps', queries: [{ expr: inboundRate(m), legend }] },
    { section: 'Golden signals', title: `${name}: success rate`, unit: 'percent', queries: [{ expr: `100 * ${inboundRate(m, ['classification="success"'])} / ${inboundRate(m)}`, legend }] },
    { section: 'Golden signals', title: `${name}: latency p50 / p95 / p99`, unit: 'ms', queries: [latency(0.5), latency(0.95), latency(0.99)] },
    {
      // The share of requests each version gets is the canary's progress: Flagger moves it step by step.
      section: 'Traffic split and canary progress', title: `${name}: share of requests by version`, unit: 'percent',
      queries: [{ expr: `100 * ${inboundRate(m)} / ignoring(${SCRAPE_LABELS.modelVersion}) group_left ${inboundRate(m, [], `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.workload}`)}`, legend }],
    },
    {
      section: 'Model quality and drift', title: `${name}: accuracy`, unit: 'ratio',
      queries: [{ expr: `min by (${SCRAPE_LABELS.modelVersion}) (${selector(MODEL_METRICS.accuracy, m)})`, legend }],
    },
    {
      section: 'Model quality and drift', title: `${name}: drift score`, unit: 'ratio',
      queries: [{ expr: `max by (${SCRAPE_LABELS.modelVersion}) (${selector(MODEL_METRICS.driftScore, m)})`, legend }],
    },
  ];
}

function meshPanels(props: PlatformDashboardProps): DashboardPanel[] {
  const c = clusterMatchers(props.cluster);
  const byNs = SCRAPE_LABELS.namespace;
  return [
    {
      section: 'Mesh health', title: 'Inbound requests over mTLS', unit: 'percent',
      queries: [{ expr: `100 * ${inboundRate(c, ['tls="true"'], byNs)} / ${inboundRate(c, [], byNs)}`, legend: '{{namespace}}' }],
    },
    {
      section: 'Mesh health', title: 'Mesh certificates: days left', unit: 'days',
      queries: [{ expr: `(${certificateSecondsLeft([TRUST_ANCHOR_SECRET, IDENTITY_ISSUER_SECRET], props.cluster)}) / 86400`, legend: '{{name}}' }],
    },
    {
      section: 'Mesh health', title: 'Proxy memory and CPU, share of limit (top 5 pods)', unit: 'ratio',
      queries: [
        { expr: `topk(5, ${proxyMemoryOfLimit(props.cluster)})`, legend: 'memory {{namespace}}/{{pod}}' },
        { expr: `topk(5, ${proxyCpuOfLimit(WINDOW, props.cluster)})`, legend: 'cpu {{namespace}}/{{pod}}' },
      ],
    },
  ];
}

/** The environment dashboard's panels: golden signals, traffic split, model quality per model, then mesh health. */
export function platformDashboardPanels(props: PlatformDashboardProps): DashboardPanel[] {
  return [...props.models.flatMap((model) => modelPanels(model, props.cluster)), ...meshPanels(props)];
}
