import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import {
  DEFAULT_INBOUND_POLICY,
  INJECT,
  InboundPolicy,
  PROXY_CPU_LIMIT,
  PROXY_CPU_REQUEST,
  PROXY_ENABLE_NATIVE_SIDECAR,
  PROXY_MEMORY_LIMIT,
  PROXY_MEMORY_REQUEST,
} from '../../contract/linkerd-annotations';
import { ResourceSpec } from '../../contract/quantities';
import { DEFAULT_PROXY_RESOURCES, meshedNamespaceRules } from './meshed-namespace-rules';
import { MeshTrafficRedirect } from '../../contract/linkerd';
import { meshedPodSecurity, podSecurityMetadata } from '../../contract/pod-security';

export type { MeshTrafficRedirect };

export interface MeshedNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Inbound policy for meshed ports that no Server covers. Production clusters accept only `deny`,
   * `all-authenticated` or `cluster-authenticated`: an unauthenticated or audit default would let any pod in.
   * @default 'deny' (every allowed path is then a named Server + AuthorizationPolicy)
   */
  readonly defaultInboundPolicy?: InboundPolicy;
  /**
   * Requests and limits of the injected proxy, set explicitly so a pod's QoS and ceiling include the proxy.
   * @default requests 100m / 64Mi, limits 1 CPU / 256Mi (linkerd values-ha.yaml requests 100m / 20Mi, limit 250Mi)
   */
  readonly proxyResources?: ResourceSpec;
  /**
   * How traffic reaches the proxy; decides the Pod Security Standard the namespace can enforce.
   * Must match the cluster's Linkerd install (`LinkerdControlPlane` `trafficRedirect`).
   * @default 'proxy-init' (AKS-managed Cilium and GKE Dataplane V2 do not let cni.exclusive be turned off)
   */
  readonly trafficRedirect?: MeshTrafficRedirect;
  /**
   * Inject the proxy as a native sidecar, so Jobs finish when their main container exits.
   * It is Linkerd 2.20's default; the annotation keeps it true even if the cluster-wide value is turned off.
   * @default true
   */
  readonly nativeSidecar?: boolean;
}

/** A namespace whose pods get the Linkerd proxy injected, so every connection between them is mTLS. */
export class MeshedNamespace extends Construct {
  public readonly name: string;
  public readonly defaultInboundPolicy: InboundPolicy;
  public readonly trafficRedirect: MeshTrafficRedirect;

  constructor(scope: Construct, id: string, props: MeshedNamespaceProps) {
    super(scope, id);
    const issues = new Issues();
    meshedNamespaceRules(props, ClusterContext.of(this).production, issues);
    issues.throwIfAny(this.node.path);
    this.name = props.name;
    this.defaultInboundPolicy = props.defaultInboundPolicy ?? 'deny';
    this.trafficRedirect = props.trafficRedirect ?? 'proxy-init';
    const proxy = props.proxyResources ?? DEFAULT_PROXY_RESOURCES;

    // Linkerd's injector applies config.linkerd.io annotations of the namespace to every pod it injects
    // (controller/proxy-injector/webhook.go, AppendNamespaceAnnotations).
    const annotations: Record<string, string> = {
      [INJECT]: 'enabled',
      [DEFAULT_INBOUND_POLICY]: this.defaultInboundPolicy,
      [PROXY_CPU_REQUEST]: proxy.requests.cpu,
      [PROXY_CPU_LIMIT]: proxy.limits.cpu,
      [PROXY_MEMORY_REQUEST]: proxy.requests.memory,
      [PROXY_MEMORY_LIMIT]: proxy.limits.memory,
      [PROXY_ENABLE_NATIVE_SIDECAR]: String(props.nativeSidecar ?? true),
    };

    const podSecurity = podSecurityMetadata(meshedPodSecurity(this.trafficRedirect), this.node.path);
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: { ...(props.labels ?? {}), ...podSecurity.labels },
        annotations: { ...annotations, ...podSecurity.annotations },
      },
    });
  }
}
