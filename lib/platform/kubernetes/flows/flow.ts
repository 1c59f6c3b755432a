import { WorkloadIdentityBinding } from '../../../contract/identity/workload-identity-binding';

/**
 * The flow model: every connection a cluster needs (or must never allow), as plain data, and the verdict of each
 * layer it crosses. Required flows are derived from the environment config and from what the emitted objects say
 * (required-flows.ts); nobody lists them by hand. The layers are evaluated on the emitted objects (evaluate-flow.ts).
 */

export type Labels = Readonly<Record<string, string>>;
export type Protocol = 'TCP' | 'UDP';

/** A container port as a pod declares it. */
export interface PodPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** What a pod carries for a cloud identity: what the workload-identity layer reads. */
export interface PodIdentityFacts {
  /** Annotations of the pod's ServiceAccount (as emitted; a chart's own are unknown). */
  readonly serviceAccountAnnotations: Labels;
  /** Audiences of the projected ServiceAccount tokens mounted into the pod. */
  readonly projectedTokenAudiences: readonly string[];
  /** ConfigMaps mounted into the pod. */
  readonly configMaps: readonly string[];
  /** Names of the environment variables its containers set. */
  readonly env: readonly string[];
}

/** A pod as network policy and Linkerd see it. */
export interface PodEndpoint {
  readonly kind: 'pod';
  /** For people: the workload that runs the pod (`Deployment mlops/model-server-v1`, `chart linkerd-viz prometheus`). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly serviceAccount: string;
  /** The Linkerd proxy is injected (pod annotation, else namespace annotation). */
  readonly meshed: boolean;
  readonly ports: readonly PodPort[];
  /** Exact paths of the pod's httpGet probes, by container port number. */
  readonly probes: readonly { readonly port: number; readonly path: string }[];
  /** Installed by this Helm chart, whose own Linkerd policy is the chart's: not rendered here. */
  readonly chart?: string;
  /**
   * Calls the Kubernetes API: platform pods mount their API token only then (`automountServiceAccountToken: true`);
   * for chart pods, the components that watch the API. @default false
   */
  readonly callsApiServer?: boolean;
  /** @default nothing known (chart pods) */
  readonly identity?: PodIdentityFacts;
}

/**
 * Addresses outside the pod network: the API server, nodes (kubelet), clients of an internal load balancer, fixed
 * cloud addresses (metadata servers). `entity` is how Cilium classifies the address (docs.cilium.io, policy language,
 * "Entities based").
 */
export interface AddressEndpoint {
  readonly kind: 'address';
  readonly name: string;
  /** Every address the endpoint may use lies in this range. @default unknown: no CIDR rule can match it */
  readonly cidr?: string;
  readonly entity: 'world' | 'kube-apiserver' | 'host' | 'remote-node';
}

/** A cloud API by DNS name. */
export interface HostEndpoint {
  readonly kind: 'host';
  readonly host: string;
  /** What the name resolves to from the pod: some public address, or a range the VPC's DNS maps it to. */
  readonly resolvesTo: 'public' | { readonly cidr: string };
}

export type Endpoint = PodEndpoint | AddressEndpoint | HostEndpoint;

/** An HTTP request, for the routes Linkerd and Cilium L7 rules match. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
}

/** What a flow is for; FLOWS.md groups by it. */
export type FlowFamily = 'service' | 'ingress' | 'training' | 'cloud' | 'prometheus' | 'scrape' | 'probe' | 'webhook' | 'api-server' | 'mesh-control' | 'dns';

/** The credential a cloud call needs, as the pod must carry it. */
export type CredentialRequirement =
  /** One of the environment's workload identity bindings; its mechanism follows from where the pod runs. */
  | { readonly kind: 'binding'; readonly binding: WorkloadIdentityBinding }
  /** AKS workload identity into a managed identity the pod's ServiceAccount names (the model publisher). */
  | { readonly kind: 'aks-workload-identity'; readonly identity: string }
  /** An Entra token exchanged at Google STS by an external-account file in a mounted ConfigMap (the model publisher). */
  | { readonly kind: 'entra-to-google'; readonly configMap: string; readonly identity: string }
  /** A credential the pod gets from software the platform does not render (Azure ML's identity proxy). */
  | { readonly kind: 'managed'; readonly by: string };

export interface Flow {
  readonly family: FlowFamily;
  readonly source: PodEndpoint | AddressEndpoint;
  readonly destination: Endpoint;
  /** The port the caller dials (the container port for pods). */
  readonly port: number;
  readonly protocol: Protocol;
  /** Opened by the Linkerd proxy itself (identity, destination, policy): no transport header. @default false */
  readonly fromProxy?: boolean;
  /** The request, where routes decide. @default any application request */
  readonly request?: HttpRequest;
  /** @default none needed */
  readonly credential?: CredentialRequirement;
  /** Why the flow exists, in words. */
  readonly purpose: string;
}

export type LayerName = 'network' | 'mesh' | 'identity' | 'firewall';
export const LAYERS: readonly LayerName[] = ['network', 'mesh', 'identity', 'firewall'];

/**
 * One layer's answer. `n/a`: the flow does not cross it. `chart`: the layer is enforced by a Helm chart's own
 * objects, which are not rendered here (trusted to the pinned chart, shown so a reviewer sees the gap).
 */
export interface LayerVerdict {
  readonly result: 'allowed' | 'blocked' | 'n/a' | 'chart';
  /** The object that decided, or why: `CiliumNetworkPolicy mlops/default-deny`, `no Server: default policy deny`. */
  readonly by: string;
}

export interface FlowVerdict {
  readonly flow: Flow;
  /** The destination port on the wire: Linkerd's transport header sends meshed traffic to the proxy's 4143. */
  readonly wirePort: number;
  readonly layers: Readonly<Record<LayerName, LayerVerdict>>;
}

export const ALLOWED = (by: string): LayerVerdict => ({ result: 'allowed', by });
export const BLOCKED = (by: string): LayerVerdict => ({ result: 'blocked', by });
export const NOT_CROSSED = (by: string): LayerVerdict => ({ result: 'n/a', by });

/** The layers that deny a flow. */
export function blockingLayers(verdict: FlowVerdict): LayerName[] {
  return LAYERS.filter((layer) => verdict.layers[layer].result === 'blocked');
}

/** `Deployment mlops/x`, `control plane 172.16.0.0/28`, `sts.googleapis.com`. */
export function describeEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'pod':
      return endpoint.name;
    case 'address':
      return endpoint.cidr ? `${endpoint.name} (${endpoint.cidr})` : endpoint.name;
    case 'host':
      return endpoint.host;
  }
}

/** `source -> destination:port/protocol`, with the request where one is set. */
export function describeFlow(flow: Flow): string {
  const request = flow.request ? ` ${flow.request.method} ${flow.request.path}` : '';
  return `${describeEndpoint(flow.source)} -> ${describeEndpoint(flow.destination)}:${flow.port}/${flow.protocol}${request}`;
}
