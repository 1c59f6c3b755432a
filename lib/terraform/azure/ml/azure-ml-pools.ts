import { AZURE_ML_POOL_LABEL, AZURE_ML_PURPOSE_LABEL_KEY, AZURE_ML_SYSTEM_TAINT, AZURE_ML_TAINT, AZURE_ML_WORKLOAD_TAINT } from '../../../contract/azure-ml/azure-ml-pool-labels';
import { isAksGpuSize } from '../aks-gpu';
import { resolveAksPool } from '../aks-pool-defaults';
import { AksNodePoolSpec, AksTaint } from '../aks-types';
import { Issues } from '../../../core/validation';
import { AKS_GPU_NODE_LABEL, AKS_GPU_TAINT } from '../../../contract/node-pools';

/**
 * What an Azure ML pool runs. `system` holds the extension's own pods (azureml-fe, gateway, operators,
 * Prometheus); the others hold jobs and model deployments.
 */
export type AzureMlPoolPurpose = 'system' | 'training' | 'inference' | 'training-and-inference';

/**
 * The taints of an Azure ML pool by purpose. Every Azure ML pool is also selected by the extension's global
 * nodeSelector, so the system pods need a pool without the workload taint: a `system` pool.
 */
export function azureMlPoolTaints(purpose: AzureMlPoolPurpose): readonly AksTaint[] {
  return purpose === 'system' ? [AZURE_ML_TAINT, AZURE_ML_SYSTEM_TAINT] : [AZURE_ML_TAINT, AZURE_ML_WORKLOAD_TAINT];
}

/**
 * How a GPU pool meant for Azure ML is shared.
 * - `azureml-only`: amlarc taints only; the platform's own GPU workloads never land there.
 * - `shared-with-platform`: amlarc taints plus the platform GPU label; the platform's GPU workloads land there
 *   only if they also tolerate `AZURE_ML_TAINT` and `AZURE_ML_WORKLOAD_TAINT`.
 * In both cases the platform GPU taint (`nvidia.com/gpu`) is left off: Azure ML pods do not tolerate it.
 */
export type AzureMlGpuSharing = 'azureml-only' | 'shared-with-platform';

export interface AzureMlPoolOptions {
  readonly purpose: AzureMlPoolPurpose;
  /** @default 'azureml-only' */
  readonly gpuSharing?: AzureMlGpuSharing;
}

/**
 * Returns the pool spec with what makes it an Azure ML pool: the shared label, the purpose label, the amlarc
 * taints, and for GPU sizes the platform GPU taint turned off. Sizing is left as given; `azureMlPoolRules`
 * then refuses an autoscaled training pool.
 */
export function azureMlNodePool(spec: AksNodePoolSpec, options: AzureMlPoolOptions): AksNodePoolSpec {
  const gpu = isAksGpuSize(spec.vmSize);
  const labels: Record<string, string> = {
    ...(spec.labels ?? {}),
    [AZURE_ML_POOL_LABEL.key]: AZURE_ML_POOL_LABEL.value,
    [AZURE_ML_PURPOSE_LABEL_KEY]: options.purpose,
  };
  if (gpu && options.gpuSharing === 'shared-with-platform') labels[AKS_GPU_NODE_LABEL.key] = AKS_GPU_NODE_LABEL.value;
  const taints = [...(spec.taints ?? [])];
  for (const t of azureMlPoolTaints(options.purpose)) if (!taints.some((x) => x.key === t.key)) taints.push(t);
  return {
    ...spec,
    labels,
    taints,
    ...(gpu ? { gpu: { ...(spec.gpu ?? {}), taint: false } } : {}),
  };
}

function isAzureMlPurpose(value: string | undefined): value is AzureMlPoolPurpose {
  return value === 'system' || value === 'training' || value === 'inference' || value === 'training-and-inference';
}

/** The pool's Azure ML purpose, or undefined for pools that are not Azure ML pools. */
export function azureMlPoolPurpose(spec: AksNodePoolSpec): AzureMlPoolPurpose | undefined {
  const value = spec.labels?.[AZURE_ML_PURPOSE_LABEL_KEY];
  return isAzureMlPool(spec) && isAzureMlPurpose(value) ? value : undefined;
}

