import { ClusterKubernetesConfig, EnvironmentConfig } from './environment';
import { Dataplane } from '../contract/dataplane';
import { GKE_DEFAULT_MASTER_CIDR } from '../contract/gke-control-plane';

/** AksNetworkSpec's defaults (lib/terraform/azure/aks-types.ts), where the config leaves the ranges out. */
const AKS_DEFAULT_VNET_CIDR = '10.240.0.0/16';
const AKS_DEFAULT_NODE_SUBNET_CIDR = '10.240.0.0/22';

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
  /** The node subnet, where kubelet probes and node traffic come from. @default unknown (an existing subnet without its CIDR) */
  readonly nodeCidr?: string;
  /**
   * The private network the cluster's internal clients live in: the VNet on AKS, the node subnet on GKE (the VPC's
   * other subnets are not in the config). @default unknown
   */
  readonly networkCidr?: string;
  /** GKE: the control plane's private range, the source of its direct calls to pods. @default none (AKS) */
  readonly controlPlaneCidr?: string;
  readonly kubernetes: ClusterKubernetesConfig;
}

/** The clusters of an environment, Azure first, in a stable order. */
export function clusterTargets(env: EnvironmentConfig): ClusterTarget[] {
  const targets: ClusterTarget[] = [];
  if (env.azure) {
    const network = env.azure.cluster.network;
    const nodeCidr = network.existingSubnetId !== undefined ? network.existingSubnetCidr : network.nodeSubnetCidr ?? AKS_DEFAULT_NODE_SUBNET_CIDR;
    targets.push({
      environment: env,
      cloud: 'azure',
      clusterName: env.azure.cluster.name,
      dataplane: 'aks-cilium',
      stack: `${env.name}-azure`,
      // FQDN and L7 Cilium policy need ACNS security on AKS (docs/aks.md).
      acnsSecurity: env.azure.cluster.network.advancedNetworking?.security ?? false,
      podCidrs: [network.podCidr],
      nodeCidr,
      networkCidr: network.existingSubnetId !== undefined ? nodeCidr : network.vnetCidr ?? AKS_DEFAULT_VNET_CIDR,
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
      nodeCidr: env.gcp.cluster.network.nodeSubnetCidr,
      networkCidr: env.gcp.cluster.network.nodeSubnetCidr,
      controlPlaneCidr: env.gcp.cluster.network.masterIpv4CidrBlock ?? GKE_DEFAULT_MASTER_CIDR,
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
