import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { authorizeInNetwork } from '../../lib/k8s/network/network-authorization';
import { restrictHttpRequests } from '../../lib/k8s/network/http-restrictions';
import { workload } from './reference-scenario';

const legacyScorer = workload('legacy', 'legacy-scorer', [{ name: 'http', port: 8080, protocol: 'http1' }]);
const client = workload('legacy', 'client', [{ name: 'http', port: 9000, protocol: 'http1' }]);
const predictOnly = [{ method: 'POST', path: '/v1/predict' }, { method: 'GET', path: '/health' }];

describe('L7 HTTP rules', () => {
  test('on AKS with ACNS, an unmeshed target port gets the HTTP rules on its ingress policy', () => {
    const { chart } = clusterChart({ acnsSecurity: true });
    new NamespaceNetworkPolicies(chart, 'legacy', { namespace: 'legacy', meshed: false });
    authorizeInNetwork(chart, { source: { kind: 'workload', workload: client }, target: legacyScorer, port: 'http' });
    restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const ingress = objects.find((o) => o.metadata.name === 'allow-from-client-to-legacy-scorer-http');
    expect(ingress?.spec.ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: predictOnly } }]);
    // The source side stays L4, and an unmeshed path never opens 4143.
    const egress = objects.find((o) => o.metadata.name === 'allow-to-legacy-scorer-http-from-client');
    expect(egress?.spec.egress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  test.each([
    ['AKS without ACNS', {}, /L7 rules cannot be enforced on this cluster: AKS blocks FQDN and L7 Cilium policies unless Advanced Container Networking Services security is enabled/],
    ['GKE', { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const }, /L7 rules cannot be enforced on this cluster: GKE Dataplane V2 enforces Kubernetes NetworkPolicy only/],
  ])('%s refuses L7 rules', (_label, context, message) => {
    const { chart } = clusterChart(context);
    expect(() => restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly })).toThrow(message);
  });

  test('L7 rules on a meshed workload fail at synth: Cilium sees only mTLS there', () => {
    const { app, chart } = clusterChart({ acnsSecurity: true });
    new NamespaceNetworkPolicies(chart, 'legacy', { namespace: 'legacy', meshed: true });
    authorizeInNetwork(chart, { source: { kind: 'workload', workload: client }, target: legacyScorer, port: 'http' });
    restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly });
    expect(() => app.synthYaml()).toThrow(/target = "legacy\/legacy-scorer": runs in a meshed namespace: Cilium sees only mTLS between meshed pods/);
    expect(() => synthObjects(chart)).toThrow(/runs in a meshed namespace/);
  });

  test('HTTP rules without a traffic path fail at synth instead of doing nothing', () => {
    const { app, chart } = clusterChart({ acnsSecurity: true });
    new NamespaceNetworkPolicies(chart, 'legacy', { namespace: 'legacy', meshed: false });
    restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly });
    expect(() => app.synthYaml()).toThrow(/port = "http": has no traffic path to legacy\/legacy-scorer; HTTP rules refine a path opened with allowTraffic/);
  });

  test('bad requests name field, value and rule', () => {
    const { chart } = clusterChart({ acnsSecurity: true });
    expect(() => restrictHttpRequests(chart, { target: legacyScorer, port: 'grpc', requests: [{ method: 'get', path: 'v1/(' }] }))
      .toThrow(/port = "grpc": must be a port of legacy\/legacy-scorer[\s\S]*requests\[0\]\.method = "get": must be an upper-case HTTP method[\s\S]*requests\[0\]\.path = "v1\/\(": must be a regular expression for a path/);
    expect(() => restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: [] })).toThrow(/requests = \[\]: must allow at least one request/);
    restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly });
    expect(() => restrictHttpRequests(chart, { target: legacyScorer, port: 'http', requests: predictOnly })).toThrow(/port = "http": already has HTTP rules/);
  });
});