/** True when the pool carries the shared Azure ML label, so the extension's nodeSelector matches it. */
export function isAzureMlPool(spec: AksNodePoolSpec): boolean {
  return spec.labels?.[AZURE_ML_POOL_LABEL.key] === AZURE_ML_POOL_LABEL.value;
}

/** A pool whose node count the autoscaler cannot change: a fixed `nodeCount`, or equal bounds. */
export function isFixedSizePool(spec: AksNodePoolSpec): boolean {
  const resolved = resolveAksPool(spec);
  return !resolved.autoscaled || resolved.minCount === resolved.maxCount;
}

/**
 * Checks every Azure ML pool of a cluster (`issues` is at the cluster's `userPools`):
 * - training pools are fixed size, since "training on Kubernetes compute doesn't support auto scale nodes"
 *   (learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere, limitations) and the bundled
 *   Volcano gang plugin fights the cluster autoscaler (how-to-troubleshoot-kubernetes-extension);
 * - Azure ML pools carry the amlarc taints and no other NoSchedule/NoExecute taint Azure ML pods cannot tolerate,
 *   in particular not the platform GPU taint.
 */
export function azureMlPoolRules(pools: readonly AksNodePoolSpec[], issues: Issues, trainingEnabled = true): void {
  pools.forEach((pool, i) => {
    if (!isAzureMlPool(pool)) return;
    const at = issues.at(i);
    const purpose = pool.labels?.[AZURE_ML_PURPOSE_LABEL_KEY];
    if (trainingEnabled && (purpose === 'training' || purpose === 'training-and-inference')) {
      at.check(isFixedSizePool(pool), 'nodeCount', pool.nodeCount ?? `${pool.minCount}-${pool.maxCount}`,
        `pool "${pool.name}" runs Azure ML training, which does not support node autoscaling: give it a fixed nodeCount (or minCount equal to maxCount)`);
    }
    const expected = azureMlPoolTaints(isAzureMlPurpose(purpose) ? purpose : 'training-and-inference');
    at.check(isAzureMlPurpose(purpose), `labels.${AZURE_ML_PURPOSE_LABEL_KEY}`, purpose,
      'an Azure ML pool must say what it runs: system, training, inference or training-and-inference (build it with azureMlNodePool)');
    for (const t of expected) {
      at.check((pool.taints ?? []).some((x) => x.key === t.key && x.effect === t.effect), 'taints', (pool.taints ?? []).map((x) => x.key),
        `Azure ML pool "${pool.name}" must carry the taint ${t.key}=${t.value}:${t.effect} (build it with azureMlNodePool)`);
    }
    if (purpose !== 'system') {
      at.check(!(pool.taints ?? []).some((x) => x.key === AZURE_ML_SYSTEM_TAINT.key), 'taints', (pool.taints ?? []).map((x) => x.key),
        `workload pool "${pool.name}" must not carry ${AZURE_ML_SYSTEM_TAINT.key}: training and inference pods do not tolerate it`);
    }
    // A retiring pool is cordoned on purpose; its taint is the point.
    if (pool.retiring) return;
    const resolved = resolveAksPool(pool);
    const blocking = resolved.taints.filter((t) => t.effect !== 'PreferNoSchedule' && !t.key.startsWith('ml.azure.com/'));
    for (const t of blocking) {
      const field = t.key === AKS_GPU_TAINT.key && pool.gpu ? 'gpu.taint' : 'taints';
      at.add(field, `${t.key}=${t.value}:${t.effect}`,
        `Azure ML pods tolerate only ml.azure.com/amlarc* taints (reference-kubernetes, "Taints and tolerations"), so Azure ML cannot use pool "${pool.name}" with this taint${t.key === AKS_GPU_TAINT.key ? '; set gpu.taint to false (azureMlNodePool does)' : ''}`);
    }
  });
  const azureMl = pools.filter(isAzureMlPool);
  if (azureMl.length > 0) {
    issues.check(azureMl.some((p) => azureMlPoolPurpose(p) === 'system'), '', azureMl.map((p) => p.name),
      `no Azure ML system pool: the extension's nodeSelector confines its own pods (azureml-fe, gateway, operators) to Azure ML pools, and they do not tolerate ${AZURE_ML_WORKLOAD_TAINT.key}; add a pool built with azureMlNodePool(spec, { purpose: 'system' })`);
  }
}
