import { cidrsOverlap, parseCidr } from '../core/cidr';
import { Issues } from '../core/validation';
import type { ApiGatewayIngressProps } from '../k8s/serving/api-gateway';
import { ClusterTarget, clusterTargets } from './cluster-targets';
import { EnvironmentConfig } from './environment';
import { apiGatewayIngressRules as ingressPropsRules } from '../k8s/serving/api-gateway-rules';

/**
 * The API gateway's entry point on one cluster: the configured client ranges, else the cluster's private network
 * (the VNet on AKS, the node subnet on GKE). Both the cluster app and the flow model read it.
 */
export function apiGatewayIngress(target: ClusterTarget): ApiGatewayIngressProps | undefined {
  const gateway = target.kubernetes.serving.apiGateway;
  if (!gateway) return undefined;
  const clientCidrs = gateway.ingress?.clientCidrs ?? (target.networkCidr ? [target.networkCidr] : []);
  return { clientCidrs, port: gateway.ingress?.port };
}

/**
 * Every cluster with a gateway needs callers to admit, and they must not include the pod network: Linkerd would then
 * admit unmeshed pods by address.
 */
export function apiGatewayIngressRules(env: EnvironmentConfig, issues: Issues): void {
  for (const target of clusterTargets(env)) {
    const ingress = apiGatewayIngress(target);
    if (!ingress) continue;
    const at = issues.at(target.cloud === 'azure' ? 'azure' : 'gcp').at('kubernetes.serving.apiGateway.ingress');
    if (!at.check(ingress.clientCidrs.length > 0, 'clientCidrs', target.kubernetes.serving.apiGateway?.ingress?.clientCidrs,
      'must be set: the cluster\'s private network is not in the config (an existing subnet without its CIDR), so the gateway\'s callers are unknown')) continue;
    ingressPropsRules(ingress, at);
    ingress.clientCidrs.forEach((text, i) => {
      const cidr = parseCidr(text);
      const pods = target.podCidrs.map(parseCidr).find((pod) => cidr && pod && cidrsOverlap(cidr, pod));
      at.check(pods === undefined, `clientCidrs[${i}]`, text, `must not overlap the pod range ${pods?.text}: the gateway's Linkerd authorization by address would admit unmeshed pods`);
    });
  }
}
