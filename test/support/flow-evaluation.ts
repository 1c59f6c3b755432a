import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { ClusterObjects } from '../../lib/platform/kubernetes/flows/cluster-objects';
import { HttpRequest, PodEndpoint, Protocol } from '../../lib/platform/kubernetes/flows/flow';
import { meshVerdict } from '../../lib/platform/kubernetes/flows/linkerd-policy-rules';
import { networkVerdict } from '../../lib/platform/kubernetes/flows/network-layer';

// Pod-level questions to the library's flow evaluator (lib/platform/kubernetes/flows/), for suites that check one
// construct's objects: "may pod A connect to pod B on port P?" and "does Linkerd admit A's identity on B's port?".

/** A pod as a test describes it. */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly meshed: boolean;
}

export function podEndpoint(pod: Pod, ports: readonly { readonly name?: string; readonly port: number }[] = []): PodEndpoint {
  return { kind: 'pod', ...pod, annotations: {}, ports: ports.map((p) => ({ ...p, protocol: 'TCP' as const })), probes: [] };
}

/** May `src` open a connection to `dst` on `port` (as it appears on the wire)? Both src's egress and dst's ingress decide. */
export function networkAllows(objects: readonly Record<string, any>[], src: Pod, dst: Pod, port: number, protocol: Protocol = 'TCP'): boolean {
  return networkVerdict(new ClusterObjects(objects as KubeObject[]), {
    source: podEndpoint(src), destination: podEndpoint(dst), port, protocol, plaintext: !(src.meshed && dst.meshed), resolvers: [],
  }).result === 'allowed';
}

/**
 * Does Linkerd admit meshed `src`'s identity on `dst`'s port (for `request` where the port has routes; default: an
 * application call)? Authorizations by address (NetworkAuthentication) are left out: the client is given no address,
 * so only identity can admit it.
 */
export function meshAllows(objects: readonly Record<string, any>[], src: Pod, dst: Pod, port: { readonly name: string; readonly port: number }, request?: HttpRequest): boolean {
  const client = { meshed: src.meshed ? { serviceAccount: src.serviceAccount, namespace: src.namespace } : undefined, description: src.name };
  return meshVerdict(new ClusterObjects(objects as KubeObject[]), podEndpoint({ ...dst, meshed: true }, [port]), port.port, client, request).result === 'allowed';
}
