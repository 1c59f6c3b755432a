import { aksGpuSizeNeedsUbuntu } from './aks-gpu';
import { AKS_RETIRING_TAINT } from './aks-pool-rotation';
import { AKS_SPOT_LABEL, AKS_SPOT_TAINT } from './aks-spot';
import { AksNodePoolSpec, AksOsSku, AksTaint } from './aks-types';
import { AKS_GPU_NODE_LABEL, AKS_GPU_TAINT } from '../../contract/node-pools';

/** Every default of a User pool applied in one place, so the construct and the capacity rules agree. */
export interface ResolvedAksPool {
  readonly autoscaled: boolean;
  readonly minCount: number;
  readonly maxCount: number;
  readonly zones: readonly string[];
  readonly osSku: AksOsSku;
  readonly maxPods: number;
  readonly maxSurge: string;
  readonly drainTimeoutMinutes: number;
  readonly nodeSoakMinutes: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly AksTaint[];
}

export const DEFAULT_ZONES: readonly string[] = ['1', '2', '3'];
export const DEFAULT_MAX_PODS = 110;
// Research §5 "drain-aware surge": 33% keeps serving capacity during upgrades; 1 for GPU avoids quota blowups.
export const DEFAULT_CPU_SURGE = '33%';
export const DEFAULT_GPU_SURGE = '1';
export const DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;

export function resolveAksPool(spec: AksNodePoolSpec): ResolvedAksPool {
  const autoscaled = spec.nodeCount === undefined;
  const minCount = spec.retiring && autoscaled ? 0 : autoscaled ? (spec.minCount ?? 0) : (spec.nodeCount as number);
  const maxCount = autoscaled ? (spec.maxCount ?? 0) : (spec.nodeCount as number);
  return {
    autoscaled,
    minCount,
    maxCount,
    zones: spec.zones ?? DEFAULT_ZONES,
    osSku: spec.osSku ?? (spec.gpu && aksGpuSizeNeedsUbuntu(spec.vmSize) ? 'Ubuntu' : 'AzureLinux'),
    maxPods: spec.maxPods ?? DEFAULT_MAX_PODS,
    // AKS upgrades spot pools in place, without surge nodes (aks-node-pool.ts sends no upgrade settings for them).
    maxSurge: spec.spot ? '0' : (spec.upgrade?.maxSurge ?? (spec.gpu ? DEFAULT_GPU_SURGE : DEFAULT_CPU_SURGE)),
    drainTimeoutMinutes: spec.upgrade?.drainTimeoutMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES,
    nodeSoakMinutes: spec.upgrade?.nodeSoakMinutes ?? 0,
    labels: poolLabels(spec),
    taints: poolTaints(spec),
  };
}

function poolLabels(spec: AksNodePoolSpec): Record<string, string> {
  const labels: Record<string, string> = { ...(spec.labels ?? {}) };
  if (spec.gpu) labels[AKS_GPU_NODE_LABEL.key] = AKS_GPU_NODE_LABEL.value;
  if (spec.spot) labels[AKS_SPOT_LABEL.key] = AKS_SPOT_LABEL.value;
  return labels;
}

function poolTaints(spec: AksNodePoolSpec): AksTaint[] {
  const taints = [...(spec.taints ?? [])];
  const add = (taint: AksTaint): void => {
    if (!taints.some((t) => t.key === taint.key && t.effect === taint.effect)) taints.push(taint);
  };
  if (spec.gpu && (spec.gpu.taint ?? true)) add(AKS_GPU_TAINT);
  if (spec.spot) add(AKS_SPOT_TAINT);
  if (spec.retiring) add(AKS_RETIRING_TAINT);
  return taints;
}

/**
 * True for a User pool that pods without tolerations schedule on: none of its taints (after defaults) is NoSchedule or
 * NoExecute. That leaves out GPU, spot, Azure ML (amlarc taints) and retiring pools; the system pool is never one
 * (CriticalAddonsOnly). The platform's Helm releases run here.
 */
export function takesOrdinaryPods(spec: AksNodePoolSpec): boolean {
  return resolveAksPool(spec).taints.every((t) => t.effect === 'PreferNoSchedule');
}

/** `key=value:Effect`, the form `node_taints` takes. */
export function formatTaint(taint: AksTaint): string {
  return `${taint.key}=${taint.value}:${taint.effect}`;
}

/** Nodes a pool adds during an upgrade: a count, or a percentage of its max size rounded up (AKS rounds up). */
export function surgeNodes(maxSurge: string, maxCount: number): number {
  const match = /^(\d+)(%?)$/.exec(maxSurge);
  if (!match) return 0;
  const n = Number(match[1]);
  return match[2] === '%' ? Math.ceil((maxCount * n) / 100) : n;
}
