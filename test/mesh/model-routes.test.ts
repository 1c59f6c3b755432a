import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ServiceProfileV1Alpha2 } from '../../imports/linkerd-serviceprofile-linkerd.io';
import { serviceAppProtocol, serverProxyProtocol } from '../../lib/k8s/mesh/app-protocol';
import { parseGoDuration } from '../../lib/contract/go-duration';
import { ModelRoutes, ModelRoutesProps } from '../../lib/k8s/mesh/model-routes';
import { TrafficControllers } from '../../lib/k8s/mesh/traffic-controllers';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';
import { kinds, named } from './fixtures';

/** The reference route table for the model server. */
const REFERENCE: ModelRoutesProps = {
  service: { name: 'model-server', namespace: 'mlops', port: 8080 },
  backends: [{ name: 'model-server-v1', weight: 90 }, { name: 'model-server-v2', weight: 10 }],
  rules: [
    { name: 'predict', method: 'POST', path: { type: 'Exact', value: '/v1/predict' }, timeouts: { request: '5s' } },
    { name: 'health', method: 'GET', path: { type: 'Exact', value: '/health' }, timeouts: { request: '2s' }, retry: { on: ['5xx'], limit: 2, timeout: '500ms' } },
    { name: 'batch-predict', method: 'POST', path: { type: 'Exact', value: '/v1/batch-predict' }, timeouts: { request: '30s' } },
    { name: 'metadata', method: 'GET', path: { type: 'RegularExpression', value: '/v1/models/.*' }, timeouts: { request: '3s' }, retry: { on: ['gateway-error', '500'], limit: 2, timeout: '1s' } },
  ],
};

function services(chart: import('cdk8s').Chart): void {
  for (const name of ['model-server', 'model-server-v1', 'model-server-v2']) {
    new k8s.KubeService(chart, name, { metadata: { name, namespace: 'mlops' }, spec: { ports: [{ name: 'http', port: 8080, appProtocol: 'http' }] } });
  }
}

