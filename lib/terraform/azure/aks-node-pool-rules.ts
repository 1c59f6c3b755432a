import { Issues } from '../../core/validation';
import { aksGpuSizeNeedsUbuntu, aksGpuSizeSupportsMig, isAksGpuSize, isUnsupportedAmdGpuSize } from './aks-gpu';
import { AksNodePoolSpec, AksTaint, AksUpgradeSettingsSpec } from './aks-types';
import { isUnresolved } from '../../core/unresolved';

// Linux pool names: 1-12 lowercase alphanumerics starting with a letter (azurerm 4.55 node pool `name` validator).
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
export const AKS_ZONES: readonly string[] = ['1', '2', '3'];
// Kubernetes label/taint keys: optional DNS-subdomain prefix, then a 1-63 char name (k8s "Labels and Selectors").
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
// AKS reserves these label prefixes for itself ("Use labels in an AKS cluster"); the construct adds the spot label.
const RESERVED_LABEL_PREFIXES = ['kubernetes.azure.com/', 'kubernetes.io/', 'k8s.io/'];
const SURGE = /^(\d+)(%?)$/;

/** Checks one User pool: name, sizing, placement, labels and taints, upgrade, spot and GPU settings. */
export function aksNodePoolRules(pool: AksNodePoolSpec, issues: Issues, dataPlane: string = 'cilium'): void {
  if (!isUnresolved(pool.name)) {
    issues.check(AKS_POOL_NAME.test(pool.name), 'name', pool.name, 'must be 1-12 lowercase letters or digits, starting with a letter (AKS Linux pool names)');
  }
  issues.check(/^Standard_[A-Za-z0-9_]+$/.test(pool.vmSize), 'vmSize', pool.vmSize, 'must be an Azure VM size such as Standard_D4ds_v5');
  sizingRules(pool, issues);
  checkZones(issues, 'zones', pool.zones);
  if (dataPlane === 'cilium') {
    issues.check((pool.osType ?? 'Linux') === 'Linux', 'osType', pool.osType, 'Windows node pools are not supported with the Cilium dataplane');
  }
  if (pool.maxPods !== undefined) {
    issues.check(Number.isInteger(pool.maxPods) && pool.maxPods >= 10 && pool.maxPods <= 250, 'maxPods', pool.maxPods, 'must be a whole number from 10 to 250 (AKS overlay)');
  }
  checkLabels(issues, 'labels', pool.labels ?? {});
  (pool.taints ?? []).forEach((taint, i) => checkTaint(issues.at('taints').at(i), taint));
  if (pool.upgrade) upgradeRules(pool.upgrade, issues.at('upgrade'));
  spotRules(pool, issues);
  gpuRules(pool, issues);
}

function sizingRules(pool: AksNodePoolSpec, issues: Issues): void {
  if (pool.nodeCount !== undefined) {
    issues.check(pool.minCount === undefined && pool.maxCount === undefined, 'nodeCount', pool.nodeCount, 'a fixed nodeCount turns the autoscaler off; give either nodeCount or minCount/maxCount, not both');
    issues.check(Number.isInteger(pool.nodeCount) && pool.nodeCount >= 0 && pool.nodeCount <= 1000, 'nodeCount', pool.nodeCount, 'must be a whole number from 0 to 1000');
    return;
  }
  if (!issues.check(pool.minCount !== undefined && pool.maxCount !== undefined, 'minCount', pool.minCount, 'an autoscaled pool needs both minCount and maxCount (or give a fixed nodeCount)')) return;
  const min = pool.minCount as number;
  const max = pool.maxCount as number;
  issues.check(Number.isInteger(min) && min >= 0, 'minCount', min, 'must be a whole number >= 0');
  issues.check(Number.isInteger(max) && max >= 1 && max <= 1000, 'maxCount', max, 'must be a whole number from 1 to 1000');
  issues.check(min <= max, 'minCount', min, `must be <= maxCount (${max})`);
}

function upgradeRules(upgrade: AksUpgradeSettingsSpec, issues: Issues): void {
  if (upgrade.maxSurge !== undefined) {
    const match = SURGE.exec(upgrade.maxSurge);
    const n = match ? Number(match[1]) : NaN;
    const ok = match !== null && n >= 1 && (match[2] !== '%' || n <= 100);
    issues.check(ok, 'maxSurge', upgrade.maxSurge, 'must be a node count such as "1" or a percentage from "1%" to "100%"');
  }
  if (upgrade.drainTimeoutMinutes !== undefined) {
    const t = upgrade.drainTimeoutMinutes;
    issues.check(Number.isInteger(t) && t >= 1 && t <= 1440, 'drainTimeoutMinutes', t, 'must be a whole number of minutes from 1 to 1440 (AKS upgrade settings)');
  }
  if (upgrade.nodeSoakMinutes !== undefined) {
    const s = upgrade.nodeSoakMinutes;
    issues.check(Number.isInteger(s) && s >= 0 && s <= 30, 'nodeSoakMinutes', s, 'must be a whole number of minutes from 0 to 30 (AKS upgrade settings)');
  }
}

