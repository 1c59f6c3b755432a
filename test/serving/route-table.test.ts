import { join } from 'path';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { ModelServerProps } from '../../lib/k8s/serving/model-server';
import { ModelServer } from '../../lib/k8s/serving/model-server';
import { canaryRouteSettings } from '../../lib/k8s/serving/canary-route-table';
import { REFERENCE_ROUTE_TABLE } from '../../lib/k8s/serving/reference-route-table';
import { REFERENCE_CANARY_PLAN } from '../../lib/k8s/serving/canary-plan';
import { collectSynthWarnings } from '../../lib/k8s/serving/synth-warnings';
import { parseLinkerdDuration } from '../../lib/k8s/mesh/linkerd-duration';
import { prod } from '../../stacks/environments/prod';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { sharedSynth } from '../support/example-synth';
import { expectValidManifests, loadYamlDir } from '../support/k8s-schema';
import { allEnvironments } from '../support/test-environments';

// The model server's route table and autoscaling, read back from every cluster folder and compared with the config:
// a split carries each rule as its own HTTPRoute; a canary carries the rules' matches on Flagger's route and what every
// path shares on its apex Service; every version with autoscaling has an HPA that owns its replicas.

const example = sharedSynth();
const clusters = allEnvironments.flatMap((env) => clusterTargets(env).map((t) => [`${env.name}/${t.clusterName}`, t] as const));
const seconds = (d: string | undefined) => (d === undefined ? undefined : (parseLinkerdDuration(d) ?? NaN) / 1000);

test('the example carries the reference route table and an HPA on the model server on both prod clusters', () => {
  for (const target of clusterTargets(prod)) {
    const server = target.kubernetes.serving.modelServer;
    expect(server.traffic?.routes).toBe(REFERENCE_ROUTE_TABLE);
    for (const version of server.versions) expect(version.autoscaling).toBeDefined();
  }
  // One canary cluster and one split cluster, on different clouds in prod and the test environment qa.
  expect(clusters.filter(([, t]) => t.kubernetes.serving.modelServer.traffic?.canary && t.kubernetes.serving.modelServer.traffic.routes).map(([, t]) => t.cloud).sort()).toEqual(['azure', 'gcp']);
});

const loaded = new Map<string, any[]>();
function objectsOf(label: string): any[] {
  if (!loaded.has(label)) loaded.set(label, loadYamlDir(join(example.dir, 'dist', label)) as any[]);
  return loaded.get(label)!;
}
const routed = (kind: 'split' | 'canary') => clusters.filter(([, t]) => t.kubernetes.serving.modelServer.traffic?.[kind] && t.kubernetes.serving.modelServer.traffic.routes);

describe.each(routed('split'))('the split on %s', (label, target) => {
  const objects = objectsOf(label);
  const namespace = target.kubernetes.serving.namespace ?? 'mlops';
  const server = target.kubernetes.serving.modelServer;

  test('carries every rule as a route of its own, with that rule\'s match, timeouts and retries', () => {
    for (const rule of server.traffic!.routes!) {
      const route = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === `${server.name ?? 'model-server'}-${rule.name}` && o.metadata.namespace === namespace);
      const annotations = route.metadata.annotations ?? {};
      expect(annotations['timeout.linkerd.io/request']).toBe(rule.timeouts?.request);
      expect(annotations['retry.linkerd.io/http']).toBe(rule.retry?.on.join(','));
      expect(annotations['retry.linkerd.io/limit']).toBe(rule.retry ? String(rule.retry.limit ?? 1) : undefined);
      expect(route.spec.rules[0].matches[0]).toEqual({ path: { type: rule.path.type ?? 'PathPrefix', value: rule.path.value }, ...(rule.method ? { method: rule.method } : {}) });
    }
  });
});

describe.each(routed('canary'))('the canary on %s', (label, target) => {
  const server = target.kubernetes.serving.modelServer;
  const rules = server.traffic!.routes!;
  const canary = objectsOf(label).find((o) => o.kind === 'Canary' && o.metadata.name === (server.name ?? 'model-server'));

  test('takes the same requests as the table, on Flagger\'s one route', () => {
    expect(canary.spec.service.match).toHaveLength(rules.length);
    rules.forEach((rule, i) => {
      const uri = canary.spec.service.match[i].uri;
      expect(uri.exact ?? uri.prefix ?? uri.regex).toBe(rule.path.value);
      expect(canary.spec.service.match[i].method?.exact).toBe(rule.method);
    });
  });

  test('its Service-wide settings cut no path short and retry no path the table does not', () => {
    const apex = canary.spec.service.apex.annotations;
    const timeout = seconds(apex['timeout.linkerd.io/request']);
    if (rules.every((r) => r.timeouts?.request)) expect(timeout).toBe(Math.max(...rules.map((r) => seconds(r.timeouts!.request)!)));
    else expect(timeout).toBeUndefined();
    if (rules.some((r) => !r.retry)) expect(apex['retry.linkerd.io/http']).toBeUndefined();
  });
});