describe('ModelRoutes', () => {
  test('reference route table: one route per rule, Service parent, 90/10 split, Linkerd timeouts and retries', () => {
    const { app, chart } = clusterChart();
    services(chart);
    new ModelRoutes(chart, 'routes', REFERENCE);
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(() => app.synthYaml()).not.toThrow();

    const routes = kinds(objects, 'HTTPRoute');
    expect(routes.map((r) => r.metadata.name)).toEqual(['model-server-predict', 'model-server-health', 'model-server-batch-predict', 'model-server-metadata']);
    for (const route of routes) {
      expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'model-server', port: 8080 }]);
      expect(route.spec.rules[0].backendRefs).toEqual([
        { group: '', kind: 'Service', name: 'model-server-v1', port: 8080, weight: 90 },
        { group: '', kind: 'Service', name: 'model-server-v2', port: 8080, weight: 10 },
      ]);
    }
    expect(named(objects, 'HTTPRoute', 'model-server-predict').metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '5s' });
    expect(named(objects, 'HTTPRoute', 'model-server-predict').spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/v1/predict' }, method: 'POST' }]);
    expect(named(objects, 'HTTPRoute', 'model-server-health').metadata.annotations).toEqual({
      'timeout.linkerd.io/request': '2s', 'retry.linkerd.io/http': '5xx', 'retry.linkerd.io/limit': '2', 'retry.linkerd.io/timeout': '500ms',
    });
    expect(named(objects, 'HTTPRoute', 'model-server-batch-predict').metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '30s' });
    const metadata = named(objects, 'HTTPRoute', 'model-server-metadata');
    expect(metadata.spec.rules[0].matches[0].path).toEqual({ type: 'RegularExpression', value: '/v1/models/.*' });
    expect(metadata.metadata.annotations['retry.linkerd.io/http']).toBe('gateway-error,500');
    expect(kinds(objects, 'ServiceProfile')).toHaveLength(0);
    expect(kinds(objects, 'TrafficSplit')).toHaveLength(0);
  });

  test('weights must be whole, non-negative, and not all zero', () => {
    const { chart } = clusterChart();
    expect(() => new ModelRoutes(chart, 'r', { ...REFERENCE, backends: [{ name: 'a', weight: -1 }, { name: 'b', weight: 0.5 }] }))
      .toThrow(/backends\[0\].weight = -1: must be a whole number from 0 to 1000000[\s\S]*backends\[1\].weight = 0.5/);
    expect(() => new ModelRoutes(chart, 'z', { ...REFERENCE, backends: [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }] }))
      .toThrow('backends = [0,0]: must give at least one backend a weight above 0, or no request could be routed');
  });

  test('durations must be ones Linkerd\'s policy controller reads: one whole number and one unit', () => {
    const { chart } = clusterChart();
    expect(() => new ModelRoutes(chart, 'r', { ...REFERENCE, rules: [{ name: 'p', path: { value: '/' }, timeouts: { request: '5', response: '1x' } }] }))
      .toThrow(/rules\[0\].timeouts.request = "5": must be a positive whole number with one unit \(ms, s, m or h\)[\s\S]*rules\[0\].timeouts.response = "1x"/);
    // Valid Go durations that Linkerd 2.20 cannot parse; it would drop the whole route.
    expect(() => new ModelRoutes(clusterChart().chart, 'r', { ...REFERENCE, rules: [{ name: 'p', path: { value: '/' }, timeouts: { request: '1m30s', idle: '1.5s' } }] }))
      .toThrow(/timeouts.request = "1m30s": must be a positive whole number with one unit[\s\S]*timeouts.idle = "1.5s": must be a positive whole number with one unit/);
  });

  test('a retry timeout must leave room inside the request timeout, and conditions must be known', () => {
    const { chart } = clusterChart();
    expect(() => new ModelRoutes(chart, 'r', { ...REFERENCE, rules: [{ name: 'h', path: { value: '/h' }, timeouts: { request: '2s' }, retry: { on: ['5xx', '504-500', 'teapot'], limit: 0, timeout: '2s' } }] }))
      .toThrow(/retry.on\[1\] = "504-500": must be "5xx", "gateway-error"[\s\S]*retry.on\[2\] = "teapot"[\s\S]*retry.limit = 0: must be a whole number >= 1[\s\S]*retry.timeout = "2s": must be shorter than timeouts.request \(2s\)/);
  });

  test('path matches: prefix starts with /, regex compiles and has no lookaround', () => {
    const { chart } = clusterChart();
    expect(() => new ModelRoutes(chart, 'r', { ...REFERENCE, rules: [
      { name: 'a', path: { type: 'PathPrefix', value: 'v1' } },
      { name: 'b', path: { type: 'RegularExpression', value: '/v1/(models' } },
      { name: 'c', path: { type: 'RegularExpression', value: '/v1/(?!admin).*' } },
    ] })).toThrow(/rules\[0\].path.value = "v1": must start with '\/'[\s\S]*rules\[1\].path.value = "\/v1\/\(models": must be a regular expression that compiles[\s\S]*rules\[2\].path.value = "\/v1\/\(\?!admin\).\*": must not use lookaround/);
  });

  test('a Service driven by a static split cannot also be driven by a canary', () => {
    const { chart } = clusterChart();
    new ModelRoutes(chart, 'routes', REFERENCE);
    expect(() => TrafficControllers.of(chart).claim('mlops/model-server', 'canary', 'test/canary'))
      .toThrow('test/canary: Service mlops/model-server already has its traffic driven by static-split test/routes; a Service takes one traffic controller (canary requested)');
    expect(() => new ModelRoutes(chart, 'again', REFERENCE)).toThrow('already has its traffic driven by static-split test/routes');
  });

  test('a ServiceProfile on the routed Service is refused at synth', () => {
    const { app, chart } = clusterChart();
    services(chart);
    new ModelRoutes(chart, 'routes', REFERENCE);
    new ServiceProfileV1Alpha2(chart, 'sp', { metadata: { name: 'model-server.mlops.svc.cluster.local', namespace: 'mlops' }, spec: { routes: [] } });
    expect(() => app.synthYaml()).toThrow('ServiceProfile mlops/model-server.mlops.svc.cluster.local targets Service mlops/model-server, which has HTTPRoutes');
  });

  test('route parents and backends must be Services this app defines', () => {
    const { app, chart } = clusterChart();
    new ModelRoutes(chart, 'routes', { ...REFERENCE, rules: [REFERENCE.rules[0]] });
    expect(() => app.synthYaml()).toThrow(/HTTPRoute mlops\/model-server-predict: spec.parentRefs\[0\] refers to Service mlops\/model-server, which this app does not define[\s\S]*backendRefs\[1\] refers to Service mlops\/model-server-v2/);
  });
});

describe('protocol mapping', () => {
  test('Service appProtocol is never grpc; Server proxyProtocol follows the port protocol', () => {
    expect(serviceAppProtocol('http1')).toBe('http');
    expect(serviceAppProtocol('http2')).toBe('kubernetes.io/h2c');
    expect(serviceAppProtocol('grpc')).toBe('kubernetes.io/h2c');
    expect(serviceAppProtocol('opaque')).toBe('linkerd.io/opaque');
    expect(serverProxyProtocol('grpc')).toBe('gRPC');
    expect(serverProxyProtocol('http1')).toBe('HTTP/1');
    expect(serverProxyProtocol('opaque')).toBe('opaque');
  });

  test('Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('5')).toBeUndefined();
    expect(parseGoDuration('-1s')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });
});
