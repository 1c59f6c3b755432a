import { Issues } from '../../core/validation';
import { checkGkeName, checkZone } from '../../contract/gcp-names';
import { GkeNodePoolSpec, GkeUpgradeStrategy } from './gke-types';
import { isUnresolved } from '../../core/unresolved';
import { GKE_GPU_TAINT, GKE_SPOT_LABEL_KEY } from '../../contract/node-pools';

/** GKE's default and bounds for max pods per node on Standard clusters ("Configure maximum Pods per node"). */
export const GKE_DEFAULT_MAX_PODS_PER_NODE = 110;
const MIN_PODS_PER_NODE = 8;
const MAX_PODS_PER_NODE = 256;

const MACHINE_TYPE = /^[a-z][a-z0-9]*-[a-z0-9-]+$/;
const ACCELERATOR_TYPE = /^nvidia-[a-z0-9-]+$/;
const DURATION = /^[0-9]+s$/;
/** Kubernetes label/taint key: optional DNS-subdomain prefix, then a name of at most 63 characters. */
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Addresses GKE reserves per node in the pod range: at least twice the max pods, rounded up to a power of
 * two (8 -> /28, 9-16 -> /27, 17-32 -> /26, 33-64 -> /25, 65-110 -> /24, up to 256 -> /23).
 */
export function podAddressesPerNode(maxPodsPerNode: number): number {
  return 2 ** Math.ceil(Math.log2(2 * maxPodsPerNode));
}

/**
 * Nodes the pool can reach at the peak of an upgrade: max size plus surge nodes, or twice the max size
 * while a blue-green upgrade keeps both sets.
 */
export function peakNodes(pool: GkeNodePoolSpec): number {
  const upgrade = pool.upgrade ?? { strategy: 'SURGE' };
  return upgrade.strategy === 'BLUE_GREEN' ? 2 * pool.maxNodes : pool.maxNodes + (upgrade.maxSurge ?? 1);
}

/** Checks one node pool. `region` is the cluster's region, used to check that node locations lie in it. */
export function gkeNodePoolRules(pool: GkeNodePoolSpec, issues: Issues, region?: string): void {
  checkGkeName(issues, 'name', pool.name);
  if (!isUnresolved(pool.machineType)) {
    issues.check(MACHINE_TYPE.test(pool.machineType), 'machineType', pool.machineType, 'must be a Compute Engine machine type such as e2-standard-4 or g2-standard-8');
  }
  autoscalingRules(pool, issues);
  locationRules(pool, issues, region);
  if (pool.maxPodsPerNode !== undefined) {
    issues.check(Number.isInteger(pool.maxPodsPerNode) && pool.maxPodsPerNode >= MIN_PODS_PER_NODE && pool.maxPodsPerNode <= MAX_PODS_PER_NODE,
      'maxPodsPerNode', pool.maxPodsPerNode, `must be a whole number from ${MIN_PODS_PER_NODE} to ${MAX_PODS_PER_NODE} (GKE Standard)`);
  }
  if (pool.diskSizeGb !== undefined) {
    issues.check(Number.isInteger(pool.diskSizeGb) && pool.diskSizeGb >= 10, 'diskSizeGb', pool.diskSizeGb, 'must be a whole number of at least 10 (GKE boot disk minimum)');
  }
  labelAndTaintRules(pool, issues);
  gpuRules(pool, issues);
  upgradeRules(pool.upgrade, issues.at('upgrade'));
}

function autoscalingRules(pool: GkeNodePoolSpec, issues: Issues): void {
  const minOk = issues.check(Number.isInteger(pool.minNodes) && pool.minNodes >= 0, 'minNodes', pool.minNodes, 'must be a whole number >= 0');
  const maxOk = issues.check(Number.isInteger(pool.maxNodes) && pool.maxNodes >= 1, 'maxNodes', pool.maxNodes, 'must be a whole number >= 1');
  if (minOk && maxOk) issues.check(pool.minNodes <= pool.maxNodes, 'minNodes', pool.minNodes, `must be <= maxNodes (${pool.maxNodes})`);
}

