import { LINKERD_META_PORTS } from '../../../contract/linkerd';
import { AddressEndpoint, ALLOWED, BLOCKED, Flow, LayerVerdict, PodEndpoint } from './flow';
import { FlowContext } from './evaluate-flow';
import { anyMeshedPodOf, cloudDestinations, FlowSources, namespacePod } from './flow-sources';
import { APPLICATION_REQUEST } from './linkerd-policy-rules';
import { networkVerdict } from './network-layer';
import { connectionKey } from './required-flows';
import { injectedLabels } from './pod-inventory';

/** A namespace no folder creates: where "any pod of another namespace" lives. */
export const STRANGER_NAMESPACE = 'flow-check-elsewhere';

/** A pod that matches no platform selector: what an arbitrary workload of the cluster looks like to policy. */
function stranger(sources: FlowSources, namespace: string, meshed: boolean): PodEndpoint {
  const base = namespacePod(sources, namespace, `${meshed ? 'a meshed' : 'an unmeshed'} pod of ${namespace}`, { app: 'flow-check-stranger' }, 'flow-check-stranger');
  return { ...base, meshed, labels: { app: 'flow-check-stranger', ...(meshed ? injectedLabels(namespace) : {}) }, annotations: meshed ? {} : { 'linkerd.io/inject': 'disabled' } };
}

/** The clouds each pod holds a credential for, read off the credentials its required flows carry. */
function cloudsHeld(required: readonly Flow[]): Map<PodEndpoint | AddressEndpoint, Set<'azure' | 'gcp'>> {
  const byPod = new Map<PodEndpoint | AddressEndpoint, Set<'azure' | 'gcp'>>();
  for (const flow of required) {
    const c = flow.credential;
    if (!c) continue;
    let held = byPod.get(flow.source);
    if (!held) byPod.set(flow.source, (held = new Set()));
    if (c.kind === 'binding') held.add(c.binding.identity.cloud);
    else if (c.kind === 'aks-workload-identity') held.add('azure');
    else if (c.kind === 'entra-to-google') held.add('gcp');
    else { held.add('azure'); held.add('gcp'); }
  }
  return byPod;
}

/** A forbidden flow, and (for cloud calls) what credential the pod could still find without an identity of its own. */
export interface ForbiddenFlow {
  readonly flow: Flow;
  /** The identity layer's verdict for a pod without a credential of this cloud. */
  readonly ambientCredential?: (context: FlowContext) => LayerVerdict;
}

/**
 * Flows that must be denied at one layer at least:
 * - any pod to an application port it has no required flow to: pods of another namespace (each of the folder's pods
 *   and an arbitrary one, meshed or not), unmeshed pods of the same namespace, and the folder's other pods, meshed
 *   ones included (whose transport header reaches every port at L4, so Linkerd must refuse the port);
 * - a pod to a cloud API it holds no credential for, unless the layer that lets it in is an ambient credential: the
 *   node's managed identity through IMDS on AKS (169.254.169.254:80).
 * Application ports are the pods' container ports except the proxy's own; the request is an application call, so the
 * scrape and probe routes that admit collectors and the kubelet do not count.
 */
export function forbiddenFlows(sources: FlowSources, required: readonly Flow[]): ForbiddenFlow[] {
  const requiredConnections = new Set(required.map((f) => connectionKey(f, false)));
  const forbidden: ForbiddenFlow[] = [];
  const elsewhere = [stranger(sources, STRANGER_NAMESPACE, true), stranger(sources, STRANGER_NAMESPACE, false)];
  // One stand-in per namespace, shared by its pods' flows, so the evaluator's per-pod answers serve them all.
  const unmeshedStrangers = new Map<string, PodEndpoint>();
  const anyMeshedPods = new Map<string, PodEndpoint>();
  const once = (cache: Map<string, PodEndpoint>, namespace: string, make: () => PodEndpoint): PodEndpoint => {
    let pod = cache.get(namespace);
    if (!pod) cache.set(namespace, (pod = make()));
    return pod;
  };
  for (const destination of sources.pods) {
    // The meshed one is "any meshed pod" of the namespace: a namespace-wide rule admits it on purpose.
    const sameNamespace = [
      once(unmeshedStrangers, destination.namespace, () => stranger(sources, destination.namespace, false)),
      ...(destination.meshed ? [once(anyMeshedPods, destination.namespace, () => anyMeshedPodOf(sources, destination.namespace))] : []),
    ];
    const callers = [...elsewhere, ...sameNamespace, ...sources.pods];
    for (const port of destination.ports.filter((p) => p.protocol === 'TCP' && !LINKERD_META_PORTS.includes(p.port))) {
      for (const source of callers) {
        const flow: Flow = { family: 'service', source, destination, port: port.port, protocol: 'TCP', request: APPLICATION_REQUEST, purpose: 'not required' };
        if (!requiredConnections.has(connectionKey(flow, false))) forbidden.push({ flow });
      }
    }
  }
  const held = cloudsHeld(required);
  for (const pod of sources.pods) {
    for (const cloud of (['azure', 'gcp'] as const).filter((c) => !held.get(pod)?.has(c))) {
      const endpoint = cloud === 'azure' ? 'entra-login' as const : 'google-sts' as const;
      for (const { destination, port } of cloudDestinations(sources.target, endpoint)) {
        const flow: Flow = { family: 'cloud', source: pod, destination, port, protocol: 'TCP', purpose: `${pod.name} holds no ${cloud === 'azure' ? 'Azure' : 'Google'} identity` };
        forbidden.push({ flow, ambientCredential: (context) => ambient(context, pod, cloud) });
      }
    }
  }
  return forbidden;
}

/** What a pod without its own credential of `cloud` could still use. */
function ambient(context: FlowContext, pod: PodEndpoint, cloud: 'azure' | 'gcp'): LayerVerdict {
  if (context.target.cloud === 'azure' && cloud === 'azure') {
    const imds = networkVerdict(context.objects, {
      source: pod, destination: { kind: 'address', name: 'IMDS', cidr: '169.254.169.254/32', entity: 'world' }, port: 80, protocol: 'TCP', plaintext: true, resolvers: context.resolvers,
    });
    return imds.result === 'allowed'
      ? ALLOWED(`the node's managed identity through IMDS (169.254.169.254:80): ${imds.by}`)
      : BLOCKED(`no Azure identity of its own, and IMDS (169.254.169.254:80) is closed: ${imds.by}`);
  }
  if (context.target.cloud === 'gcp' && cloud === 'gcp') return BLOCKED(`GKE hands it only its own ServiceAccount's principal (${pod.namespace}/${pod.serviceAccount}), which holds no grant`);
  return BLOCKED(`no ${cloud === 'azure' ? 'Azure' : 'Google'} credential on the pod`);
}
