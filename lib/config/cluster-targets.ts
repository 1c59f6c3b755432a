import { ClusterKubernetesConfig, EnvironmentConfig } from './environment';
import { Dataplane } from '../contract/dataplane';

/** One cluster of an environment, as the Kubernetes synth sees it. */
export interface ClusterTarget {
  readonly environment: EnvironmentConfig;
  readonly cloud: 'azure' | 'gcp';
  readonly clusterName: string;
  readonly dataplane: Dataplane;
  /** Terraform stack that provisions the cluster (where its outputs come from). */
  readonly stack: string;
  readonly acnsSecurity: boolean;
  /** The cluster's pod ranges, for authorizing unmeshed clients by network. */
  readonly podCidrs: readonly string[];
  readonly kubernetes: ClusterKubernetesConfig;
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
      // FQDN and L7 Cilium policy need ACNS security on AKS (docs/aks.md).
      acnsSecurity: env.azure.cluster.network.advancedNetworking?.security ?? false,
      podCidrs: [env.azure.cluster.network.podCidr],
      kubernetes: env.azure.kubernetes,
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
      podCidrs: env.gcp.cluster.network.podCidr ? [env.gcp.cluster.network.podCidr] : [],
      kubernetes: env.gcp.kubernetes,
    });
  }
  return targets;
}

/** The environment's cluster on one cloud; throws when the environment has none there. */
export function clusterTarget(env: EnvironmentConfig, cloud: 'azure' | 'gcp'): ClusterTarget {
  const target = clusterTargets(env).find((t) => t.cloud === cloud);
  if (!target) throw new Error(`environment ${env.name} has no ${cloud} cluster`);
  return target;
}
