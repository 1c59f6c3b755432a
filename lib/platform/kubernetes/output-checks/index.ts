import { Issues, PlatformValidationError } from '../../../core/validation';
import { ClusterOutput } from '../cluster-output';
import { ClusterOutputCheck } from './cluster-output-check';
import { controllerOwnedReplicas } from './controller-owned-replicas';
import { gpuCapacity } from './gpu-capacity';
import { podSecurityStated } from './pod-security-stated';
import { installedApiGroups } from './installed-api-groups';
import { forbiddenFlowsDenied } from './forbidden-flows';
import { requiredFlowsAllowed } from './required-flows';
import { uniqueObjects } from './unique-objects';

export type { ClusterOutputCheck } from './cluster-output-check';

/** Every rule a cluster folder must pass before it is written. */
export const CLUSTER_OUTPUT_CHECKS: readonly ClusterOutputCheck[] = [
  uniqueObjects, installedApiGroups, podSecurityStated, controllerOwnedReplicas, gpuCapacity, requiredFlowsAllowed, forbiddenFlowsDenied,
];

/** Runs every check; throws one PlatformValidationError naming the environment, the cluster and each problem. */
export function checkClusterOutput(output: ClusterOutput, checks: readonly ClusterOutputCheck[] = CLUSTER_OUTPUT_CHECKS): void {
  const issues = new Issues();
  for (const check of checks) check(output, issues);
  if (issues.all.length > 0) {
    throw new PlatformValidationError(`environment ${output.target.environment.name}, cluster ${output.target.clusterName}`, issues.all);
  }
}
