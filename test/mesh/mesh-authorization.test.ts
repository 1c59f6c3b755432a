import { App } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { MeshServer } from '../../lib/k8s/mesh/mesh-server';
import { authorizeInMesh } from '../../lib/k8s/mesh/mesh-authorization';
import { allowTraffic } from '../../lib/k8s/policy/allow-traffic';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';
import { deployWorkload, kinds, named } from './fixtures';

const LINKERD_KINDS = ['Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute'];

function referenceCluster() {
  const { app, chart } = clusterChart();
  new MeshedNamespace(chart, 'mlops', { name: 'mlops' });
  const modelServer = deployWorkload(chart, 'model-server', 'mlops', [
    { name: 'http', port: 8080, protocol: 'http1' },
    { name: 'public', port: 8443, protocol: 'http2' },
  ]);
  const apiGateway = deployWorkload(chart, 'api-gateway', 'gateway', [{ name: 'http', port: 8000, protocol: 'http1' }]);
  const featureStore = deployWorkload(chart, 'feature-store', 'mlops', [{ name: 'grpc', port: 9000, protocol: 'grpc' }]);
  return { app, chart, modelServer, apiGateway, featureStore };
}

/** Server name -> the identities its AuthorizationPolicies admit, read back from the synthesized objects. */
function allowList(objects: Record<string, any>[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const policy of kinds(objects, 'AuthorizationPolicy')) {
    const target = `${policy.spec.targetRef.kind}/${policy.spec.targetRef.name}`;
    for (const ref of policy.spec.requiredAuthenticationRefs) {
      const authn = named(objects, ref.kind, ref.name);
      const who = ref.kind === 'MeshTLSAuthentication'
        ? authn.spec.identityRefs.map((i: any) => `${i.kind}:${i.namespace ? `${i.namespace}/` : ''}${i.name}`)
        : authn.spec.networks.map((n: any) => `cidr:${n.cidr}`);
      (result[target] ??= []).push(...who);
    }
  }
  return result;
}

