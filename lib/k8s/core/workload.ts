/**
 * What the mesh and network-policy layers need to know about a workload. Workload constructs
 * (ModelServer, FeatureStore, ...) implement it; policy constructs read it. Keeping this small
 * contract in one place is what lets mesh authorization and network policy come from the same call.
 */

/** How the port's traffic is spoken, which decides the Linkerd Server proxyProtocol and Service appProtocol. */
export type PortProtocol = 'http1' | 'http2' | 'grpc' | 'opaque';

export interface WorkloadPort {
  /** Port name (IANA_SVC_NAME: at most 15 characters). */
  readonly name: string;
  /** Container port number. */
  readonly port: number;
  readonly protocol: PortProtocol;
}

export interface Workload {
  readonly name: string;
  readonly namespace: string;
  /** ServiceAccount the pods run as; their mesh identity. */
  readonly serviceAccountName: string;
  /** Pod labels that select every pod of the workload and that no controller rewrites. */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly WorkloadPort[];
}

/**
 * Who may call: a meshed workload, every meshed workload of a namespace, a named unmeshed client, or clients outside
 * the pod network (behind an internal load balancer) by their address ranges.
 */
export type TrafficSource =
  | { readonly kind: 'workload'; readonly workload: Workload }
  | { readonly kind: 'namespace'; readonly namespace: string }
  | { readonly kind: 'unmeshed'; readonly name: string; readonly namespace: string; readonly selector: Readonly<Record<string, string>> }
  | { readonly kind: 'external'; readonly name: string; readonly cidrs: readonly string[] };

/** One allowed path: `source` may open connections to `target` on the named port. */
export interface TrafficIntent {
  readonly source: TrafficSource;
  readonly target: Workload;
  readonly port: string;
}

export function describeSource(source: TrafficSource): string {
  switch (source.kind) {
    case 'workload':
      return `${source.workload.namespace}/${source.workload.name}`;
    case 'namespace':
      return `namespace ${source.namespace}`;
    case 'unmeshed':
      return `${source.namespace}/${source.name} (unmeshed)`;
    case 'external':
      return `${source.name} (${source.cidrs.join(', ')})`;
  }
}
