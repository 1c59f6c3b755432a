import { environmentBindings } from '../../../config/environment-bindings';
import { usesCanary, usesKeda, vizInstalled } from '../../../config/cluster-features';
import { VIZ_COMPONENTS } from '../../../contract/chart-components';
import { WORKLOAD_LABEL } from '../../../contract/labels';
import { ANALYSIS_ENDPOINT, queryBaseUrl } from '../../../k8s/observability/analysis-endpoint';
import { Flow, PodEndpoint } from './flow';
import { FlowSources } from './flow-sources';

const QUERY = { method: 'GET', path: '/api/v1/query' } as const;

function query(source: PodEndpoint, prometheus: PodEndpoint, purpose: string): Flow {
  return { family: 'prometheus', source, destination: prometheus, port: VIZ_COMPONENTS.prometheus.port, protocol: 'TCP', request: QUERY, purpose };
}

/**
 * Every reader of linkerd-viz's Prometheus, and the callers around the canary: viz's metrics-api and web, Flagger and
 * its load tester (canary analysis, the confirm-promotion webhook), each drift gate that reads the in-cluster endpoint,
 * and the KEDA operator for drift ScaledJobs. A drift gate reading a managed backend calls it as its bound identity.
 */
export function prometheusFlows(sources: FlowSources): Flow[] {
  const { charts, target } = sources;
  const k = target.kubernetes;
  const flows: Flow[] = [];
  const serving = k.serving.namespace ?? 'mlops';
  const gates = (k.serving.driftGates ?? []).map((gate) => ({ gate, pods: sources.pods.filter((p) => p.namespace === serving && p.labels[WORKLOAD_LABEL] === gate.name) }));

  if (vizInstalled(k)) {
    const prometheus = charts.prometheus;
    flows.push(query(charts.metricsApi, prometheus, 'viz metrics-api reads Prometheus'));
    flows.push({ family: 'prometheus', source: charts.web, destination: charts.metricsApi, port: VIZ_COMPONENTS.metricsApi.port, protocol: 'TCP', purpose: 'the viz dashboard calls metrics-api' });
    if (usesCanary(k)) {
      flows.push(query(charts.flagger, prometheus, 'Flagger runs the canary\'s metric checks'));
      flows.push(query(charts.loadTester, prometheus, 'the load tester runs the canary\'s confirm-promotion check'));
      flows.push({ family: 'prometheus', source: charts.flagger, destination: charts.loadTester, port: charts.loadTester.ports[0].port, protocol: 'TCP', request: { method: 'POST', path: '/' }, purpose: 'Flagger calls the load tester\'s webhooks' });
    }
    if (usesKeda(k)) flows.push(query(charts.keda, prometheus, 'the KEDA operator evaluates the drift ScaledJobs\' trigger'));
    for (const { gate, pods } of gates.filter(({ gate }) => (gate.endpoint ?? ANALYSIS_ENDPOINT).kind === 'in-cluster')) {
      for (const pod of pods) flows.push(query(pod, prometheus, `drift gate ${gate.name} reads ${gate.server}'s drift score`));
    }
  }
  for (const { gate, pods } of gates.filter(({ gate }) => (gate.endpoint ?? ANALYSIS_ENDPOINT).kind !== 'in-cluster')) {
    const binding = environmentBindings(target.environment).find((b) => b.workload.cluster.name === target.clusterName && b.workload.namespace === serving && b.workload.serviceAccount === gate.name);
    if (!binding || !gate.endpoint) continue;
    const host = new URL(queryBaseUrl(gate.endpoint)).hostname;
    for (const pod of pods) {
      flows.push({ family: 'prometheus', source: pod, destination: { kind: 'host', host, resolvesTo: 'public' }, port: 443, protocol: 'TCP', request: QUERY, credential: { kind: 'binding', binding }, purpose: `drift gate ${gate.name} reads a managed Prometheus` });
    }
  }
  return flows;
}
