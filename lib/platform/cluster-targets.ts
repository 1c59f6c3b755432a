import { ClusterWorkloadsConfig, EnvironmentConfig } from '../config/environment';
import { Dataplane } from '../k8s/core/cluster-context';

/** One cluster of an environment, as the Kubernetes synth sees it. */
export interface ClusterTarget {
  readonly environment: EnvironmentConfig;
  readonly cloud: 'azure' | 'gcp';
  readonly clusterName: string;
  readonly dataplane: Dataplane;
  /** Terraform stack that provisions the cluster (where its outputs come from). */
  readonly stack: string;
  readonly acnsSecurity: boolean;
  readonly workloads: ClusterWorkloadsConfig;
}

/** The clusters of an environment, Azure first, in a stable order. */
export function clusterTargets(env: EnvironmentConfig): ClusterTarget[] {
  const targets: ClusterTarget[] = [];
  if (env.azure) {
    targets.push({
      environment: env,
      cloud: 'azure',
      clusterName: env.azure.cluster.name,
      dataplane: 'aks-cilium',
      stack: `${env.name}-azure`,
      acnsSecurity: false,
      workloads: env.azure.workloads,
    });
  }
  if (env.gcp) {
    targets.push({
      environment: env,
      cloud: 'gcp',
      clusterName: env.gcp.cluster.name,
      dataplane: 'gke-dataplane-v2',
      stack: `${env.name}-gcp`,
      acnsSecurity: false,
      workloads: env.gcp.workloads,
    });
  }
  return targets;
}
