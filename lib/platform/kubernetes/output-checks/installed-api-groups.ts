import { BUILT_IN_API_GROUPS, clusterInstallPlan, installersOf, plannedApiGroups } from '../../../config/cluster-install-plan';
import { Issues } from '../../../core/validation';
import { apiGroup, ClusterOutput, objectRef } from '../cluster-output';

/**
 * Every object's API group is built into Kubernetes or installed on the cluster by its environment's Terraform
 * (the cluster's install plan, lib/config/cluster-install-plan.ts): a Helm release or a managed feature. Otherwise
 * `kubectl apply` (or Flux) stops at "no matches for kind", after applying whatever came before it.
 */
export function installedApiGroups(output: ClusterOutput, issues: Issues): void {
  const installed = plannedApiGroups(clusterInstallPlan(output.target));
  const reported = new Set<string>();
  for (const { file, objects } of output.files) {
    for (const object of objects) {
      const group = apiGroup(object);
      if (BUILT_IN_API_GROUPS.has(group) || installed.has(group)) continue;
      const ref = objectRef(object);
      // One issue per group and file is enough to act on.
      if (reported.has(`${file}|${group}`)) continue;
      reported.add(`${file}|${group}`);
      const installers = installersOf(group);
      const how = installers.length > 0 ? `it would be installed by ${installers.join(', or ')}` : 'no component of the platform installs it';
      issues.add('', `${file}: ${ref}`, `uses API group ${group}, which nothing installs on ${output.target.cloud === 'azure' ? 'this AKS' : 'this GKE'} cluster; ${how}`);
    }
  }
}
