import { API_SERVER_CALLED_PORTS, API_SERVER_PORT } from '../../../contract/chart-components';
import { LINKERD_PORTS } from '../../../contract/linkerd';
import { Flow, PodEndpoint } from './flow';
import { apiServer, apiServerCallers, FlowSources, namespacePod } from './flow-sources';

/** Every pod that runs: the folder's, the charts', and Azure ML's (which Azure ML creates in the compute namespaces). */
function clusterPods(sources: FlowSources): PodEndpoint[] {
  const azureMl = sources.target.cloud === 'azure' ? sources.target.environment.azure?.azureMl : undefined;
  const azureMlPods = (azureMl?.computes ?? []).map((c) => namespacePod(sources, c.namespace, `Azure ML ${c.purpose} pods of ${c.namespace}`));
  return [...sources.pods, ...azureMlPods];
}

/**
 * What every pod needs from the cluster itself:
 * - DNS: kube-dns on UDP and TCP 53, from every pod the folder and Azure ML run;
 * - the Linkerd control plane: every meshed pod's proxy reaches identity (8080), destination (8086) and policy (8090)
 *   itself, so the ports are not rewritten;
 * - the API server (443): pods that mount their API token, and the add-ons that watch the API;
 * - webhooks and APIServices: the API server calls each add-on's port in API_SERVER_CALLED_PORTS, through konnectivity
 *   and directly from the control plane.
 */
export function controlPlaneFlows(sources: FlowSources): Flow[] {
  const { charts } = sources;
  const flows: Flow[] = [];
  for (const pod of clusterPods(sources)) {
    for (const protocol of ['UDP', 'TCP'] as const) {
      flows.push({ family: 'dns', source: pod, destination: charts.kubeDns, port: 53, protocol, purpose: 'name resolution' });
    }
    if (!pod.meshed) continue;
    for (const [destination, port, what] of [
      [charts.identity, LINKERD_PORTS.identity, 'its mTLS certificate from identity'],
      [charts.destination, LINKERD_PORTS.destination, 'endpoints from destination'],
      [charts.destination, LINKERD_PORTS.policy, 'inbound and outbound policy from the policy controller'],
    ] as const) {
      flows.push({ family: 'mesh-control', source: pod, destination, port, protocol: 'TCP', fromProxy: true, purpose: `the Linkerd proxy gets ${what}` });
    }
  }
  const callers = [...sources.pods.filter((p) => p.callsApiServer), ...Object.values(charts).filter((p) => p.callsApiServer)];
  for (const pod of callers) {
    flows.push({ family: 'api-server', source: pod, destination: apiServer(sources.target), port: API_SERVER_PORT, protocol: 'TCP', purpose: 'watches or changes objects through the Kubernetes API' });
  }
  for (const pod of Object.values(charts)) {
    for (const port of pod.ports.filter((p) => API_SERVER_CALLED_PORTS.includes(p.port))) {
      for (const source of apiServerCallers(sources)) {
        flows.push({ family: 'webhook', source, destination: pod, port: port.port, protocol: 'TCP', purpose: `the API server calls ${pod.name}'s webhook or APIService` });
      }
    }
  }
  return flows;
}
