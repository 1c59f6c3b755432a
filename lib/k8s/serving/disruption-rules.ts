import { Issues } from '../../core/validation';
import { AutoscalingSpec } from './autoscaling';

/** The replica count a disruption budget must stay below: the HPA minimum, or the fixed count. */
export function baselineReplicas(replicas: number, autoscaling?: AutoscalingSpec): number {
  return autoscaling?.minReplicas ?? replicas;
}

/** PodDisruptionBudget rule shared by every Deployment-backed workload. */
export function disruptionRules(replicas: number, autoscaling: AutoscalingSpec | undefined, minAvailable: number | undefined, issues: Issues): void {
  if (minAvailable === undefined) return;
  const baseline = baselineReplicas(replicas, autoscaling);
  const source = autoscaling ? 'autoscaling.minReplicas' : 'replicas';
  issues.check(Number.isInteger(minAvailable) && minAvailable >= 1 && minAvailable < baseline, 'minAvailable', minAvailable,
    `must be a whole number >= 1 and below ${source} (${baseline}), or no pod could ever be evicted and node drains would hang`);
}
