import { Issues } from '../../core/validation';

/** Horizontal autoscaling of one Deployment (autoscaling/v2). At least one metric is required. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * Average CPU utilization (percent of the request) to hold.
   * @default 70, unless only a requests-per-second target is given
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Average requests per second per pod to hold, read from a Pods metric served by a custom-metrics adapter
   * (prometheus-adapter over Linkerd's `response_total`, or the managed Prometheus adapters).
   * @default no request-rate metric
   */
  readonly targetRequestsPerSecondPerPod?: number;
  /** Name of that Pods metric in the custom metrics API. @default 'requests_per_second' */
  readonly requestsPerSecondMetric?: string;
}

/** The CPU utilization target when a spec names no metric. */
export const DEFAULT_CPU_TARGET = 70;

export function autoscalingRules(spec: AutoscalingSpec, issues: Issues): void {
  const minOk = issues.check(Number.isInteger(spec.minReplicas) && spec.minReplicas >= 1, 'minReplicas', spec.minReplicas, 'must be a whole number >= 1');
  issues.check(Number.isInteger(spec.maxReplicas) && spec.maxReplicas >= 1, 'maxReplicas', spec.maxReplicas, 'must be a whole number >= 1');
  if (minOk) issues.check(spec.maxReplicas >= spec.minReplicas, 'maxReplicas', spec.maxReplicas, `must be >= minReplicas (${spec.minReplicas})`);
  const cpu = spec.targetCpuUtilizationPercent;
  if (cpu !== undefined) issues.check(Number.isInteger(cpu) && cpu >= 1 && cpu <= 100, 'targetCpuUtilizationPercent', cpu, 'must be a whole percentage 1-100 of the CPU request');
  const rps = spec.targetRequestsPerSecondPerPod;
  if (rps !== undefined) issues.check(Number.isFinite(rps) && rps > 0, 'targetRequestsPerSecondPerPod', rps, 'must be a positive number');
}
