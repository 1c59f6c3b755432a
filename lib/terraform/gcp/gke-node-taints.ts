import { GKE_GPU_TAINT, GKE_SPOT_TAINT } from '../../contract/node-pools';
import { GkeNodePoolSpec, GkeTaint, GkeTaintEffect } from './gke-types';

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
