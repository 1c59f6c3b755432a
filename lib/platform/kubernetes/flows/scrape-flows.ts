import { scrapedModelServers } from '../../../config/model-targets';
import { vizInstalled } from '../../../config/cluster-features';
import { VIZ_SCRAPED_ADMIN_PORTS } from '../../../contract/chart-components';
import { WORKLOAD_LABEL } from '../../../contract/labels';
import { LINKERD_PORTS } from '../../../contract/linkerd';
import { MODEL_METRICS_PATH } from '../../../contract/observability/metric-catalog';
import { KubeObject } from '../cluster-output';
import { CHART_NAMESPACES } from './chart-pods';
import { specOf } from './cluster-objects';
import { Flow, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { FlowSources } from './flow-sources';

interface ScrapeTarget {
  readonly namespaces: 'any' | readonly string[];
  readonly selector: LabelSelector;
  readonly port: number | string;
  readonly path: string;
  readonly by: string;
}

/** What one managed-collection object asks its collector to scrape (GMP PodMonitoring/ClusterPodMonitoring, Azure PodMonitor). */
function scrapeTargets(object: KubeObject): ScrapeTarget[] {
  const by = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
  if (object.kind === 'PodMonitor') {
    const spec = specOf<{ namespaceSelector?: { any?: boolean; matchNames?: readonly string[] }; selector?: LabelSelector; podMetricsEndpoints?: readonly { portNumber?: number; port?: string; path?: string }[] }>(object);
    const namespaces = spec.namespaceSelector?.any ? 'any' : spec.namespaceSelector?.matchNames ?? [object.metadata.namespace ?? ''];
    return (spec.podMetricsEndpoints ?? []).map((e) => ({ namespaces, selector: spec.selector ?? {}, port: e.portNumber ?? e.port ?? 0, path: e.path ?? '/metrics', by }));
  }
  const spec = specOf<{ selector?: LabelSelector; endpoints?: readonly { port: number | string; path?: string }[] }>(object);
  const namespaces = object.kind === 'ClusterPodMonitoring' ? 'any' : [object.metadata.namespace ?? ''];
  return (spec.endpoints ?? []).map((e) => ({ namespaces, selector: spec.selector ?? {}, port: e.port, path: e.path ?? '/metrics', by }));
}

function scrape(source: PodEndpoint, target: PodEndpoint, port: number, path: string, purpose: string): Flow {
  return { family: 'scrape', source, destination: target, port, protocol: 'TCP', request: { method: 'GET', path }, purpose };
}

/**
 * Every scrape the cluster's collectors make:
 * - the cloud's managed collector, from the scrape objects the folder holds (each object's selector, port and path,
 *   applied to every pod that runs, the charts' included: the injector's labels are what `linkerd.io/control-plane-ns`
 *   selectors match);
 * - linkerd-viz's Prometheus, from its chart's scrape jobs: every proxy's admin port, the control-plane components'
 *   admin ports (the `linkerd-controller` job), and the model servers' own metrics (`vizModelMetricsScrapeConfig`).
 */
export function scrapeFlows(sources: FlowSources): Flow[] {
  const { charts } = sources;
  const all = [...sources.pods, ...Object.values(charts)];
  const flows: Flow[] = [];
  const scrapeKinds = [['azmonitoring.coreos.com', 'PodMonitor'], ['monitoring.googleapis.com', 'PodMonitoring'], ['monitoring.googleapis.com', 'ClusterPodMonitoring']] as const;
  for (const object of scrapeKinds.flatMap(([group, kind]) => sources.objects.of(group, kind))) {
    for (const t of scrapeTargets(object)) {
      for (const pod of all.filter((p) => (t.namespaces === 'any' || t.namespaces.includes(p.namespace)) && selects(t.selector, p.labels))) {
        const port = typeof t.port === 'number' ? t.port : pod.ports.find((p) => p.name === t.port)?.port;
        if (port !== undefined) flows.push(scrape(charts.collector, pod, port, t.path, `managed Prometheus scrapes ${t.path} (${t.by})`));
      }
    }
  }
  if (!vizInstalled(sources.target.kubernetes)) return flows;
  const prometheus = charts.prometheus;
  for (const pod of all.filter((p) => p.meshed)) {
    flows.push(scrape(prometheus, pod, LINKERD_PORTS.proxyAdmin, '/metrics', 'linkerd-viz Prometheus scrapes every proxy (linkerd-proxy job)'));
  }
  const adminPorts: Record<string, readonly number[]> = { [CHART_NAMESPACES.linkerd]: VIZ_SCRAPED_ADMIN_PORTS.linkerd, [CHART_NAMESPACES.viz]: VIZ_SCRAPED_ADMIN_PORTS.viz };
  for (const pod of Object.values(charts).filter((p) => adminPorts[p.namespace] !== undefined)) {
    for (const port of pod.ports.filter((p) => adminPorts[pod.namespace].includes(p.port))) {
      flows.push(scrape(prometheus, pod, port.port, '/metrics', 'linkerd-viz Prometheus scrapes the control plane\'s admin ports (linkerd-controller job)'));
    }
  }
  for (const server of scrapedModelServers(sources.target.kubernetes)) {
    for (const pod of sources.pods.filter((p) => p.namespace === server.namespace && p.labels[WORKLOAD_LABEL] === server.server)) {
      flows.push(scrape(prometheus, pod, server.metricsPort ?? 8080, MODEL_METRICS_PATH, `linkerd-viz Prometheus scrapes ${server.server}'s own metrics for canary analysis`));
    }
  }
  return flows;
}
