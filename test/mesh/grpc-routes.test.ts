import { ApiObject, Chart, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { GrpcRoute, GrpcRouteSpecRulesFiltersType, GrpcRouteSpecRulesMatchesMethodType } from '../../imports/gateway-grpcroute-gateway.networking.k8s.io';
import { ServiceProfileV1Alpha2 } from '../../imports/linkerd-serviceprofile-linkerd.io';
import { serviceAppProtocol } from '../../lib/k8s/mesh/app-protocol';
import { GRPC_RETRY_CONDITIONS, GrpcRetryCondition } from '../../lib/k8s/mesh/grpc-route';
import { parseLinkerdDuration } from '../../lib/k8s/mesh/linkerd-duration';
import { authorizeInMesh } from '../../lib/k8s/mesh/mesh-authorization';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { GrpcModelRouteRule, ModelRouteRule, ModelRoutes, ModelRoutesProps } from '../../lib/k8s/mesh/model-routes';
import { policyReferenceProblems } from '../../lib/k8s/mesh/policy-references';
import { mirroringProblems, refuseMirroring } from '../../lib/k8s/resilience/mirroring-guard';
import { celProblems } from '../support/cel';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';
import { deployWorkload, kinds, named } from './fixtures';

const PREDICTION = 'tensorflow.serving.PredictionService';

/** A gRPC route table for a TF Serving-style model server on port 8500. */
const GRPC: ModelRoutesProps = {
  service: { name: 'model-server', namespace: 'mlops', port: 8500, protocol: 'grpc' },
  backends: [{ name: 'model-server-v1', weight: 90 }, { name: 'model-server-v2', weight: 10 }],
  rules: [
    // Predict is not idempotent for every model (stateful ones), so it is not retried.
    { name: 'predict', grpc: { service: PREDICTION, method: 'Predict' }, timeouts: { request: '5s' } },
    { name: 'metadata', grpc: { service: PREDICTION, method: 'GetModelMetadata', type: 'Exact' }, timeouts: { request: '3s' }, retry: { on: ['unavailable', 'resource-exhausted'], limit: 2, timeout: '1s' } },
    { name: 'model-service', grpc: { service: 'tensorflow.serving.ModelService' }, timeouts: { request: '10s', idle: '30s' } },
    { name: 'health', grpc: { method: 'Check' }, timeouts: { response: '2s' }, retry: { on: ['unavailable'] } },
    { name: 'rest', grpc: {} },
  ],
};

function services(chart: Chart, appProtocol = serviceAppProtocol('grpc')): void {
  for (const name of ['model-server', 'model-server-v1', 'model-server-v2']) {
    new k8s.KubeService(chart, name, { metadata: { name, namespace: 'mlops' }, spec: { ports: [{ name: 'grpc', port: 8500, appProtocol }] } });
  }
}

/** The chart's objects without running the app's validations, for tests whose synth is meant to fail. */
function rendered(chart: Chart): Record<string, unknown>[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson() as Record<string, unknown>);
}

function expectValid(objects: readonly unknown[]): void {
  expectValidManifests(objects);
  expect(celProblems(objects)).toEqual([]);
}

/** A bare GRPCRoute with one method match, for checking a match shape against the CRD's CEL rules. */
function routeWithMatch(method: Record<string, string>): Record<string, unknown> {
  const chart = Testing.chart();
  new GrpcRoute(chart, 'r', {
    metadata: { name: 'r', namespace: 'mlops' },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'model-server', port: 8500 }],
      rules: [{ matches: [{ method: method as { type?: GrpcRouteSpecRulesMatchesMethodType } }], backendRefs: [{ name: 'model-server-v1', port: 8500 }] }],
    },
  });
  return Testing.synth(chart)[0] as Record<string, unknown>;
}