describe.each(clusters)('autoscaling on %s', (label, target) => {
  const objects = objectsOf(label);
  const namespace = target.kubernetes.serving.namespace ?? 'mlops';
  const servers = [target.kubernetes.serving.modelServer, ...(target.kubernetes.serving.gpuModelServer ? [target.kubernetes.serving.gpuModelServer] : [])];

  test('every model server version with autoscaling has an HPA owning its replicas (the Canary\'s autoscalerRef)', () => {
    for (const s of servers) {
      const serverName = s.name ?? 'model-server';
      for (const version of s.versions.filter((v) => v.autoscaling)) {
        const deployment = s.traffic?.canary ? serverName : `${serverName}-${version.name}`;
        const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment && o.metadata.namespace === namespace);
        expect(hpa?.spec).toMatchObject({ minReplicas: version.autoscaling!.minReplicas, maxReplicas: version.autoscaling!.maxReplicas });
        expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deployment).spec.replicas).toBeUndefined();
        if (s.traffic?.canary) expect(objects.find((o) => o.kind === 'Canary' && o.metadata.name === serverName).spec.autoscalerRef.name).toBe(hpa.metadata.name);
      }
    }
  });
});

describe('a route table on a canary', () => {
  test('the reference table: its matches, the longest request timeout, no retries, and what is lost is stated', () => {
    const settings = canaryRouteSettings(REFERENCE_ROUTE_TABLE);
    expect(settings.match).toEqual([
      { uri: { exact: '/v1/predict' }, method: { exact: 'POST' } },
      { uri: { exact: '/health' }, method: { exact: 'GET' } },
      { uri: { exact: '/v1/batch-predict' }, method: { exact: 'POST' } },
      { uri: { regex: '/v1/models/.*' }, method: { exact: 'GET' } },
    ]);
    expect(settings.annotations).toEqual({ 'timeout.linkerd.io/request': '30s' });
    expect(settings.deviations).toEqual([
      'the request timeout is 30s on every path (the longest rule\'s): predict 5s, health 2s, metadata 3s get 30s',
      'retries are not carried: health, metadata retry and predict, batch-predict differ, and one route retries every path alike',
    ]);
  });

  test('retries every rule shares are carried; a timeout some rules lack is not', () => {
    const retry = { on: ['503'], limit: 2, timeout: '1s' };
    const settings = canaryRouteSettings([
      { name: 'a', path: { value: '/a' }, retry, timeouts: { request: '3s', response: '2s' } },
      { name: 'b', path: { value: '/b' }, retry, timeouts: { request: '5s' } },
    ]);
    expect(settings.annotations).toEqual({ 'timeout.linkerd.io/request': '5s', 'retry.linkerd.io/http': '503', 'retry.linkerd.io/limit': '2', 'retry.linkerd.io/timeout': '1s' });
    expect(settings.deviations).toContain('response timeouts are not carried: b set none, and one route applies one value to every path');
  });

  test('on the model server: schema-valid, apex annotations beside the circuit breaker, deviations as synth warnings', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'model-server', {
      versions: [{ name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/m', autoscaling: { minReplicas: 2, maxReplicas: 4 } }],
      traffic: { canary: REFERENCE_CANARY_PLAN, routes: REFERENCE_ROUTE_TABLE },
    });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const canary = objects.find((o) => o.kind === 'Canary')!;
    expect(canary.spec.service.apex.annotations).toMatchObject({ 'timeout.linkerd.io/request': '30s', 'balancer.linkerd.io/failure-accrual': 'consecutive' });
    expect(collectSynthWarnings(chart).map((w) => w.message)).toContain('route table on a canary: the request timeout is 30s on every path (the longest rule\'s): predict 5s, health 2s, metadata 3s get 30s');
  });

  test('routes without a split or a canary, and a bad rule, are refused', () => {
    const version = { name: 'v1', image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2', modelPath: '/m', autoscaling: { minReplicas: 2, maxReplicas: 4 } };
    const build = (traffic: ModelServerProps['traffic']) => () => new ModelServer(clusterChart().chart, 'model-server', { versions: [version], traffic });
    expect(build({ routes: REFERENCE_ROUTE_TABLE })).toThrow('traffic.routes = ["predict","health","batch-predict","metadata"]: apply only to a split or a canary');
    expect(build({ canary: REFERENCE_CANARY_PLAN, routes: [{ name: 'slow', path: { value: '/slow' }, timeouts: { request: '1m30s' } }] }))
      .toThrow('traffic.routes[0].timeouts.request = "1m30s": must be a positive whole number with one unit');
    expect(build({ canary: REFERENCE_CANARY_PLAN, routes: [{ name: 'a', path: { value: '/a' } }, { name: 'a', path: { value: '/b' } }] }))
      .toThrow('traffic.routes[1].name = "a": must name each rule once');
  });
});
