import { Construct } from 'constructs';
import { HttpWorkload, HttpWorkloadProps } from './http-workload';

/** The meshed API gateway: the only caller of the model server's public port (reference policy). HTTP on 8080. */
export class ApiGateway extends HttpWorkload {
  constructor(scope: Construct, id: string, props: HttpWorkloadProps) {
    super(scope, id, { name: 'api-gateway', component: 'api-gateway', port: { name: 'http', port: 8080, protocol: 'http1' } }, props);
  }
}
