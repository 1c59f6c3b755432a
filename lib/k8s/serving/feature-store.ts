import { Construct } from 'constructs';
import { HttpWorkload, HttpWorkloadProps } from './http-workload';

/** The online feature store the model servers read features from: `feature-store`, HTTP on 8081 (reference policy). */
export class FeatureStore extends HttpWorkload {
  constructor(scope: Construct, id: string, props: HttpWorkloadProps) {
    super(scope, id, { name: 'feature-store', component: 'feature-store', port: { name: 'http', port: 8081, protocol: 'http1' } }, props);
  }
}
