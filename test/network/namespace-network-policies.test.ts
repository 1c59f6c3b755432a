import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { networkAllows, Pod } from '../support/flow-evaluation';

const aks = {};
const gke = { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const };

const pod = (namespace: string, labels: Record<string, string>, meshed = true): Pod => ({ name: labels.app ?? 'pod', namespace, labels, serviceAccount: 'default', meshed });
const server = pod('mlops', { app: 'model-server' });
const kubeDns = pod('kube-system', { 'k8s-app': 'kube-dns' }, false);
const identity = pod('linkerd', { 'linkerd.io/control-plane-component': 'identity' });

function baseline(context: object, props: Partial<ConstructorParameters<typeof NamespaceNetworkPolicies>[2]> = {}) {
  const { chart } = clusterChart(context);
  new NamespaceNetworkPolicies(chart, 'net', { namespace: 'mlops', meshed: true, ...props });
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  return objects;
}

describe.each([
  { label: 'AKS', context: aks, kind: 'CiliumNetworkPolicy', nodeLocal: ['169.254.10.10/32', '169.254.10.11/32'], scraper: pod('kube-system', { rsName: 'ama-metrics' }, false) },
  { label: 'GKE', context: gke, kind: 'NetworkPolicy', nodeLocal: ['169.254.20.10/32', '169.254.169.254/32'], scraper: pod('gke-gmp-system', { 'app.kubernetes.io/name': 'collector' }, false) },
])('NamespaceNetworkPolicies on $label', ({ context, kind, nodeLocal, scraper }) => {
  const objects = baseline(context);

  test('emits only the kind the dataplane enforces, with a default deny both ways', () => {
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set([kind]));
    const deny = objects.find((o) => o.metadata.name === 'default-deny');
    if (kind === 'CiliumNetworkPolicy') {
      // Present-but-empty sections: the serializer must keep `[{}]`, or the direction would not be enforced.
      expect(deny?.spec).toEqual({ endpointSelector: {}, ingress: [{}], egress: [{}] });
    } else {
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  test('DNS reaches kube-dns on UDP and TCP 53 and the node-local resolver addresses, nothing else', () => {
    expect(networkAllows(objects, server, kubeDns, 53, 'UDP')).toBe(true);
    expect(networkAllows(objects, server, kubeDns, 53, 'TCP')).toBe(true);
    expect(networkAllows(objects, server, kubeDns, 80)).toBe(false);
    expect(networkAllows(objects, server, pod('kube-system', { 'k8s-app': 'metrics-server' }, false), 53, 'UDP')).toBe(false);
    for (const cidr of nodeLocal) expect(JSON.stringify(objects.find((o) => o.metadata.name === 'allow-dns'))).toContain(cidr);
  });

  test('meshed pods reach the Linkerd control plane on 8080, 8086 and 8090 only', () => {
    for (const port of [8080, 8086, 8090]) expect(networkAllows(objects, server, identity, port)).toBe(true);
    for (const port of [443, 8443, 9443, 4191]) expect(networkAllows(objects, server, identity, port)).toBe(false);
  });

  test("the cloud's managed Prometheus may scrape the proxy admin port 4191, and nothing else may", () => {
    expect(networkAllows(objects, scraper, server, 4191)).toBe(true);
    expect(networkAllows(objects, scraper, server, 8000)).toBe(false);
    expect(networkAllows(objects, pod(scraper.namespace, { app: 'other' }, false), server, 4191)).toBe(false);
  });

  test('nothing else gets in or out', () => {
    const peer = pod('mlops', { app: 'feature-store' });
    expect(networkAllows(objects, peer, server, 8000)).toBe(false);
    expect(networkAllows(objects, peer, server, 4143)).toBe(false);
    expect(networkAllows(objects, server, peer, 4143)).toBe(false);
  });
});

describe('NamespaceNetworkPolicies options', () => {
  test('an unmeshed namespace gets default deny and DNS only', () => {
    const objects = baseline(aks, { namespace: 'mlops', meshed: false });
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(['allow-dns', 'default-deny']);
  });

  test('a custom scraper replaces the managed one; none opens nothing', () => {
    const viz = pod('linkerd-viz', { 'component': 'prometheus' }, false);
    const custom = baseline(gke, { metricsScraper: { namespace: 'linkerd-viz', podSelector: { component: 'prometheus' } } });
    expect(networkAllows(custom, viz, server, 4191)).toBe(true);
    const none = baseline(gke, { metricsScraper: 'none' });
    expect(none.some((o) => o.metadata.name === 'allow-linkerd-proxy-metrics')).toBe(false);
  });

  test('bad input names field, value and rule', () => {
    const { chart } = clusterChart();
    expect(() => new NamespaceNetworkPolicies(chart, 'a', { namespace: 'ML_Ops', meshed: true }))
      .toThrow(/namespace = "ML_Ops": must be an RFC 1123 label/);
    expect(() => new NamespaceNetworkPolicies(chart, 'b', { namespace: 'edge', meshed: false, metricsScraper: { namespace: 'kube-system' } }))
      .toThrow(/metricsScraper = \{"namespace":"kube-system"\}: applies only to meshed namespaces/);
    expect(() => new NamespaceNetworkPolicies(chart, 'c', { namespace: 'mlops', meshed: true, linkerdNamespace: 'Linkerd' }))
      .toThrow(/linkerdNamespace = "Linkerd": must be an RFC 1123 label/);
  });

  test('a namespace gets one baseline', () => {
    const { chart } = clusterChart();
    new NamespaceNetworkPolicies(chart, 'a', { namespace: 'mlops', meshed: true });
    expect(() => new NamespaceNetworkPolicies(chart, 'b', { namespace: 'mlops', meshed: true })).toThrow(/namespace "mlops" already has network policies from test\/a/);
  });
});