describe('ModelRoutes on a gRPC port', () => {
  test('one GRPCRoute per rule: Service parent, 90/10 split, method matches, gRPC retry and timeout annotations', () => {
    const { app, chart } = clusterChart();
    services(chart);
    const routes = new ModelRoutes(chart, 'routes', GRPC);
    const objects = synthObjects(chart);
    expectValid(objects);
    expect(() => app.synthYaml()).not.toThrow();

    expect(kinds(objects, 'HTTPRoute')).toHaveLength(0);
    const grpcRoutes = kinds(objects, 'GRPCRoute');
    expect(grpcRoutes.map((r) => r.metadata.name)).toEqual(['model-server-predict', 'model-server-metadata', 'model-server-model-service', 'model-server-health', 'model-server-rest']);
    expect(routes.routeNames).toEqual({ predict: 'model-server-predict', metadata: 'model-server-metadata', 'model-service': 'model-server-model-service', health: 'model-server-health', rest: 'model-server-rest' });
    for (const route of grpcRoutes) {
      expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'model-server', port: 8500 }]);
      expect(route.spec.rules).toHaveLength(1);
      expect(route.spec.rules[0].backendRefs).toEqual([
        { group: '', kind: 'Service', name: 'model-server-v1', port: 8500, weight: 90 },
        { group: '', kind: 'Service', name: 'model-server-v2', port: 8500, weight: 10 },
      ]);
      // retry.linkerd.io/http is not valid on a GRPCRoute (linkerd.io reference/retries).
      expect(Object.keys(route.metadata.annotations ?? {})).not.toContain('retry.linkerd.io/http');
    }

    const predict = named(objects, 'GRPCRoute', 'model-server-predict');
    expect(predict.spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: PREDICTION, method: 'Predict' } }]);
    expect(predict.metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '5s' });

    expect(named(objects, 'GRPCRoute', 'model-server-metadata').metadata.annotations).toEqual({
      'timeout.linkerd.io/request': '3s', 'retry.linkerd.io/grpc': 'unavailable,resource-exhausted', 'retry.linkerd.io/limit': '2', 'retry.linkerd.io/timeout': '1s',
    });
    const modelService = named(objects, 'GRPCRoute', 'model-server-model-service');
    expect(modelService.spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'tensorflow.serving.ModelService' } }]);
    expect(modelService.metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '10s', 'timeout.linkerd.io/idle': '30s' });
    const health = named(objects, 'GRPCRoute', 'model-server-health');
    expect(health.spec.rules[0].matches).toEqual([{ method: { type: 'Exact', method: 'Check' } }]);
    expect(health.metadata.annotations).toEqual({ 'timeout.linkerd.io/response': '2s', 'retry.linkerd.io/grpc': 'unavailable', 'retry.linkerd.io/limit': '1' });
    // No matches: the rule takes every call (GRPCRoute v1 spec.rules[].matches).
    const rest = named(objects, 'GRPCRoute', 'model-server-rest');
    expect(rest.spec.rules[0].matches).toBeUndefined();
    expect(rest.metadata.annotations).toBeUndefined();
    expect(kinds(objects, 'ServiceProfile')).toHaveLength(0);
    expect(kinds(objects, 'TrafficSplit')).toHaveLength(0);
  });

  test('every documented retryable status is accepted and written as Linkerd reads it', () => {
    const { chart } = clusterChart();
    services(chart);
    new ModelRoutes(chart, 'routes', { ...GRPC, rules: [{ name: 'all', grpc: {}, retry: { on: GRPC_RETRY_CONDITIONS } }] });
    const objects = synthObjects(chart);
    expectValid(objects);
    expect(GRPC_RETRY_CONDITIONS).toEqual(['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);
    expect(named(objects, 'GRPCRoute', 'model-server-all').metadata.annotations['retry.linkerd.io/grpc']).toBe('cancelled,deadline-exceeded,internal,resource-exhausted,unavailable');
  });

  test('service and method shapes follow the GRPCRoute CEL rules; RegularExpression is refused for Linkerd', () => {
    const { chart } = clusterChart();
    const rules: GrpcModelRouteRule[] = [
      { name: 'a', grpc: { service: 'tensorflow/serving.PredictionService', method: 'Predict' } },
      { name: 'b', grpc: { service: PREDICTION, method: 'PredictionService/Predict' } },
      { name: 'c', grpc: { service: 'tensorflow..serving', method: '1Predict' } },
      { name: 'd', grpc: { type: 'Exact' } },
      { name: 'e', grpc: { service: 'tensorflow\\.serving\\..*', type: 'RegularExpression' } },
    ];
    expect(() => new ModelRoutes(chart, 'r', { ...GRPC, rules })).toThrow(new RegExp([
      'rules\\[0\\]\\.grpc\\.service = "tensorflow/serving.PredictionService": must be a fully qualified gRPC service name such as "tensorflow.serving.PredictionService"',
      'rules\\[1\\]\\.grpc\\.method = "PredictionService/Predict": must be a gRPC method name such as "Predict"',
      'rules\\[2\\]\\.grpc\\.service = "tensorflow..serving"',
      'rules\\[2\\]\\.grpc\\.method = "1Predict"',
      'rules\\[3\\]\\.grpc\\.type = "Exact": needs a service or a method to match \\(GRPCRoute CEL rule\\)',
      'rules\\[4\\]\\.grpc\\.type = "RegularExpression": must be "Exact": Linkerd 2.20 refuses RegularExpression method matches',
    ].join('[\\s\\S]*')));
  });

  test('the shapes ModelRoutes accepts or refuses are the ones the CRD CEL rules accept or refuse', () => {
    expect(celProblems([routeWithMatch({ type: 'Exact', service: PREDICTION, method: 'Predict' })])).toEqual([]);
    // Method without service: allowed by the CRD ("implementation-specific" support) and by ModelRoutes.
    expect(celProblems([routeWithMatch({ type: 'Exact', method: 'Check' })])).toEqual([]);
    expect(celProblems([routeWithMatch({ type: 'Exact', service: 'tensorflow/serving' })]).map((p) => p.message))
      .toEqual([expect.stringContaining('service must only contain valid characters')]);
    expect(celProblems([routeWithMatch({ type: 'Exact', service: PREDICTION, method: 'PredictionService/Predict' })]).map((p) => p.message))
      .toEqual([expect.stringContaining('method must only contain valid characters')]);
    expect(celProblems([routeWithMatch({ type: 'Exact' })]).map((p) => p.message)).toEqual(["One or both of 'service' or 'method' must be specified"]);
    // The CRD does not require a type: the API server defaults it to Exact, and the rule still applies.
    expect(celProblems([routeWithMatch({})]).map((p) => p.message)).toEqual(["One or both of 'service' or 'method' must be specified"]);
    // RegularExpression passes the CRD; only Linkerd refuses it, which is why ModelRoutes does.
    expect(celProblems([routeWithMatch({ type: 'RegularExpression', service: 'tensorflow\\.serving\\..*' })])).toEqual([]);
  });

  test('HTTP-only options are refused on a gRPC port, gRPC matches on an HTTP port, and an opaque port takes no routes', () => {
    const { chart } = clusterChart();
    const httpRule: ModelRouteRule = { name: 'p', method: 'POST', path: { type: 'Exact', value: '/v1/predict' } };
    expect(() => new ModelRoutes(chart, 'a', { ...GRPC, rules: [httpRule, { ...httpRule, name: 'q', grpc: { service: PREDICTION } }] })).toThrow(new RegExp([
      'rules\\[0\\]\\.path = \\{"type":"Exact","value":"/v1/predict"\\}: is an HTTP path match, refused on a gRPC port',
      'rules\\[0\\]\\.method = "POST": is an HTTP method, refused on a gRPC port',
      'rules\\[0\\]\\.grpc = \\(unset\\): must be set on a gRPC port',
      'rules\\[1\\]\\.path = .*: is an HTTP path match, refused on a gRPC port',
    ].join('[\\s\\S]*')));
    expect(() => new ModelRoutes(chart, 'b', { ...GRPC, service: { ...GRPC.service, protocol: 'http1' }, rules: [GRPC.rules[0]] }))
      .toThrow('rules[0].grpc = {"service":"tensorflow.serving.PredictionService","method":"Predict"}: is for a gRPC port; service.protocol is http1, so this rule needs a path match instead');
    expect(() => new ModelRoutes(chart, 'c', { ...GRPC, service: { ...GRPC.service, name: 'other', protocol: 'opaque' }, rules: [httpRule] }))
      .toThrow('service.protocol = "opaque": must be http1, http2 or grpc: an opaque port is routed by connection');
  });

  test('gRPC retries: known statuses, a u16 limit, and durations Linkerd 2.20 parses', () => {
    const { chart } = clusterChart();
    const retry = { on: ['unavailable', '5xx', 'UNAVAILABLE'] as unknown as GrpcRetryCondition[], limit: 70_000, timeout: '1.5s' };
    expect(() => new ModelRoutes(chart, 'a', { ...GRPC, rules: [{ name: 'm', grpc: { service: PREDICTION }, timeouts: { request: '1m30s', response: '5', idle: '0s' }, retry }] })).toThrow(new RegExp([
      'rules\\[0\\]\\.timeouts\\.request = "1m30s": must be a positive whole number with one unit \\(ms, s, m or h\\)',
      'rules\\[0\\]\\.timeouts\\.response = "5"',
      'rules\\[0\\]\\.timeouts\\.idle = "0s"',
      'rules\\[0\\]\\.retry\\.on\\[1\\] = "5xx": must be one of cancelled, deadline-exceeded, internal, resource-exhausted, unavailable',
      'rules\\[0\\]\\.retry\\.on\\[2\\] = "UNAVAILABLE"',
      'rules\\[0\\]\\.retry\\.limit = 70000: must be a whole number from 1 to 65535',
      'rules\\[0\\]\\.retry\\.timeout = "1.5s"',
    ].join('[\\s\\S]*')));
    expect(() => new ModelRoutes(chart, 'b', { ...GRPC, rules: [{ name: 'm', grpc: {}, timeouts: { request: '2s' }, retry: { on: [], limit: 0, timeout: '2000ms' } }] })).toThrow(new RegExp([
      'rules\\[0\\]\\.retry\\.on = \\[\\]: must list at least one gRPC status to retry',
      'rules\\[0\\]\\.retry\\.limit = 0',
      'rules\\[0\\]\\.retry\\.timeout = "2000ms": must be shorter than timeouts\\.request \\(2s\\)',
    ].join('[\\s\\S]*')));
  });

  test('Linkerd durations: one whole number and one unit', () => {
    expect(parseLinkerdDuration('300ms')).toBe(300);
    expect(parseLinkerdDuration('5s')).toBe(5000);
    expect(parseLinkerdDuration('2m')).toBe(120_000);
    expect(parseLinkerdDuration('1h')).toBe(3_600_000);
    for (const bad of ['1m30s', '1.5s', '5', '-1s', '1d', ' 5s', '', '5 s']) expect(parseLinkerdDuration(bad)).toBeUndefined();
  });

  test('the routed Service must not declare appProtocol grpc (or http) on the routed port', () => {
    for (const [appProtocol, treated] of [['grpc', 'opaque TCP'], ['http', 'HTTP/1']]) {
      const { app, chart } = clusterChart();
      services(chart, appProtocol);
      new ModelRoutes(chart, 'routes', GRPC);
      expectValid(rendered(chart));
      expect(() => app.synthYaml()).toThrow(`test/routes: Service mlops/model-server port 8500 has appProtocol "${appProtocol}", which Linkerd treats as ${treated}, so its GRPCRoutes would not apply; use "kubernetes.io/h2c"`);
    }
  });

  test('a ServiceProfile on the routed Service is refused, naming the GRPCRoutes', () => {
    const { app, chart } = clusterChart();
    services(chart);
    new ModelRoutes(chart, 'routes', GRPC);
    new ServiceProfileV1Alpha2(chart, 'sp', { metadata: { name: 'model-server.mlops.svc.cluster.local', namespace: 'mlops' }, spec: { routes: [] } });
    expectValid(rendered(chart));
    expect(() => app.synthYaml()).toThrow('ServiceProfile mlops/model-server.mlops.svc.cluster.local targets Service mlops/model-server, which has GRPCRoutes');
  });

  test('GRPCRoute parents and backends must be Services this app defines', () => {
    const { app, chart } = clusterChart();
    new k8s.KubeService(chart, 'v1', { metadata: { name: 'model-server-v1', namespace: 'mlops' }, spec: { ports: [{ name: 'grpc', port: 8500, appProtocol: 'kubernetes.io/h2c' }] } });
    new ModelRoutes(chart, 'routes', { ...GRPC, rules: [GRPC.rules[0]] });
    expectValid(rendered(chart));
    expect(policyReferenceProblems(app)).toEqual([
      'GRPCRoute mlops/model-server-predict: spec.parentRefs[0] refers to Service mlops/model-server, which this app does not define',
      'GRPCRoute mlops/model-server-predict: spec.rules[0].backendRefs[1] refers to Service mlops/model-server-v2, which this app does not define',
    ]);
    expect(() => app.synthYaml()).toThrow('GRPCRoute mlops/model-server-predict: spec.parentRefs[0] refers to Service mlops/model-server');
  });

  test('a gRPC split claims the Service like an HTTP one', () => {
    const { chart } = clusterChart();
    new ModelRoutes(chart, 'routes', GRPC);
    expect(() => new ModelRoutes(chart, 'again', GRPC)).toThrow('already has its traffic driven by static-split test/routes');
  });
});

