import { checkCidr } from '../../core/cidr';
import { Issues } from '../../core/validation';
import { WorkloadPort } from '../core/workload';
import type { ApiGatewayIngressProps, ApiGatewayProps } from './api-gateway';
import { httpWorkloadRules } from './http-workload-rules';

/** The gateway's container port. */
export const API_GATEWAY_PORT: WorkloadPort = { name: 'http', port: 8080, protocol: 'http1' };

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
