import { COMPONENT_LABEL } from '../../../contract/labels';
import { describeSource, TrafficIntent, TrafficSource, Workload } from '../../../k8s/core/workload';
import { Flow, PodEndpoint } from './flow';
import { anyMeshedPodOf, FlowSources, namespacePod, podsSelected } from './flow-sources';

/** The pods an intent's target stands for: the folder's pods it selects, or (Azure ML's models) its namespace's. */
function targetPods(sources: FlowSources, target: Workload): PodEndpoint[] {
  const pods = podsSelected(sources, target.namespace, target.selector);
  if (pods.length > 0) return pods;
  const stand = namespacePod(sources, target.namespace, `${target.namespace}/${target.name}`, target.selector, target.serviceAccountName);
  return [{ ...stand, ports: target.ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' as const })) }];
}

/** The callers an intent admits: the workload's pods, every meshed pod of a namespace (and any future one), a chart's pods. */
function sourcePods(sources: FlowSources, source: Exclude<TrafficSource, { kind: 'external' }>): PodEndpoint[] {
  switch (source.kind) {
    case 'workload': {
      const pods = podsSelected(sources, source.workload.namespace, source.workload.selector);
      return pods.length > 0 ? pods : [namespacePod(sources, source.workload.namespace, `${source.workload.namespace}/${source.workload.name}`, source.workload.selector, source.workload.serviceAccountName)];
    }
    case 'namespace':
      return [...sources.pods.filter((p) => p.namespace === source.namespace && p.meshed), anyMeshedPodOf(sources, source.namespace)];
    case 'unmeshed': {
      const chart = Object.values(sources.charts).find((p) => p.namespace === source.namespace
        && Object.entries(source.selector).every(([k, v]) => p.labels[k] === v));
      return [chart ?? { ...namespacePod(sources, source.namespace, `${source.namespace}/${source.name}`, source.selector), meshed: false }];
    }
  }
}

/**
 * Service-to-service calls, training peers and the ingress path, from the paths the app opened with `allowTraffic`
 * (ClusterOutput.intents): one flow per calling pod and called pod.
 */
export function serviceFlows(sources: FlowSources): Flow[] {
  return sources.output.intents.flatMap((intent: TrafficIntent) => {
    const port = intent.target.ports.find((p) => p.name === intent.port);
    if (!port) return [];
    const targets = targetPods(sources, intent.target);
    const purpose = `${describeSource(intent.source)} calls ${intent.target.namespace}/${intent.target.name} on ${intent.port}`;
    if (intent.source.kind === 'external') {
      const name = intent.source.name;
      const clients = intent.source.cidrs.map((cidr) => ({ kind: 'address' as const, name, cidr, entity: 'world' as const }));
      return clients.flatMap((client) => targets.map((destination): Flow => ({ family: 'ingress', source: client, destination, port: port.port, protocol: 'TCP', purpose })));
    }
    // A workload may call its own kind (training workers dial each other), so pods are paired with themselves too.
    return sourcePods(sources, intent.source).flatMap((source) => targets
      .map((destination): Flow => ({
        family: destination.labels[COMPONENT_LABEL] === 'training' ? 'training' : 'service',
        source,
        destination,
        port: port.port,
        protocol: 'TCP',
        purpose,
      })));
  });
}
