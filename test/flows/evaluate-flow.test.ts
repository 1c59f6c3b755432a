import { environmentBindings } from '../../lib/config/environment-bindings';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { evaluateFlow } from '../../lib/platform/kubernetes/flows/evaluate-flow';
import { Flow, PodEndpoint } from '../../lib/platform/kubernetes/flows/flow';
import { qa } from '../support/test-environments';
import { AKS, context, GKE, kubeDefaultDeny, networkPolicy, pod } from './fixtures';

// What crosses which layer: the transport header between meshed pods, the credential a cloud call needs, the VPC
// firewall between the GKE control plane and the nodes.

const caller = pod('shop', 'caller', { app: 'caller' }, { meshed: true });
const meshedServer = pod('shop', 'server', { app: 'server' }, { meshed: true, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });
const unmeshedServer = { ...meshedServer, meshed: false };
const call = (source: PodEndpoint, destination: PodEndpoint, port = 8080): Flow => ({ family: 'service', source, destination, port, protocol: 'TCP', purpose: 'test' });

// What TrafficPathPolicies writes for a meshed path: the app port and 4143, both ends.
const meshedPath = (ports: number[]): KubeObject[] => [
  kubeDefaultDeny('shop'),
  networkPolicy('shop', 'out', { podSelector: { matchLabels: { app: 'caller' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'server' } } }], ports: ports.map((port) => ({ port })) }] }),
  networkPolicy('shop', 'in', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'caller' } } }], ports: ports.map((port) => ({ port })) }] }),
];

describe('the wire: Linkerd\'s transport header', () => {
  test('between meshed pods the connection arrives on 4143, so a policy opening only the app port blocks it', () => {
    const v = evaluateFlow(context(GKE, meshedPath([8080])), call(caller, meshedServer));
    expect(v.wirePort).toBe(4143);
    expect(v.layers.network.by).toContain('no rule admits shop/server on 4143/TCP');
    expect(evaluateFlow(context(GKE, meshedPath([8080, 4143])), call(caller, meshedServer)).layers.network.result).toBe('allowed');
  });

  test('a meshed caller hitting an unmeshed server keeps the app port: a policy opening only 4143 blocks it', () => {
    const v = evaluateFlow(context(GKE, meshedPath([4143])), call(caller, unmeshedServer));
    expect(v.wirePort).toBe(8080);
    expect(v.layers.network.result).toBe('blocked');
    expect(v.layers.mesh).toEqual({ result: 'n/a', by: 'destination not meshed' });
  });

  test('the proxy\'s own ports and its own connections are never rewritten', () => {
    expect(evaluateFlow(context(GKE, []), call(caller, meshedServer, 4191)).wirePort).toBe(4191);
    expect(evaluateFlow(context(GKE, []), { ...call(caller, meshedServer, 8086), fromProxy: true }).wirePort).toBe(8086);
  });
});

describe('the identity layer', () => {
  const bindings = environmentBindings(qa);
  const keyVault = bindings.find((b) => b.identity.cloud === 'azure')!; // scoring/scorer on AKS -> Key Vault
  const gcs = bindings.find((b) => b.identity.cloud === 'gcp' && b.workload.cluster.cloud === 'gcp')!; // GKE direct principal
  const host = { kind: 'host' as const, host: 'kv-qa-scoring.vault.azure.net', resolvesTo: 'public' as const };
  const cloudCall = (source: PodEndpoint, binding = keyVault): Flow => ({ family: 'cloud', source, destination: host, port: 443, protocol: 'TCP', credential: { kind: 'binding', binding }, purpose: 'test' });
  const scorer = (labels: Record<string, string>, annotations: Record<string, string>) => pod('scoring', 'scorer', labels, {
    identity: { serviceAccountAnnotations: annotations, projectedTokenAudiences: [], configMaps: [], env: [] },
  });

  test('AKS workload identity needs the annotated ServiceAccount and the labelled pod', () => {
    const v = evaluateFlow(context(AKS, []), cloudCall(scorer({}, {})));
    expect(v.layers.identity.result).toBe('blocked');
    expect(v.layers.identity.by).toContain('has no azure.workload.identity/client-id; the pod lacks label azure.workload.identity/use: "true"');
    const ok = evaluateFlow(context(AKS, []), cloudCall(scorer({ 'azure.workload.identity/use': 'true' }, { 'azure.workload.identity/client-id': 'x' })));
    expect(ok.layers.identity).toEqual({ result: 'allowed', by: 'AKS workload identity, binding scorer-secrets' });
  });

  test('the credential is the bound ServiceAccount\'s: another pod does not hold it', () => {
    const other = pod('scoring', 'feature-store', {}, {});
    expect(evaluateFlow(context(GKE, []), cloudCall(other, gcs)).layers.identity.result).toBe('allowed');
    const v = evaluateFlow(context(GKE, []), cloudCall(pod('scoring', 'api-gateway', {}), gcs));
    expect(v.layers.identity.by).toContain('the pod runs as scoring/api-gateway, not as the bound scoring/feature-store');
  });

  test('a flow to a pod needs no credential', () => {
    expect(evaluateFlow(context(GKE, []), call(caller, meshedServer)).layers.identity.result).toBe('n/a');
  });
});

describe('the cloud firewall layer (GKE control plane to nodes)', () => {
  const controlPlane = { kind: 'address' as const, name: 'control plane', entity: 'kube-apiserver' as const, cidr: GKE.controlPlaneCidr };
  const webhook = (port: number): Flow => ({ family: 'webhook', source: controlPlane, destination: meshedServer, port, protocol: 'TCP', purpose: 'test' });

  test('GKE opens 443 and 10250; the platform API_SERVER_CALLED_PORTS; nothing else', () => {
    expect(evaluateFlow(context(GKE, []), webhook(10250)).layers.firewall.by).toContain('GKE\'s control-plane rule');
    expect(evaluateFlow(context(GKE, []), webhook(9443)).layers.firewall.by).toContain('API_SERVER_CALLED_PORTS');
    expect(evaluateFlow(context(GKE, []), webhook(15017)).layers.firewall).toMatchObject({ result: 'blocked', by: expect.stringContaining(`no VPC firewall rule admits ${GKE.controlPlaneCidr} to the nodes on 15017`) });
  });

  test('AKS, and pod-to-pod calls through konnectivity, cross no firewall the platform writes', () => {
    expect(evaluateFlow(context(AKS, []), webhook(15017)).layers.firewall.result).toBe('n/a');
    expect(evaluateFlow(context(GKE, []), { ...webhook(15017), source: caller }).layers.firewall.result).toBe('n/a');
  });
});
