/**
 * Taints and labels of node pools. The Terraform half puts them on the pools; the Kubernetes half tolerates and
 * selects them. Keeping them here means a rename cannot split the two.
 */

/** Kubernetes taint effects, in kubectl spelling; GKE's API enums are derived from these. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/**
 * The taint every platform GPU pool carries on AKS, so only pods that ask for a GPU land on those nodes.
 * The key is NVIDIA's extended-resource name rather than Microsoft's example `sku=gpu`: GKE puts the same
 * taint on its GPU nodes, so one toleration serves both clouds, and the Kubernetes
 * ExtendedResourceToleration admission plugin (where enabled) adds it to pods that request `nvidia.com/gpu`.
 */
export const AKS_GPU_TAINT: NodeTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

/** Label on every platform AKS GPU pool; the node selector GPU workloads use. */
export const AKS_GPU_NODE_LABEL = { key: 'ml-mesh.io/accelerator', value: 'nvidia-gpu' } as const;

/**
 * The taint GKE puts on GPU nodes, but only when the cluster already has a non-GPU pool ("Run GPUs in GKE
 * Standard node pools"). Pools created in parallel after the default pool is removed can come up without it,
 * so every GPU pool declares it; declaring the value GKE uses keeps plans free of drift.
 */
export const GKE_GPU_TAINT: NodeTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

/** The label GKE sets on every GPU node to the accelerator type (cloud.google.com/kubernetes-engine/docs/how-to/gpus). */
export const GKE_ACCELERATOR_LABEL = 'cloud.google.com/gke-accelerator';

/** Label GKE sets on every Spot VM node ("Spot VMs" in the GKE docs); system-managed, never set by us. */
export const GKE_SPOT_LABEL_KEY = 'cloud.google.com/gke-spot';

/** Opt-in scheduling for spot nodes: only pods that tolerate eviction and say so land there (GKE Spot VMs doc). */
export const GKE_SPOT_TAINT: NodeTaint = { key: GKE_SPOT_LABEL_KEY, value: 'true', effect: 'NoSchedule' };
