import { ClusterTarget } from '../../../config/cluster-targets';
import { LINKERD_META_PORTS, LINKERD_PORTS } from '../../../contract/linkerd';
import { ClusterObjects } from './cluster-objects';
import { firewallVerdict } from './cloud-firewall-rules';
import { Endpoint, Flow, FlowVerdict, LayerVerdict, NOT_CROSSED } from './flow';
import { MeshClient, meshVerdict } from './linkerd-policy-rules';
import { networkVerdict } from './network-layer';
import { identityVerdict } from './workload-identity-rules';

/** What the evaluator reads besides the flow: the cluster, its objects (and its charts' policy), its DNS resolvers. */
export interface FlowContext {
  readonly target: ClusterTarget;
  readonly objects: ClusterObjects;
  /** Where pods send DNS queries (kube-dns): a `toFQDNs` rule needs a DNS-proxy rule to them. */
  readonly resolvers: readonly Endpoint[];
}

/**
 * Whether the connection travels between two Linkerd proxies: then the client proxy sends it to the server's proxy
 * inbound port with a transport header (LINKERD_OUTBOUND_TRANSPORT_MODE), except for the proxy's own meta ports, and
 * network policy sees 4143 and mTLS. UDP and connections the proxy opens for itself are not proxied.
 */
function betweenProxies(flow: Flow): boolean {
  return flow.source.kind === 'pod' && flow.source.meshed && flow.destination.kind === 'pod' && flow.destination.meshed
    && flow.protocol === 'TCP' && flow.fromProxy !== true;
}

function meshClient(flow: Flow, context: FlowContext): MeshClient {
  const source = flow.source;
  if (source.kind === 'address') return { addressRange: source.cidr, description: `${source.name} (no mesh identity)` };
  const addressRange = context.target.podCidrs[0];
  return betweenProxies(flow) || (flow.fromProxy && source.meshed)
    ? { meshed: { serviceAccount: source.serviceAccount, namespace: source.namespace }, addressRange, description: `${source.namespace}/${source.serviceAccount} (mTLS)` }
    : { addressRange, description: `${source.name} (unmeshed, from the pod network)` };
}

function meshLayer(flow: Flow, context: FlowContext): LayerVerdict {
  const destination = flow.destination;
  if (destination.kind !== 'pod') return NOT_CROSSED('not a pod');
  if (!destination.meshed) return NOT_CROSSED('destination not meshed');
  if (flow.protocol !== 'TCP') return NOT_CROSSED('the proxy does not handle UDP');
  return meshVerdict(context.objects, destination, flow.port, meshClient(flow, context), flow.request);
}

/** Every layer's verdict on one flow, from the emitted objects. */
export function evaluateFlow(context: FlowContext, flow: Flow): FlowVerdict {
  const proxied = betweenProxies(flow);
  const wirePort = proxied && !LINKERD_META_PORTS.includes(flow.port) ? LINKERD_PORTS.proxyInbound : flow.port;
  return {
    flow,
    wirePort,
    layers: {
      network: networkVerdict(context.objects, {
        source: flow.source,
        destination: flow.destination,
        port: wirePort,
        protocol: flow.protocol,
        request: flow.request,
        plaintext: !proxied,
        resolvers: context.resolvers,
      }),
      mesh: meshLayer(flow, context),
      identity: identityVerdict(flow.source.kind === 'pod' ? flow.source : undefined, flow.credential),
      firewall: firewallVerdict(context.target, flow),
    },
  };
}
