import { apiGatewayIngress } from '../../../config/api-gateway-ingress';
import { WORKLOAD_LABEL } from '../../../contract/labels';
import { Flow } from './flow';
import { FlowSources } from './flow-sources';
import { API_GATEWAY_PORT } from '../../../k8s/serving/api-gateway-rules';

/**
 * The way in: callers in the cluster's private network reach the API gateway's pods through its internal load
 * balancer, which keeps their address (`externalTrafficPolicy: Local`). Derived from the config (`apiGatewayIngress`),
 * not from what the gateway construct emits, so a gateway without an entry point is a blocked flow.
 */
export function ingressFlows(sources: FlowSources): Flow[] {
  const ingress = apiGatewayIngress(sources.target);
  if (!ingress) return [];
  const namespace = sources.target.kubernetes.serving.namespace ?? 'mlops';
  const gateways = sources.pods.filter((p) => p.namespace === namespace && p.labels[WORKLOAD_LABEL] === 'api-gateway');
  return ingress.clientCidrs.flatMap((cidr) => gateways.map((gateway): Flow => ({
    family: 'ingress',
    source: { kind: 'address', name: 'internal-clients', cidr, entity: 'world' },
    destination: gateway,
    port: API_GATEWAY_PORT.port,
    protocol: 'TCP',
    purpose: `callers in ${cidr} reach the serving entry point through the internal load balancer`,
  })));
}