function locationRules(pool: GkeNodePoolSpec, issues: Issues, region?: string): void {
  if (pool.nodeLocations === undefined) return;
  issues.check(pool.nodeLocations.length > 0, 'nodeLocations', pool.nodeLocations, 'must list at least one zone, or be left out to use the cluster\'s zones');
  pool.nodeLocations.forEach((zone, i) => {
    const at = issues.at('nodeLocations').at(i);
    checkZone(at, '', zone, region);
    if (pool.nodeLocations?.indexOf(zone) !== i) at.add('', zone, 'zones must not repeat');
  });
}

function labelAndTaintRules(pool: GkeNodePoolSpec, issues: Issues): void {
  for (const [key, value] of Object.entries(pool.labels ?? {})) {
    issues.check(LABEL_KEY.test(key), `labels.${key}`, key, 'must be a Kubernetes label key: optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "."');
    issues.check(LABEL_VALUE.test(value), `labels.${key}`, value, 'must be a Kubernetes label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    if (key === GKE_SPOT_LABEL_KEY) {
      issues.add(`labels.${key}`, value, 'is set by GKE on Spot VM nodes only; use `spot: true` instead of setting it by hand');
    }
  }
  (pool.taints ?? []).forEach((taint, i) => {
    const at = issues.at('taints').at(i);
    at.check(LABEL_KEY.test(taint.key), 'key', taint.key, 'must be a Kubernetes taint key (same shape as a label key)');
    at.check(LABEL_VALUE.test(taint.value), 'value', taint.value, 'must be a Kubernetes taint value (same shape as a label value)');
    if (taint.key === GKE_SPOT_LABEL_KEY && !pool.spot) {
      at.add('key', taint.key, 'the spot taint belongs on spot pools only; set `spot: true` or remove the taint');
    }
    if (taint.key === GKE_GPU_TAINT.key && pool.gpu === undefined) {
      at.add('key', taint.key, 'the GPU taint belongs on GPU pools only; set `gpu` or remove the taint');
    }
    if (taint.key === GKE_GPU_TAINT.key && pool.gpu !== undefined && (taint.value !== GKE_GPU_TAINT.value || taint.effect !== GKE_GPU_TAINT.effect)) {
      at.add('', `${taint.key}=${taint.value}:${taint.effect}`, `conflicts with the taint GKE puts on GPU nodes (${GKE_GPU_TAINT.key}=${GKE_GPU_TAINT.value}:${GKE_GPU_TAINT.effect}); the pool would drift`);
    }
  });
}

function gpuRules(pool: GkeNodePoolSpec, issues: Issues): void {
  if (pool.gpu === undefined) return;
  const gpu = issues.at('gpu');
  const type = pool.gpu.acceleratorType;
  gpu.check(Number.isInteger(pool.gpu.count) && pool.gpu.count >= 1, 'count', pool.gpu.count, 'must be a whole number >= 1; leave `gpu` out for a pool without GPUs');
  if (!isUnresolved(type ?? '')) {
    gpu.check(type !== undefined && type !== '', 'acceleratorType', type, 'is required when GPUs are attached (e.g. nvidia-l4)');
    if (type) gpu.check(ACCELERATOR_TYPE.test(type), 'acceleratorType', type, 'must be a GKE accelerator type such as nvidia-l4, nvidia-tesla-t4 or nvidia-h100-80gb');
  }
}

function upgradeRules(upgrade: GkeUpgradeStrategy | undefined, issues: Issues): void {
  if (upgrade === undefined) return;
  if (upgrade.strategy === 'SURGE') {
    const surge = upgrade.maxSurge ?? 1;
    const unavailable = upgrade.maxUnavailable ?? 0;
    issues.check(Number.isInteger(surge) && surge >= 0, 'maxSurge', surge, 'must be a whole number >= 0');
    issues.check(Number.isInteger(unavailable) && unavailable >= 0, 'maxUnavailable', unavailable, 'must be a whole number >= 0');
    issues.check(surge + unavailable > 0, 'maxSurge', surge, 'maxSurge + maxUnavailable must be at least 1, or the upgrade cannot progress (GKE surge upgrades)');
    return;
  }
  const percentage = upgrade.batchPercentage ?? 0.25;
  issues.check(percentage > 0 && percentage <= 1, 'batchPercentage', percentage, 'must be in (0, 1], the share of nodes drained per batch');
  for (const field of ['batchSoakDuration', 'nodePoolSoakDuration'] as const) {
    const value = upgrade[field];
    if (value !== undefined) issues.check(DURATION.test(value), field, value, 'must be a duration in whole seconds such as "300s"');
  }
}
