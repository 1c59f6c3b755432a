import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { networkAllows, meshAllows, Pod, podEndpoint } from '../support/flow-evaluation';
import { ClusterObjects } from '../../lib/platform/kubernetes/flows/cluster-objects';
import { meshVerdict } from '../../lib/platform/kubernetes/flows/linkerd-policy-rules';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { ManagedMetricsScrape, PROXY_METRICS_KEEP } from '../../lib/k8s/observability/managed-metrics-scrape';
import { MetricsScrapeAccess } from '../../lib/k8s/observability/metrics-scrape-access';
import { MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../../lib/contract/labels';
import { definePodNetwork, gke, MODEL_SERVER, must } from './fixtures';
import { vizModelMetricsScrapeConfig } from '../../lib/contract/observability/viz-scrape';

const servers = [{ namespace: 'mlops', server: 'model-server' }];

describe('ManagedMetricsScrape on GKE', () => {
  const { chart } = clusterChart(gke);
  const scrape = new ManagedMetricsScrape(chart, 'scrape', { modelServers: servers });
  const objects = synthObjects(chart);

  test('every object is a valid GMP custom resource', () => {
    expectValidManifests(objects);
    expect(new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))).toEqual(new Set(['monitoring.googleapis.com/v1 ClusterPodMonitoring', 'monitoring.googleapis.com/v1 PodMonitoring']));
  });

  test('proxies are scraped on numeric port 4191 /metrics, keep-listed, with deployment, workload and model_version mapped from pod labels', () => {
    const proxies = must(objects, (o) => o.kind === 'ClusterPodMonitoring');
    expect(proxies.metadata.namespace).toBeUndefined();
    expect(proxies.spec.endpoints[0]).toMatchObject({ port: 4191, path: '/metrics', interval: '30s' });
    expect(proxies.spec.endpoints[0].metricRelabeling[0]).toEqual({ action: 'keep', sourceLabels: ['__name__'], regex: PROXY_METRICS_KEEP });
    expect(proxies.spec.targetLabels.fromPod).toEqual([
      { from: 'linkerd.io/proxy-deployment', to: 'deployment' },
      { from: WORKLOAD_LABEL, to: 'workload' },
      { from: MODEL_VERSION_LABEL, to: 'model_version' },
    ]);
  });

  test('model servers, cert-manager and linkerd-identity are scraped in their namespaces', () => {
    const pm = objects.filter((o) => o.kind === 'PodMonitoring').map((o) => [o.metadata.namespace, o.metadata.name, o.spec.endpoints[0].port]);
    expect(pm).toEqual([['mlops', 'model-server-metrics', 8080], ['cert-manager', 'cert-manager-metrics', 9402], ['linkerd', 'linkerd-identity-metrics', 9990]]);
    expect(scrape.targets.map((t) => t.port)).toEqual([4191, 8080, 9402, 9990]);
  });

  test('a bad interval is refused with field, value and rule', () => {
    const { chart: c } = clusterChart(gke);
    expect(() => new ManagedMetricsScrape(c, 's', { modelServers: servers, intervalSeconds: 1 })).toThrow('intervalSeconds = 1: must be a whole number of seconds from 5 to 120');
  });
});

describe('ManagedMetricsScrape on AKS', () => {
  const { chart } = clusterChart();
  new ManagedMetricsScrape(chart, 'scrape', { modelServers: servers });
  const objects = synthObjects(chart);

  test('emits only azmonitoring.coreos.com PodMonitors, schema-valid', () => {
    expectValidManifests(objects);
    expect(new Set(objects.map((o) => o.apiVersion))).toEqual(new Set(['azmonitoring.coreos.com/v1']));
  });

  test('the proxy monitor selects meshed pods in every namespace and maps the platform labels explicitly', () => {
    const proxies = must(objects, (o) => o.metadata.name === 'linkerd-proxy');
    expect(proxies.spec.namespaceSelector).toEqual({ any: true });
    const endpoint = proxies.spec.podMetricsEndpoints[0];
    expect(endpoint.portNumber).toBe(4191);
    const targets = endpoint.relabelings.map((r: any) => [r.sourceLabels[0], r.targetLabel]);
    expect(targets).toEqual(expect.arrayContaining([
      ['__meta_kubernetes_pod_label_linkerd_io_proxy_deployment', 'deployment'],
      ['__meta_kubernetes_pod_label_ml_mesh_platform_io_model_version', 'model_version'],
      ['__meta_kubernetes_namespace', 'namespace'],
    ]));
  });
});