function spotRules(pool: AksNodePoolSpec, issues: Issues): void {
  if (pool.spot && pool.upgrade) {
    issues.add('upgrade', pool.upgrade, 'spot pools take no upgrade settings: AKS refuses max_surge and max_unavailable on spot pools, and azurerm 4.55 needs one of them in the block (terraform-provider-azurerm #19355)');
  }
  const price = pool.spot?.maxPrice;
  if (price === undefined) return;
  // -1 means "up to the on-demand price"; otherwise a positive USD price with at most 5 decimals (AKS spot docs).
  const ok = price === -1 || (price > 0 && Math.abs(Math.round(price * 1e5) - price * 1e5) < 1e-6);
  issues.check(ok, 'spot.maxPrice', price, 'must be -1 (pay up to the on-demand price) or a positive price in USD with at most 5 decimals');
}

function gpuRules(pool: AksNodePoolSpec, issues: Issues): void {
  const gpuSize = isAksGpuSize(pool.vmSize);
  if (isUnsupportedAmdGpuSize(pool.vmSize)) {
    issues.add('vmSize', pool.vmSize, 'NVv4 sizes carry AMD GPUs, which AKS GPU node pools do not support; use an NVIDIA N-series size');
    return;
  }
  if (gpuSize && !pool.gpu) {
    issues.add('gpu', undefined, `vmSize ${pool.vmSize} is an N-series GPU size: set gpu (driver install and the GPU taint) so the pool is a GPU pool`);
  }
  if (!gpuSize && pool.gpu) {
    issues.add('gpu', pool.gpu, `gpu settings need an N-series GPU vmSize (Standard_NC*, Standard_ND*, Standard_NV*); ${pool.vmSize} has no GPU`);
  }
  if (!pool.gpu || !gpuSize) return;
  if (aksGpuSizeNeedsUbuntu(pool.vmSize) && pool.osSku !== undefined && pool.osSku.startsWith('AzureLinux')) {
    issues.add('osSku', pool.osSku, `${pool.vmSize} is not available on Azure Linux; use Ubuntu (the default for this size)`);
  }
  if (pool.gpu.migProfile !== undefined && !aksGpuSizeSupportsMig(pool.vmSize)) {
    issues.add('gpu.migProfile', pool.gpu.migProfile, `MIG needs an A100/H100-class size; ${pool.vmSize} has none`);
  }
  if (pool.gpu.taint === false) {
    const own = (pool.taints ?? []).some((t) => t.effect === 'NoSchedule');
    issues.check(own, 'gpu.taint', false, 'a GPU pool without the platform GPU taint needs a NoSchedule taint of its own (for example the Azure ML amlarc taints), or any pod could land on GPU nodes');
  }
}

/** Zones are '1', '2' or '3', each at most once. */
export function checkZones(issues: Issues, field: string, zones: readonly string[] | undefined): void {
  if (zones === undefined) return;
  issues.check(zones.length > 0, field, zones, 'must list at least one zone, or be left out for all three');
  zones.forEach((zone, i) => {
    issues.check(AKS_ZONES.includes(zone), `${field}[${i}]`, zone, 'must be "1", "2" or "3" (Azure availability zones)');
    if (zones.indexOf(zone) !== i) issues.add(`${field}[${i}]`, zone, 'zones must not repeat');
  });
}

function checkLabels(issues: Issues, field: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    issues.check(QUALIFIED_NAME.test(key), `${field}.${key}`, key, 'label key must be a Kubernetes qualified name (optional DNS prefix "/", then 1-63 letters, digits, "-", "_" or ".")');
    issues.check(LABEL_VALUE.test(value), `${field}.${key}`, value, 'label value must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    const reserved = RESERVED_LABEL_PREFIXES.find((p) => key.startsWith(p));
    issues.check(reserved === undefined, `${field}.${key}`, key, `the prefix ${reserved} is reserved for AKS and Kubernetes; spot and GPU labels are added by the construct`);
  }
}

function checkTaint(issues: Issues, taint: AksTaint): void {
  issues.check(QUALIFIED_NAME.test(taint.key), 'key', taint.key, 'taint key must be a Kubernetes qualified name (optional DNS prefix "/", then 1-63 letters, digits, "-", "_" or ".")');
  issues.check(LABEL_VALUE.test(taint.value), 'value', taint.value, 'taint value must be at most 63 letters, digits, "-", "_" or "."');
  issues.check(['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(taint.effect), 'effect', taint.effect, 'must be NoSchedule, PreferNoSchedule or NoExecute');
}
