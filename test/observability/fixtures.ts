import { App } from 'cdk8s';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { Workload } from '../../lib/k8s/core/workload';
import { WORKLOAD_LABEL } from '../../lib/contract/labels';

/** A model server as the Workload contract describes it: the internal port `http` also serves /metrics. */
export const MODEL_SERVER: Workload = {
  name: 'model-server',
  namespace: 'mlops',
  serviceAccountName: 'model-server',
  selector: { [WORKLOAD_LABEL]: 'model-server' },
  ports: [{ name: 'http', port: 8080, protocol: 'http1' }, { name: 'public', port: 8443, protocol: 'http1' }],
};

export const POD_CIDR = '10.244.0.0/16';

export function definePodNetwork(app: App): void {
  MeshNetworks.of(app).define(MeshNetworks.PODS, [POD_CIDR]);
}

export const gke = { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const, clusterName: 'gke-test' };

/** The one element matching `predicate`; fails the test when there is none. */
export function must<T>(items: readonly T[], predicate: (item: T) => boolean): T {
  const found = items.find(predicate);
  if (found === undefined) throw new Error('expected a matching element');
  return found;
}
