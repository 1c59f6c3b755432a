import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { checkCidr } from '../../core/cidr';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { WorkloadPort } from '../core/workload';
import { allowTraffic } from '../policy/allow-traffic';
import { HttpWorkload, HttpWorkloadProps, httpWorkloadRules } from './http-workload';

/** The gateway's container port. */
export const API_GATEWAY_PORT: WorkloadPort = { name: 'http', port: 8080, protocol: 'http1' };

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

export function apiGatewayIngressRules(ingress: ApiGatewayIngressProps, issues: Issues): void {
  issues.check(ingress.clientCidrs.length > 0, 'clientCidrs', ingress.clientCidrs, 'must name at least one address range the callers connect from');
  ingress.clientCidrs.forEach((cidr, i) => {
    const parsed = checkCidr(issues, `clientCidrs[${i}]`, cidr);
    if (parsed) issues.check(parsed.prefix > 0, `clientCidrs[${i}]`, cidr, 'must not be 0.0.0.0/0: the Linkerd authorization by address would then admit every unmeshed pod too');
  });
  const port = ingress.port ?? 80;
  issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, 'port', port, 'must be a TCP port 1-65535');
}

export function apiGatewayRules(props: ApiGatewayProps, issues: Issues): void {
  httpWorkloadRules(props, API_GATEWAY_PORT.name, issues);
  if (props.ingress) apiGatewayIngressRules(props.ingress, issues.at('ingress'));
}

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
