import { Issues } from '../../core/validation';
import { parseCpu, parseMemory } from '../quantities';
import { AZURE_ML_POOL_LABEL } from './azure-ml-pool-labels';

/**
 * The instance type Azure ML uses when a job or deployment names none. Attach creates an invisible one
 * (100m/2Gi) unless a resource of this name exists, so the library always emits its own, on a CPU pool
 * (learn.microsoft.com/azure/machine-learning/how-to-manage-kubernetes-instance-types, "Default instance type").
 */
export const AZURE_ML_DEFAULT_INSTANCE_TYPE = 'defaultinstancetype';

/**
 * One Azure ML instance type: a named pod size placed on Azure ML pools. Becomes an `InstanceType` resource
 * (amlarc.azureml.com/v1alpha1) in the cluster and an entry of the compute's `instanceTypes` map.
 */
export interface AzureMlInstanceTypeSpec {
  /** Name used in jobs (`resources.instance_type`) and deployments (`instance_type`); a DNS label. */
  readonly name: string;
  /**
   * Labels of the pool(s) it runs on, on top of the shared Azure ML label (which is always added, since the
   * extension's nodeSelector applies to every workload anyway).
   * @default {} (any Azure ML pool)
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** cpu and memory requests; both required and non-zero (how-to-manage-kubernetes-instance-types). */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** cpu and memory limits; both required. */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** NVIDIA GPUs per pod; Azure ML takes them in limits only. @default 0 */
  readonly gpus?: number;
}

const INSTANCE_TYPE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The node selector the instance type really uses: its own labels plus the shared Azure ML label. */
export function effectiveNodeSelector(spec: AzureMlInstanceTypeSpec): Record<string, string> {
  return { [AZURE_ML_POOL_LABEL.key]: AZURE_ML_POOL_LABEL.value, ...(spec.nodeSelector ?? {}) };
}

/** Shape checks of a list of instance types, one list per compute. */
export function azureMlInstanceTypeRules(types: readonly AzureMlInstanceTypeSpec[], issues: Issues): void {
  issues.check(types.some((t) => t.name === AZURE_ML_DEFAULT_INSTANCE_TYPE), '', types.map((t) => t.name),
    `must include "${AZURE_ML_DEFAULT_INSTANCE_TYPE}" on a CPU pool; otherwise Azure ML attaches an invisible 100m/2Gi default that lands anywhere`);
  types.forEach((t, i) => {
    const at = issues.at(i);
    at.check(INSTANCE_TYPE_NAME.test(t.name), 'name', t.name, 'must be an RFC 1123 label (lowercase letters, digits, "-"; at most 63)');
    if (types.findIndex((x) => x.name === t.name) !== i) at.add('name', t.name, 'instance type names must be unique in a cluster');
    const reqCpu = parseCpu(t.requests.cpu);
    const limCpu = parseCpu(t.limits.cpu);
    const reqMem = parseMemory(t.requests.memory);
    const limMem = parseMemory(t.limits.memory);
    at.check(reqCpu !== undefined && reqCpu > 0, 'requests.cpu', t.requests.cpu, 'must be a positive CPU quantity (Azure ML requires non-zero cpu requests)');
    at.check(reqMem !== undefined && reqMem > 0, 'requests.memory', t.requests.memory, 'must be a positive memory quantity (Azure ML requires non-zero memory requests)');
    at.check(limCpu !== undefined && limCpu > 0, 'limits.cpu', t.limits.cpu, 'must be a positive CPU quantity');
    at.check(limMem !== undefined && limMem > 0, 'limits.memory', t.limits.memory, 'must be a positive memory quantity');
    if (reqCpu !== undefined && limCpu !== undefined) at.check(reqCpu <= limCpu, 'requests.cpu', t.requests.cpu, `must not exceed limits.cpu (${t.limits.cpu})`);
    if (reqMem !== undefined && limMem !== undefined) at.check(reqMem <= limMem, 'requests.memory', t.requests.memory, `must not exceed limits.memory (${t.limits.memory})`);
    if (t.gpus !== undefined) at.check(Number.isInteger(t.gpus) && t.gpus >= 0, 'gpus', t.gpus, 'must be a whole number >= 0');
    if (t.name === AZURE_ML_DEFAULT_INSTANCE_TYPE) at.check(!t.gpus, 'gpus', t.gpus, `"${AZURE_ML_DEFAULT_INSTANCE_TYPE}" must not ask for GPUs: jobs that name no instance type would hold a GPU`);
  });
}

/** The compute body's `instanceTypes` map (KubernetesProperties.instanceTypes, API 2025-06-01). */
export function toComputeInstanceTypes(types: readonly AzureMlInstanceTypeSpec[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const t of types) {
    const limits: Record<string, string> = { cpu: t.limits.cpu, memory: t.limits.memory };
    if (t.gpus) limits['nvidia.com/gpu'] = String(t.gpus);
    map[t.name] = {
      nodeSelector: effectiveNodeSelector(t),
      resources: { requests: { cpu: t.requests.cpu, memory: t.requests.memory }, limits },
    };
  }
  return map;
}
