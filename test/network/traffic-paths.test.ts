import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { allowTraffic } from '../../lib/k8s/policy/allow-traffic';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { authorizeInNetwork } from '../../lib/k8s/network/network-authorization';
import { meshAllows, networkAllows, Pod } from '../support/flow-evaluation';
import { apiGateway, batchScorer, edgePod, edgeProxy, featureStore, meshedWorkloads, modelServer, podOf, referenceCluster, workload } from './reference-scenario';

const clusters = [
  { label: 'AKS (CiliumNetworkPolicy)', context: {}, kind: 'CiliumNetworkPolicy' },
  { label: 'AKS with ACNS', context: { acnsSecurity: true }, kind: 'CiliumNetworkPolicy' },
  { label: 'GKE Dataplane V2 (NetworkPolicy)', context: { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const }, kind: 'NetworkPolicy' },
];

const PROXY_INBOUND = 4143;
const ms = podOf(modelServer);
const gw = podOf(apiGateway);
const fs = podOf(featureStore);
const bs = podOf(batchScorer);

describe.each(clusters)('traffic paths on $label', ({ context, kind }) => {
  const objects = referenceCluster(context).objects();

  test('every object is valid against its schema, and policies are of the kind the dataplane enforces', () => {
    expectValidManifests(objects);
    const policyKinds = new Set(objects.filter((o) => /NetworkPolicy$/.test(o.kind)).map((o) => o.kind));
    expect([...policyKinds]).toEqual([kind]);
  });

  test('the allowed paths are open on the app port and, between meshed pods, on the proxy port 4143', () => {
    for (const src of [ms, gw, fs]) {
      expect(networkAllows(objects, src, ms, 8000)).toBe(true);
      expect(networkAllows(objects, src, ms, PROXY_INBOUND)).toBe(true);
    }
    expect(networkAllows(objects, gw, ms, 8080)).toBe(true);
    expect(networkAllows(objects, bs, fs, 6566)).toBe(true);
    expect(networkAllows(objects, bs, fs, PROXY_INBOUND)).toBe(true);
    // An unmeshed client has no proxy: only the app port is opened for it.
    expect(networkAllows(objects, edgePod, gw, 8081)).toBe(true);
    expect(networkAllows(objects, edgePod, gw, PROXY_INBOUND)).toBe(false);
  });

  test('nothing outside the allow list is open', () => {
    expect(networkAllows(objects, fs, ms, 8080)).toBe(false); // public port is api-gateway only
    expect(networkAllows(objects, ms, ms, 8080)).toBe(false);
    for (const port of [8000, 8080, PROXY_INBOUND]) expect(networkAllows(objects, bs, ms, port)).toBe(false);
    for (const port of [6566, PROXY_INBOUND]) expect(networkAllows(objects, gw, fs, port)).toBe(false);
    for (const port of [8081, PROXY_INBOUND]) expect(networkAllows(objects, ms, gw, port)).toBe(false);
    expect(networkAllows(objects, edgePod, ms, 8000)).toBe(false);
    expect(networkAllows(objects, fs, bs, 9000)).toBe(false);
    // A pod in a namespace without policies cannot get in either: ingress is default-deny.
    const stranger: Pod = { name: 'stranger', namespace: 'default', labels: { app: 'stranger' }, serviceAccount: 'default', meshed: false };
    expect(networkAllows(objects, stranger, ms, 8000)).toBe(false);
    // The source side is enforced too: with only the target's ingress rule, default-deny egress still blocks.
    const withoutSourceEgress = objects.filter((o) => !(o.metadata.namespace === 'batch' && o.metadata.name.startsWith('allow-to-')));
    expect(networkAllows(withoutSourceEgress, bs, fs, 6566)).toBe(false);
  });

  test('the peers allowed by network policy equal the peers allowed by Linkerd authorization', () => {
    // Per target workload: which meshed workloads may connect at all. Linkerd narrows meshed traffic to the
    // port (the network sees 4143 for every meshed port), so the layers are compared peer by peer.
    for (const target of meshedWorkloads) {
      const dst = podOf(target);
      const sources = meshedWorkloads.map((w) => podOf(w));
      const networkPeers = sources.filter((src) => [...target.ports.map((p) => p.port), PROXY_INBOUND].some((port) => networkAllows(objects, src, dst, port))).map((p) => p.name);
      const meshPeers = sources.filter((src) => target.ports.some((p) => meshAllows(objects, src, dst, p))).map((p) => p.name);
      expect({ target: target.name, peers: meshPeers.sort() }).toEqual({ target: target.name, peers: networkPeers.sort() });
    }
  });
});

describe('traffic path errors', () => {
  test('a path into a namespace without NamespaceNetworkPolicies fails at synth and names the namespace', () => {
    const { app, chart } = clusterChart();
    new NamespaceNetworkPolicies(chart, 'batch-network', { namespace: 'batch', meshed: true });
    allowTraffic(chart, { source: { kind: 'workload', workload: batchScorer }, target: featureStore, port: 'grpc' });
    expect(() => app.synthYaml()).toThrow(/target\.namespace = "mlops": has no NamespaceNetworkPolicies; every namespace on a traffic path \(batch\/batch-scorer -> mlops\/feature-store:grpc\) needs one/);
    // Synth paths that skip validation still refuse to render the policy.
    expect(() => synthObjects(chart)).toThrow(/target\.namespace = "mlops": has no NamespaceNetworkPolicies/);
  });

  test('a source namespace without NamespaceNetworkPolicies fails at synth', () => {
    const { app, chart } = clusterChart();
    MeshNetworks.of(app).define(MeshNetworks.PODS, ['10.244.0.0/16']);
    new NamespaceNetworkPolicies(chart, 'mlops-network', { namespace: 'mlops', meshed: true });
    allowTraffic(chart, { source: { kind: 'unmeshed', ...edgeProxy }, target: apiGateway, port: 'http' });
    expect(() => app.synthYaml()).toThrow(/source\.namespace = "edge": has no NamespaceNetworkPolicies/);
  });

  test('an unknown port and a repeated path are refused', () => {
    const { chart } = clusterChart();
    expect(() => authorizeInNetwork(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'metrics' }))
      .toThrow(/port = "metrics": must be a port of mlops\/model-server \(it has: predict, public\)/);
    authorizeInNetwork(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'predict' });
    expect(() => authorizeInNetwork(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'predict' }))
      .toThrow(/namespace mlops -> mlops\/model-server:predict is already allowed here/);
  });

  test('long names are shortened deterministically and stay valid', () => {
    const { chart } = clusterChart();
    const longTarget = workload('mlops', 'a-very-long-model-server-name-for-a-large-language-model', [{ name: 'predict', port: 8000, protocol: 'http1' }]);
    new NamespaceNetworkPolicies(chart, 'mlops-network', { namespace: 'mlops', meshed: true });
    new NamespaceNetworkPolicies(chart, 'batch-network', { namespace: 'batch', meshed: true });
    authorizeInNetwork(chart, { source: { kind: 'workload', workload: batchScorer }, target: longTarget, port: 'predict' });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const names = objects.filter((o) => o.metadata.annotations?.['ml-mesh-platform.io/purpose']?.startsWith('traffic path')).map((o) => o.metadata.name);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
  });
});