describe.each([
  { label: 'AKS', context: {}, collector: { name: 'ama', namespace: 'kube-system', labels: { rsName: 'ama-metrics' }, serviceAccount: 'ama-metrics', meshed: false } as Pod },
  { label: 'GKE', context: gke, collector: { name: 'collector', namespace: 'gke-gmp-system', labels: { 'app.kubernetes.io/name': 'collector' }, serviceAccount: 'collector', meshed: false } as Pod },
])('every scraped port is allowed on $label', ({ context, collector }) => {
  const { app, chart } = clusterChart(context);
  definePodNetwork(app);
  new NamespaceNetworkPolicies(chart, 'mlops-net', { namespace: 'mlops', meshed: true });
  const scrape = new ManagedMetricsScrape(chart, 'scrape', { modelServers: servers });
  new MetricsScrapeAccess(chart, 'access', { meshedNamespaces: ['mlops'], modelServers: [{ server: MODEL_SERVER, metricsPortName: 'http', probePaths: ['/health/ready', '/health/live'] }] });
  const objects = synthObjects(chart);
  const serverPod: Pod = { name: 'model-server-v1', namespace: 'mlops', labels: { ...MODEL_SERVER.selector }, serviceAccount: 'model-server', meshed: true };
  const viz: Pod = { name: 'prometheus', namespace: 'linkerd-viz', labels: { component: 'prometheus' }, serviceAccount: 'prometheus', meshed: true };

  test('objects are schema-valid', () => expectValidManifests(objects));

  test('the managed collector reaches every port scraped in the meshed namespace', () => {
    const ports = scrape.targets.filter((t) => t.namespace === 'mlops' || t.namespace === 'all-meshed').map((t) => t.port);
    expect(ports).toEqual([4191, 8080]);
    for (const port of ports) expect(networkAllows(objects, collector, serverPod, port)).toBe(true);
  });

  test('the analysis Prometheus reaches 4191 and the metrics port over the network and by mTLS identity', () => {
    expect(networkAllows(objects, viz, serverPod, 4191)).toBe(true);
    expect(networkAllows(objects, viz, serverPod, 8080)).toBe(true);
    expect(meshAllows(objects, viz, serverPod, { name: 'http', port: 8080 }, { method: 'GET', path: '/metrics' })).toBe(true);
    expect(meshAllows(objects, viz, serverPod, { name: 'linkerd-admin', port: 4191 }, { method: 'GET', path: '/metrics' })).toBe(true);
  });

  test('the proxy admin Server denies by default and authorizes /metrics and the probes separately', () => {
    const server = must(objects, (o) => o.kind === 'Server' && o.metadata.name === 'linkerd-proxy-admin');
    expect(server.spec).toMatchObject({ port: 4191, accessPolicy: 'deny', proxyProtocol: 'HTTP/1' });
    const routes = objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.parentRefs[0].name === 'linkerd-proxy-admin');
    expect(routes.map((r) => r.spec.rules[0].matches.map((m: any) => m.path.value))).toEqual([['/metrics'], ['/live', '/ready']]);
  });

  test('the unmeshed collector may GET /metrics on the model server\'s port, and nothing else there (review D11)', () => {
    const cluster = new ClusterObjects(objects as KubeObject[]);
    const server = podEndpoint(serverPod, [{ name: 'http', port: 8080 }]);
    const fromPods = { addressRange: '10.244.0.0/16', description: 'managed collector' };
    const verdict = (request: { method: string; path: string }) => meshVerdict(cluster, server, 8080, fromPods, request);
    expect(verdict({ method: 'GET', path: '/metrics' })).toEqual({ result: 'allowed', by: 'Server mlops/model-server-http route model-server-http-metrics: AuthorizationPolicy mlops/model-server-http-metrics-net-pods' });
    expect(verdict({ method: 'POST', path: '/v1/models/fraud:predict' })).toMatchObject({ result: 'blocked', by: expect.stringContaining('route model-server-http-default: no AuthorizationPolicy admits managed collector') });
    expect(verdict({ method: 'GET', path: '/health/ready' }).result).toBe('allowed');
    const routes = objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.parentRefs[0].name === 'model-server-http').map((r) => r.metadata.name).sort();
    expect(routes).toEqual(['model-server-http-default', 'model-server-http-metrics', 'model-server-http-probe']);
  });

  test('a metrics port without its probe paths is refused', () => {
    const { chart: c } = clusterChart(context);
    expect(() => new MetricsScrapeAccess(c, 'a', { meshedNamespaces: [], modelServers: [{ server: MODEL_SERVER, metricsPortName: 'http', probePaths: [] }] }))
      .toThrow('modelServers[0].probePaths = []: must list the httpGet probe paths on the metrics port');
  });

  test('an unknown metrics port name is refused', () => {
    const { chart: c } = clusterChart(context);
    expect(() => new MetricsScrapeAccess(c, 'a', { meshedNamespaces: [], modelServers: [{ server: MODEL_SERVER, metricsPortName: 'metrics', probePaths: ['/health/ready'] }] }))
      .toThrow('modelServers[0].metricsPortName = "metrics": must name a port of mlops/model-server (it has: http, public)');
  });
});

test('the viz scrape job keeps only the model servers\' metrics ports and maps the platform labels', () => {
  const job = vizModelMetricsScrapeConfig(servers) as any;
  expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['mlops'] } }]);
  expect(job.relabel_configs[0]).toMatchObject({ action: 'keep', regex: '^(mlops;model-server;8080)$' });
  expect(job.relabel_configs.map((r: any) => r.target_label).filter(Boolean)).toEqual(['namespace', 'pod', 'deployment', 'workload', 'model_version']);
});
