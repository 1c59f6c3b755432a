import { cloudFlows } from './cloud-flows';
import { controlPlaneFlows } from './control-plane-flows';
import { Endpoint, Flow } from './flow';
import { FlowSources } from './flow-sources';
import { ingressFlows } from './ingress-flows';
import { probeFlows } from './probe-flows';
import { prometheusFlows } from './prometheus-flows';
import { scrapeFlows } from './scrape-flows';
import { serviceFlows } from './service-flows';

/** Identifies an endpoint across generators. */
export function endpointKey(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'pod':
      return `pod ${endpoint.namespace} ${endpoint.name} ${endpoint.meshed ? 'meshed' : 'unmeshed'}`;
    case 'address':
      return `address ${endpoint.name} ${endpoint.cidr ?? ''}`;
    case 'host':
      return `host ${endpoint.host}`;
  }
}

/** One connection: who dials whom on which port (and with which request, where routes tell requests apart). */
export function connectionKey(flow: Flow, withRequest = true): string {
  const request = withRequest && flow.request ? ` ${flow.request.method} ${flow.request.path}` : '';
  return `${endpointKey(flow.source)} -> ${endpointKey(flow.destination)}:${flow.port}/${flow.protocol}${request}`;
}

/**
 * Every flow the cluster needs, derived from the config and from what the folder holds, never listed by hand:
 * service calls, training peers and the ingress path (`allowTraffic` intents, the gateway's config), cloud calls
 * (identity bindings, the model publisher, Azure ML), control-plane flows (DNS, Linkerd, the API server, webhooks),
 * scrapes, Prometheus readers and kubelet probes. A connection two generators need is listed once, with both reasons.
 */
export function requiredFlows(sources: FlowSources): Flow[] {
  const all = [
    ...ingressFlows(sources),
    ...serviceFlows(sources),
    ...cloudFlows(sources),
    ...prometheusFlows(sources),
    ...scrapeFlows(sources),
    ...probeFlows(sources),
    ...controlPlaneFlows(sources),
  ];
  const byKey = new Map<string, Flow>();
  for (const flow of all) {
    const key = connectionKey(flow);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, flow);
    else if (!seen.purpose.split('; ').includes(flow.purpose)) byKey.set(key, { ...seen, purpose: `${seen.purpose}; ${flow.purpose}` });
  }
  return [...byKey.values()];
}
