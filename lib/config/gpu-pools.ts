import { NodeTaint, GKE_ACCELERATOR_LABEL, GKE_SPOT_LABEL_KEY } from '../contract/node-pools';
import { aksGpusPerNode } from '../terraform/azure/aks-gpu';
import { resolveAksPool } from '../terraform/azure/aks-pool-defaults';
import { effectiveTaints } from '../terraform/gcp/gke-node-taints';
import { ClusterTarget } from './cluster-targets';

/** A node pool with GPUs, as the scheduler sees its nodes: labels, taints, GPUs per node and how many nodes at most. */
export interface GpuNodePool {
  readonly name: string;
  /** Where the pool is configured, e.g. `azure.cluster.userPools[1]`. */
  readonly field: string;
  /** The field that bounds its size: `maxCount`, `nodeCount` or `maxNodes`. */
  readonly sizeField: string;
  readonly maxNodes: number;
  /** `nvidia.com/gpu` per node. */
  readonly gpusPerNode: number;
  /** Set when the VM size's GPU count is not known and 1 is assumed. */
  readonly assumed?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
}

/** Labels AKS puts on every node of a pool (learn.microsoft.com/azure/aks/use-labels). */
const AKS_POOL_LABEL = 'kubernetes.azure.com/agentpool';
/** Label GKE puts on every node of a pool (cloud.google.com/kubernetes-engine/docs/how-to/node-labels). */
const GKE_POOL_LABEL = 'cloud.google.com/gke-nodepool';

/** The cluster's pools that have GPUs, retiring (cordoned) AKS pools left out. */
export function clusterGpuPools(target: ClusterTarget): GpuNodePool[] {
  const env = target.environment;
  if (target.cloud === 'azure') {
    return (env.azure?.cluster.userPools ?? []).flatMap((pool, i) => {
      if (!pool.gpu || pool.retiring) return [];
      const resolved = resolveAksPool(pool);
      const known = aksGpusPerNode(pool.vmSize, pool.gpu.migProfile);
      return [{
        name: pool.name,
        field: `azure.cluster.userPools[${i}]`,
        sizeField: pool.nodeCount === undefined ? 'maxCount' : 'nodeCount',
        maxNodes: resolved.maxCount,
        gpusPerNode: known ?? 1,
        assumed: known === undefined ? `1 GPU per node assumed: ${pool.vmSize} is not in the GPU table (lib/terraform/azure/aks-gpu.ts)` : undefined,
        labels: { ...resolved.labels, [AKS_POOL_LABEL]: pool.name },
        taints: resolved.taints,
      }];
    });
  }
  return (env.gcp?.cluster.nodePools ?? []).flatMap((pool, i) => {
    if (!pool.gpu) return [];
    return [{
      name: pool.name,
      field: `gcp.cluster.nodePools[${i}]`,
      sizeField: 'maxNodes',
      maxNodes: pool.maxNodes,
      gpusPerNode: pool.gpu.count,
      labels: {
        ...(pool.labels ?? {}),
        [GKE_POOL_LABEL]: pool.name,
        [GKE_ACCELERATOR_LABEL]: pool.gpu.acceleratorType,
        ...(pool.spot ? { [GKE_SPOT_LABEL_KEY]: 'true' } : {}),
      },
      taints: effectiveTaints(pool),
    }];
  });
}
