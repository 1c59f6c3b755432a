import { Issues, rulesAsConfig } from '../core/validation';
import { capabilitiesOf } from '../k8s/network/dataplane-capabilities';
import { clusterTargets } from './cluster-targets';
import { EnvironmentConfig } from './environment';
import { environmentBindings } from './environment-bindings';
import { cloudEndpointsFor } from './identity-egress';
import { cloudEgressRules } from '../k8s/network/cloud-egress-rules';

/**
 * Each bound workload's cloud egress, checked against what its cluster's dataplane can enforce, as the serving chart
 * will request it (CloudEgressPolicy): a refusal names `<cloud>.kubernetes.egress`, the field that fixes it.
 */
export function environmentEgressRules(env: EnvironmentConfig, issues: Issues): void {
  const bindings = environmentBindings(env);
  for (const target of clusterTargets(env)) {
    const egress = target.kubernetes.egress ?? {};
    for (const binding of bindings.filter((b) => b.workload.cluster.cloud === target.cloud)) {
      const props = { namespace: binding.workload.namespace, endpoints: cloudEndpointsFor(binding), googleApiVip: egress.googleApiVip, allowUnfilteredHttps: egress.allowUnfilteredHttps };
      rulesAsConfig((p: typeof props, at: Issues) => cloudEgressRules(p, capabilitiesOf(target), at), props, issues, (field) =>
        (/^endpoints\[\d+\]$/.test(field) || field === 'googleApiVip' ? `${target.cloud}.kubernetes.egress` : undefined));
    }
  }
}
