import { AksNodePoolSpec } from '../aks-types';
import { isAksGpuSize } from '../aks-gpu';
import { Issues } from '../../../core/validation';
import { AZURE_ML_POOL_LABEL } from '../../../contract/azure-ml/azure-ml-pool-labels';
import { AZURE_ML_DEFAULT_INSTANCE_TYPE, AzureMlInstanceTypeSpec, effectiveNodeSelector } from '../../../contract/azure-ml/instance-types';
import { isAzureMlPool } from './azure-ml-pools';

function selects(selector: Readonly<Record<string, string>>, pool: AksNodePoolSpec): boolean {
  return Object.entries(selector).every(([k, v]) => pool.labels?.[k] === v);
}

/**
 * Checks that every instance type lands on an Azure ML pool that can run it (`issues` at the instance type list):
 * its selector matches a pool with the shared label, and a GPU type matches only GPU-sized Azure ML pools.
 */
export function azureMlPlacementRules(types: readonly AzureMlInstanceTypeSpec[], pools: readonly AksNodePoolSpec[], issues: Issues): void {
  types.forEach((t, i) => {
    const selector = effectiveNodeSelector(t);
    const matching = pools.filter((p) => isAzureMlPool(p) && selects(selector, p));
    if (!issues.at(i).check(matching.length > 0, 'nodeSelector', selector,
      `selects no Azure ML pool (a pool with ${AZURE_ML_POOL_LABEL.key}=${AZURE_ML_POOL_LABEL.value} and these labels; build pools with azureMlNodePool)`)) return;
    if (t.gpus) {
      const cpuOnly = matching.filter((p) => !isAksGpuSize(p.vmSize)).map((p) => p.name);
      issues.at(i).check(cpuOnly.length === 0, 'nodeSelector', selector,
        `asks for ${t.gpus} GPU(s) but also selects pools without GPUs (${cpuOnly.join(', ')}); add a GPU pool label to the selector`);
    } else if (t.name === AZURE_ML_DEFAULT_INSTANCE_TYPE) {
      const gpuPools = matching.filter((p) => isAksGpuSize(p.vmSize)).map((p) => p.name);
      issues.at(i).check(gpuPools.length === 0, 'nodeSelector', selector,
        `"${AZURE_ML_DEFAULT_INSTANCE_TYPE}" must select CPU pools only, not ${gpuPools.join(', ')}: untyped jobs would sit on GPU nodes`);
    }
  });
}
