import { GkeNodePoolSpec, GkeTaint, GkeTaintEffect } from './gke-types';

/**
 * The taint GKE puts on GPU nodes, but only when the cluster already has a non-GPU pool ("Run GPUs in GKE
 * Standard node pools"). Pools created in parallel after the default pool is removed can come up without it,
 * so every GPU pool declares it; declaring the value GKE uses keeps plans free of drift.
 */
export const GKE_GPU_TAINT: GkeTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

/** Label GKE sets on every Spot VM node ("Spot VMs" in the GKE docs); system-managed, never set by us. */
export const GKE_SPOT_LABEL_KEY = 'cloud.google.com/gke-spot';

/** Opt-in scheduling for spot nodes: only pods that tolerate eviction and say so land there (GKE Spot VMs doc). */
export const GKE_SPOT_TAINT: GkeTaint = { key: GKE_SPOT_LABEL_KEY, value: 'true', effect: 'NoSchedule' };

const API_EFFECT: Record<GkeTaintEffect, string> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

/** The GKE API spells taint effects as enums (node_config.taint.effect). */
export function apiTaintEffect(effect: GkeTaintEffect): string {
  return API_EFFECT[effect];
}

/** The pool's own taints plus the GPU and spot taints the pool's kind calls for, without duplicates. */
export function effectiveTaints(pool: GkeNodePoolSpec): readonly GkeTaint[] {
  const taints = [...(pool.taints ?? [])];
  const add = (taint: GkeTaint): void => {
    if (!taints.some((t) => t.key === taint.key && t.effect === taint.effect)) taints.push(taint);
  };
  if (pool.gpu) add(GKE_GPU_TAINT);
  if (pool.spot && (pool.spotTaint ?? true)) add(GKE_SPOT_TAINT);
  return taints;
}
