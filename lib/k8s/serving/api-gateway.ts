import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { allowTraffic } from '../policy/allow-traffic';
import { HttpWorkload, HttpWorkloadProps } from './http-workload';
import { API_GATEWAY_PORT, apiGatewayRules } from './api-gateway-rules';

/** How callers outside the cluster reach the gateway: an internal load balancer in the cluster's private network. */
export interface ApiGatewayIngressProps {
  /**
   * Address ranges the callers connect from. They become the load balancer's `loadBalancerSourceRanges`, the
   * network policy's ingress peers and the Linkerd NetworkAuthentication of the gateway's Server.
   */
  readonly clientCidrs: readonly string[];
  /** The load balancer's port. @default 80 */
  readonly port?: number;
}

export interface ApiGatewayProps extends HttpWorkloadProps {
  /** @default no entry point from outside the cluster (only in-cluster callers) */
  readonly ingress?: ApiGatewayIngressProps;
}

/**
 * Annotations that make a LoadBalancer Service internal, per cloud: AKS (learn.microsoft.com/azure/aks/internal-lb,
 * `service.beta.kubernetes.io/azure-load-balancer-internal`), GKE (cloud.google.com/kubernetes-engine/docs/how-to/
 * internal-load-balancing, `networking.gke.io/load-balancer-type: Internal`).
 */
export const INTERNAL_LOAD_BALANCER: Readonly<Record<'azure' | 'gcp', Readonly<Record<string, string>>>> = {
  azure: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
  gcp: { 'networking.gke.io/load-balancer-type': 'Internal' },
};

/**
 * The meshed API gateway: the only caller of the model server's public port (reference policy), HTTP on 8080, and the
 * serving entry point. With `ingress`, an internal load balancer Service (per cloud) sends callers in the private
 * network to it with `externalTrafficPolicy: Local`, so their addresses reach the pod unchanged; one traffic intent
 * then gives the gateway's Server, its authorization by those ranges and the network policy admitting them.
 */
export class ApiGateway extends HttpWorkload {
  /** The internal load balancer Service, when the gateway has an entry point. */
  public readonly loadBalancer?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ApiGatewayProps) {
    const issues = new Issues();
    apiGatewayRules(props, issues);
    issues.throwIfAny(`${scope.node.path}/${id}`);
    super(scope, id, { name: 'api-gateway', component: 'api-gateway', port: API_GATEWAY_PORT }, props);
    if (!props.ingress) return;
    const cloud = ClusterContext.of(this).cloud;
    this.loadBalancer = new k8s.KubeService(this, 'internal-load-balancer', {
      metadata: { name: `${this.name}-internal`, namespace: this.namespace, labels: { ...this.selector }, annotations: { ...INTERNAL_LOAD_BALANCER[cloud] } },
      spec: {
        type: 'LoadBalancer',
        // Keep the caller's address: network policy and Linkerd authorize it by range.
        externalTrafficPolicy: 'Local',
        loadBalancerSourceRanges: [...props.ingress.clientCidrs],
        selector: { ...this.selector },
        ports: [{ name: API_GATEWAY_PORT.name, port: props.ingress.port ?? 80, targetPort: k8s.IntOrString.fromString(API_GATEWAY_PORT.name), protocol: 'TCP' }],
      },
    });
    allowTraffic(this, { source: { kind: 'external', name: 'internal-clients', cidrs: props.ingress.clientCidrs }, target: this, port: API_GATEWAY_PORT.name });
  }
}
