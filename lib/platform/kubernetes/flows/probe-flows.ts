import { Flow } from './flow';
import { FlowSources, kubelet } from './flow-sources';

/**
 * The kubelet's httpGet probes of every pod the folder runs: they cross Linkerd on meshed pods, where a Server with
 * routes no longer authorizes probes by itself (linkerd.io/2-edge/tasks/configuring-per-route-policy).
 */
export function probeFlows(sources: FlowSources): Flow[] {
  const source = kubelet(sources.target);
  return sources.pods.flatMap((pod) => pod.probes.map((probe): Flow => ({
    family: 'probe',
    source,
    destination: pod,
    port: probe.port,
    protocol: 'TCP',
    request: { method: 'GET', path: probe.path },
    purpose: `the kubelet probes ${probe.path}`,
  })));
}
