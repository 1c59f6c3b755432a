import { Construct } from 'constructs';
import { ClusterWorkloadsConfig } from '../config/environment';
import { PlatformChart } from '../k8s/core/cluster-context';
import { MeshedNamespace } from '../k8s/mesh/meshed-namespace';
import { ModelServer } from '../k8s/serving/model-server';

/** The serving namespace of one cluster: meshed namespace plus the model server. */
export class ServingChart extends PlatformChart {
  public readonly modelServer: ModelServer;

  constructor(scope: Construct, id: string, workloads: ClusterWorkloadsConfig) {
    super(scope, id);
    const namespace = new MeshedNamespace(this, 'namespace', { name: workloads.namespace ?? 'mlops' });
    this.modelServer = new ModelServer(this, 'model-server', { ...workloads.modelServer, namespace: namespace.name });
  }
}
