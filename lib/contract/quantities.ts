import { Issues } from '../core/validation';

/** CPU and memory for a container, in Kubernetes quantity notation ('500m', '2', '1Gi'). */
export interface ComputeResources {
  readonly cpu: string;
  readonly memory: string;
}

/** Requests and limits; both are required so that every pod has a QoS class and a ceiling. */
export interface ResourceSpec {
  readonly requests: ComputeResources;
  readonly limits: ComputeResources;
  /** NVIDIA GPUs (the `nvidia.com/gpu` extended resource); requests equal limits for extended resources. @default 0 */
  readonly gpus?: number;
}

const CPU = /^(\d+(\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** CPU cores for a quantity, or undefined when it is not one. */
export function parseCpu(text: string): number | undefined {
  const m = CPU.exec(text);
  if (!m) return undefined;
  return Number(m[1]) / (m[3] === 'm' ? 1000 : 1);
}

/**
 * True for a memory quantity with a unit. Kubernetes reads a bare number as bytes, so `memory: '512'` is 512 bytes:
 * always a mistake for a container or a cache.
 */
export function hasMemoryUnit(text: string): boolean {
  return MEMORY.exec(text)?.[3] !== undefined;
}

/** Checks a memory quantity: positive and with a unit. */
export function checkMemoryQuantity(issues: Issues, field: string, text: string): boolean {
  const bytes = parseMemory(text);
  if (!issues.check(bytes !== undefined && bytes > 0, field, text, "must be a positive memory quantity such as '512Mi' or '4Gi'")) return false;
  return issues.check(hasMemoryUnit(text), field, text, "must carry a unit such as '512Mi' or '4Gi': a bare number is bytes");
}

/** Bytes for a memory quantity, or undefined when it is not one. */
export function parseMemory(text: string): number | undefined {
  const m = MEMORY.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MEMORY_UNITS[m[3] ?? ''];
}

export function resourceRules(spec: ResourceSpec, issues: Issues): void {
  const reqCpu = parseCpu(spec.requests.cpu);
  const limCpu = parseCpu(spec.limits.cpu);
  const reqMem = parseMemory(spec.requests.memory);
  const limMem = parseMemory(spec.limits.memory);
  issues.check(reqCpu !== undefined && reqCpu > 0, 'requests.cpu', spec.requests.cpu, "must be a positive CPU quantity such as '500m' or '2'");
  issues.check(limCpu !== undefined && limCpu > 0, 'limits.cpu', spec.limits.cpu, "must be a positive CPU quantity such as '500m' or '2'");
  checkMemoryQuantity(issues, 'requests.memory', spec.requests.memory);
  checkMemoryQuantity(issues, 'limits.memory', spec.limits.memory);
  if (reqCpu !== undefined && limCpu !== undefined) {
    issues.check(reqCpu <= limCpu, 'requests.cpu', spec.requests.cpu, `must not exceed limits.cpu (${spec.limits.cpu})`);
  }
  if (reqMem !== undefined && limMem !== undefined) {
    issues.check(reqMem <= limMem, 'requests.memory', spec.requests.memory, `must not exceed limits.memory (${spec.limits.memory})`);
  }
  if (spec.gpus !== undefined) {
    issues.check(Number.isInteger(spec.gpus) && spec.gpus >= 0, 'gpus', spec.gpus, 'must be a whole number >= 0');
  }
}