describe('authorizeInMesh', () => {
  test('reference policy: the namespace may call the model port, only api-gateway the public port', () => {
    const { app, chart, modelServer, apiGateway } = referenceCluster();
    // allowTraffic also writes the network policies, which need each namespace's baseline.
    new NamespaceNetworkPolicies(chart, 'net-mlops', { namespace: 'mlops', meshed: true, metricsScraper: 'none' });
    new NamespaceNetworkPolicies(chart, 'net-gateway', { namespace: 'gateway', meshed: true, metricsScraper: 'none' });
    allowTraffic(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'http' });
    allowTraffic(chart, { source: { kind: 'workload', workload: apiGateway }, target: modelServer, port: 'public' });

    const objects = synthObjects(chart);
    expectValidManifests(objects.filter((o) => LINKERD_KINDS.includes(o.kind)));
    expect(() => app.synthYaml()).not.toThrow();

    expect(allowList(objects)).toEqual({
      'Server/model-server-http': ['Namespace:mlops'],
      'Server/model-server-public': ['ServiceAccount:gateway/api-gateway'],
    });
    const http = named(objects, 'Server', 'model-server-http');
    expect(http.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(http.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'model-server' } }, port: 8080, proxyProtocol: 'HTTP/1', accessPolicy: 'deny' });
    expect(named(objects, 'Server', 'model-server-public').spec).toMatchObject({ port: 8443, proxyProtocol: 'HTTP/2' });
    const policy = named(objects, 'AuthorizationPolicy', 'model-server-public-meshed');
    expect(policy.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'model-server-public' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'model-server-public-meshed' }],
    });
  });

  test('one Server per workload port, however many intents; identities collected sorted and deduplicated', () => {
    const { chart, modelServer, apiGateway, featureStore } = referenceCluster();
    authorizeInMesh(chart, { source: { kind: 'workload', workload: featureStore }, target: modelServer, port: 'http' });
    authorizeInMesh(chart, { source: { kind: 'workload', workload: apiGateway }, target: modelServer, port: 'http' });
    authorizeInMesh(chart, { source: { kind: 'workload', workload: apiGateway }, target: modelServer, port: 'http' });
    expect(MeshServer.forPort(chart, modelServer, 'http')).toBe(MeshServer.forPort(chart, modelServer, 'http'));

    const objects = synthObjects(chart);
    expect(kinds(objects, 'Server')).toHaveLength(1);
    expect(kinds(objects, 'AuthorizationPolicy')).toHaveLength(1);
    expect(named(objects, 'MeshTLSAuthentication', 'model-server-http-meshed').spec.identityRefs).toEqual([
      { kind: 'ServiceAccount', name: 'api-gateway', namespace: 'gateway' },
      { kind: 'ServiceAccount', name: 'feature-store', namespace: 'mlops' },
    ]);
  });

  test('gRPC ports get proxyProtocol gRPC', () => {
    const { chart, featureStore, modelServer } = referenceCluster();
    authorizeInMesh(chart, { source: { kind: 'workload', workload: modelServer }, target: featureStore, port: 'grpc' });
    expect(named(synthObjects(chart), 'Server', 'feature-store-grpc').spec.proxyProtocol).toBe('gRPC');
  });

  test('an unmeshed client is authenticated by the pod network it comes from', () => {
    const { chart, modelServer } = referenceCluster();
    MeshNetworks.of(chart).define('pods', ['10.244.0.0/16', 'fd00:10:244::/56']);
    authorizeInMesh(chart, { source: { kind: 'unmeshed', name: 'batch-loader', namespace: 'etl', selector: { app: 'batch-loader' } }, target: modelServer, port: 'http' });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(allowList(objects)).toEqual({ 'Server/model-server-http': ['cidr:10.244.0.0/16', 'cidr:fd00:10:244::/56'] });
  });

  test('an unmeshed client without defined pod networks is an error naming the fix', () => {
    const { chart, modelServer } = referenceCluster();
    expect(() => authorizeInMesh(chart, { source: { kind: 'unmeshed', name: 'loader', namespace: 'etl', selector: {} }, target: modelServer, port: 'http' }))
      .toThrow('etl/loader (unmeshed): network "pods" is not defined (defined: none); call MeshNetworks.of(app).define("pods", [...cidrs]) first');
  });

  test('MeshNetworks rejects malformed CIDRs', () => {
    const { chart } = referenceCluster();
    expect(() => MeshNetworks.of(chart).define('office', ['10.0.0.0/33'])).toThrow('MeshNetworks.define("office"): cidrs = ["10.0.0.0/33"]: must be a non-empty list of CIDRs');
  });

  test('a Server for a port the workload lacks names the known ports', () => {
    const { chart, modelServer } = referenceCluster();
    expect(() => MeshServer.forPort(chart, modelServer, 'metrics'))
      .toThrow('port = "metrics": must name a port of mlops/model-server (it has: http, public)');
  });

  test("a Server whose port the selected pods do not declare fails at synth", () => {
    const { app, chart } = referenceCluster();
    const drifted = { name: 'model-server', namespace: 'mlops', serviceAccountName: 'model-server', selector: { 'app.kubernetes.io/name': 'model-server' }, ports: [{ name: 'admin', port: 9090, protocol: 'http1' as const }] };
    authorizeInMesh(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: drifted, port: 'admin' });
    expect(() => app.synthYaml()).toThrow('Server mlops/model-server-admin port 9090 (admin): no container of Deployment mlops/model-server declares this port');
  });

  test('a policy that names an identity or namespace the app does not define fails at synth', () => {
    const { app, chart, modelServer } = referenceCluster();
    const ghost = { name: 'ghost', namespace: 'mlops', serviceAccountName: 'ghost', selector: { app: 'ghost' }, ports: [] };
    authorizeInMesh(chart, { source: { kind: 'workload', workload: ghost }, target: modelServer, port: 'http' });
    authorizeInMesh(chart, { source: { kind: 'namespace', namespace: 'nowhere' }, target: modelServer, port: 'http' });
    expect(() => app.synthYaml()).toThrow(/MeshTLSAuthentication mlops\/model-server-http-meshed: spec.identityRefs\[0\] refers to Namespace nowhere, which this app does not define[\s\S]*spec.identityRefs\[1\] refers to ServiceAccount mlops\/ghost/);
  });

  test('a hand-written policy targeting a missing Server fails at synth', () => {
    const { app, chart, modelServer } = referenceCluster();
    authorizeInMesh(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'http' });
    new k8s.KubeConfigMap(chart, 'noise', { metadata: { name: 'noise', namespace: 'mlops' } });
    const { AuthorizationPolicy } = jest.requireActual('../../imports/linkerd-authorization-policy-policy.linkerd.io');
    new AuthorizationPolicy(chart, 'stray', {
      metadata: { name: 'stray', namespace: 'mlops' },
      spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'typo-server' }, requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'model-server' }] },
    });
    expect(() => (app as App).synthYaml()).toThrow('AuthorizationPolicy mlops/stray: spec.targetRef refers to Server mlops/typo-server, which this app does not define');
  });

  test('routes on a Server bring the probe route, probe network and its authorization', () => {
    const { app, chart, modelServer } = referenceCluster();
    const server = MeshServer.forPort(chart, modelServer, 'http');
    server.addRoutes({
      routes: [{ name: 'predict', matches: [{ path: { type: 'Exact', value: '/v1/predict' }, method: 'POST' }] }],
      probePaths: ['/health', '/ready'],
    });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(() => app.synthYaml()).not.toThrow();
    const probe = named(objects, 'HTTPRoute', 'model-server-http-probe');
    expect(probe.spec.parentRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'Server', name: 'model-server-http' }]);
    expect(probe.spec.rules[0].matches).toEqual([
      { path: { type: 'Exact', value: '/health' }, method: 'GET' },
      { path: { type: 'Exact', value: '/ready' }, method: 'GET' },
    ]);
    expect(named(objects, 'NetworkAuthentication', 'model-server-http-probe').spec.networks).toEqual([{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
    expect(named(objects, 'AuthorizationPolicy', 'model-server-http-probe').spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'model-server-http-probe' });
    expect(kinds(objects, 'HTTPRoute').map((r) => r.metadata.name).sort()).toEqual(['model-server-http-predict', 'model-server-http-probe']);
    expect(objects.filter((o) => LINKERD_KINDS.includes(o.kind)).length).toBe(5);
  });

  test('routes without probe paths, or declared twice, are refused', () => {
    const { chart, modelServer } = referenceCluster();
    const server = MeshServer.forPort(chart, modelServer, 'http');
    expect(() => server.addRoutes({ routes: [{ name: 'all', matches: [{ path: { value: 'v1' } }] }], probePaths: [] }))
      .toThrow(/probePaths = \[\]: must list the httpGet probe paths[\s\S]*routes\[0\].matches\[0\].path.value = "v1": must start with '\/' for a PathPrefix match/);
    server.addRoutes({ routes: [{ name: 'all', matches: [{ path: { value: '/' } }] }], probePaths: ['/health'] });
    expect(() => server.addRoutes({ routes: [{ name: 'again', matches: [{ path: { value: '/' } }] }], probePaths: ['/health'] }))
      .toThrow('routes = ["again"]: must be declared once per Server');
  });

  test('a network may be admitted to one route only, and only to a declared one', () => {
    const { chart, modelServer } = referenceCluster();
    MeshNetworks.of(chart).define('collectors', ['10.244.0.0/16']);
    const server = MeshServer.forPort(chart, modelServer, 'http');
    const source = { kind: 'unmeshed' as const, name: 'collector', namespace: 'kube-system', selector: { app: 'collector' } };
    expect(() => server.allowNetworkOnRoute('metrics', 'collectors', source)).toThrow('route = "metrics": must be a route of Server mlops/model-server-http declared with addRoutes (it has: none)');
    server.addRoutes({ routes: [{ name: 'metrics', matches: [{ path: { type: 'Exact', value: '/metrics' }, method: 'GET' }] }], probePaths: ['/health'] });
    server.allowNetworkOnRoute('metrics', 'collectors', source);
    const objects = synthObjects(chart);
    expect(named(objects, 'NetworkAuthentication', 'model-server-http-metrics-net-collectors').spec.networks).toEqual([{ cidr: '10.244.0.0/16' }]);
    expect(named(objects, 'AuthorizationPolicy', 'model-server-http-metrics-net-collectors').spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'model-server-http-metrics' });
  });

  test('clients outside the pod network are admitted by their ranges, once per name', () => {
    const { chart, modelServer } = referenceCluster();
    const server = MeshServer.forPort(chart, modelServer, 'http');
    expect(() => server.allowCidrs('lb', [])).toThrow('cidrs = []: must be a non-empty list of CIDRs');
    expect(() => server.allowCidrs('lb', ['10.0.0.0'])).toThrow('cidrs = ["10.0.0.0"]: must be a non-empty list of CIDRs');
    server.allowCidrs('lb', ['10.20.0.0/16']);
    expect(() => server.allowCidrs('lb', ['10.20.0.0/16'])).toThrow('name = "lb": already authorizes a network on Server mlops/model-server-http');
    expect(named(synthObjects(chart), 'NetworkAuthentication', 'model-server-http-net-lb').spec.networks).toEqual([{ cidr: '10.20.0.0/16' }]);
  });
});