describe('gRPC in the rest of the mesh', () => {
  test('the Server of a gRPC port uses proxyProtocol gRPC, and its Service port appProtocol h2c', () => {
    const { chart } = clusterChart();
    new MeshedNamespace(chart, 'mlops', { name: 'mlops' });
    const client = deployWorkload(chart, 'api-gateway', 'mlops', [{ name: 'http', port: 8000, protocol: 'http1' }]);
    const server = deployWorkload(chart, 'model-server', 'mlops', [{ name: 'grpc', port: 8500, protocol: 'grpc' }]);
    authorizeInMesh(chart, { source: { kind: 'workload', workload: client }, target: server, port: 'grpc' });
    const objects = synthObjects(chart);
    expectValid(objects);
    const srv = named(objects, 'Server', 'model-server-grpc');
    expect(srv.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(srv.spec.proxyProtocol).toBe('gRPC');
    expect(srv.spec.port).toBe(8500);
    expect(serviceAppProtocol('grpc')).toBe('kubernetes.io/h2c');
  });

  test('a RequestMirror filter on a GRPCRoute in a meshed namespace is refused', () => {
    const { app, chart } = clusterChart();
    new MeshedNamespace(chart, 'mlops', { name: 'mlops' });
    new GrpcRoute(chart, 'shadow', {
      metadata: { name: 'shadow', namespace: 'mlops' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'model-server', port: 8500 }],
        rules: [{
          filters: [{ type: GrpcRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror: { backendRef: { name: 'model-server-v2', port: 8500 } } }],
          backendRefs: [{ name: 'model-server-v1', port: 8500 }],
        }],
      },
    });
    refuseMirroring(app);
    expectValid(rendered(chart));
    expect(mirroringProblems(app)).toEqual([expect.stringContaining('GRPCRoute mlops/shadow: spec.rules[0] has a RequestMirror filter: refused on a meshed namespace; Linkerd 2.20 drops any route with a RequestMirror filter')]);
  });

  test('HTTP output is unchanged by an explicit http1 protocol', () => {
    const http: ModelRoutesProps = {
      service: { name: 'model-server', namespace: 'mlops', port: 8080 },
      backends: [{ name: 'model-server-v1', weight: 1 }],
      rules: [{ name: 'predict', method: 'POST', path: { type: 'Exact', value: '/v1/predict' }, timeouts: { request: '5s' }, retry: { on: ['5xx'], limit: 2 } }],
    };
    const a = clusterChart().chart;
    new ModelRoutes(a, 'routes', http);
    const b = clusterChart().chart;
    new ModelRoutes(b, 'routes', { ...http, service: { ...http.service, protocol: 'http1' } });
    const objects = rendered(a);
    expectValid(objects);
    expect(rendered(b)).toEqual(objects);
    expect(kinds(objects, 'GRPCRoute')).toHaveLength(0);
  });
});
