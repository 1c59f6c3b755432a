import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ClusterContextProps } from '../../lib/k8s/core/cluster-context';
import { Workload } from '../../lib/k8s/core/workload';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { DEFAULT_INBOUND_POLICY, INJECT } from '../../lib/contract/linkerd-annotations';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { allowTraffic } from '../../lib/k8s/policy/allow-traffic';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { Pod } from '../support/flow-evaluation';

/** A workload as the policy layers see it; tests need no Deployment behind it. */
export function workload(namespace: string, name: string, ports: Workload['ports']): Workload {
  return { name, namespace, serviceAccountName: name, selector: { 'app.kubernetes.io/name': name }, ports };
}

export const modelServer = workload('mlops', 'model-server', [
  { name: 'predict', port: 8000, protocol: 'http1' },
  { name: 'public', port: 8080, protocol: 'http1' },
]);
export const apiGateway = workload('mlops', 'api-gateway', [{ name: 'http', port: 8081, protocol: 'http1' }]);
export const featureStore = workload('mlops', 'feature-store', [{ name: 'grpc', port: 6566, protocol: 'grpc' }]);
export const batchScorer = workload('batch', 'batch-scorer', [{ name: 'http', port: 9000, protocol: 'http1' }]);
export const meshedWorkloads = [modelServer, apiGateway, featureStore, batchScorer];

/**
 * The Namespace and ServiceAccount objects the mesh layer checks its references against; in a real
 * cluster app the namespace and workload constructs create them. Meshed namespaces deny by default, as
 * MeshedNamespace writes them in production: a port without a Server admits nobody.
 */
export function declareIdentities(scope: Construct, namespaces: readonly string[], workloads: readonly Workload[], meshed: readonly string[] = ['mlops', 'batch']): void {
  for (const name of namespaces) {
    const annotations = meshed.includes(name) ? { [INJECT]: 'enabled', [DEFAULT_INBOUND_POLICY]: 'deny' } : undefined;
    new k8s.KubeNamespace(scope, `ns-${name}`, { metadata: { name, annotations } });
  }
  for (const w of workloads) new k8s.KubeServiceAccount(scope, `sa-${w.namespace}-${w.name}`, { metadata: { name: w.serviceAccountName, namespace: w.namespace } });
}

/** An unmeshed client outside the mesh, e.g. an ingress controller. */
export const edgeProxy = { name: 'edge-proxy', namespace: 'edge', selector: { app: 'edge-proxy' } };

export function podOf(w: Workload, meshed = true): Pod {
  return { name: w.name, namespace: w.namespace, labels: w.selector, serviceAccount: w.serviceAccountName, meshed };
}
export const edgePod: Pod = { name: 'edge-proxy', namespace: 'edge', labels: edgeProxy.selector, serviceAccount: 'edge-proxy', meshed: false };

/**
 * The reference policy: every workload of mlops may call the model server's predict port; only api-gateway
 * may call its public port; batch-scorer (another namespace) may call the feature store; the unmeshed edge
 * proxy may call the api-gateway. Namespaces and paths are declared in mixed order on purpose.
 */
export function referenceCluster(overrides: Partial<ClusterContextProps> = {}) {
  const { app, chart } = clusterChart(overrides);
  // Linkerd authorizes the unmeshed client by address (NetworkAuthentication of the pod CIDR).
  MeshNetworks.of(app).define(MeshNetworks.PODS, ['10.244.0.0/16']);
  declareIdentities(chart, ['mlops', 'batch', 'edge'], meshedWorkloads);
  allowTraffic(chart, { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServer, port: 'predict' });
  new NamespaceNetworkPolicies(chart, 'mlops-network', { namespace: 'mlops', meshed: true });
  allowTraffic(chart, { source: { kind: 'workload', workload: apiGateway }, target: modelServer, port: 'public' });
  allowTraffic(chart, { source: { kind: 'workload', workload: batchScorer }, target: featureStore, port: 'grpc' });
  allowTraffic(chart, { source: { kind: 'unmeshed', ...edgeProxy }, target: apiGateway, port: 'http' });
  new NamespaceNetworkPolicies(chart, 'batch-network', { namespace: 'batch', meshed: true });
  new NamespaceNetworkPolicies(chart, 'edge-network', { namespace: 'edge', meshed: false });
  return { app, chart, objects: () => synthObjects(chart) };
}
