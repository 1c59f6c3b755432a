import { Issues } from '../../../core/validation';
import { isUnresolved } from '../../../core/unresolved';
import { checkComputeName } from '../../../contract/azure-ml/azure-ml-names';
import { azureMlInstanceTypeRules } from '../../../contract/azure-ml/instance-types';
import { isDnsLabel } from '../../../contract/kubernetes-names';
import { azureMlPlacementRules } from './azure-ml-instance-placement';
import type { AzureMlKubernetesComputeProps } from './azure-ml-kubernetes-compute';

/**
 * The Trusted Access role that lets a workspace reach an AKS cluster whose local accounts are off
 * (Azure/AML-Kubernetes docs/azureml-aks-ta-support.md; azurerm's acceptance test uses the same role).
 */
export const AZURE_ML_TRUSTED_ACCESS_ROLE = 'Microsoft.MachineLearningServices/workspaces/mlworkload';

const BINDING_NAME = /^[a-zA-Z0-9-]{1,24}$/;

/** What the compute rules read: everything but the references that exist only inside a stack. */
export type AzureMlKubernetesComputeRuleInput = Omit<AzureMlKubernetesComputeProps, 'workspace' | 'clusterId' | 'extension' | 'location' | 'resourceGroupName'>;

export function azureMlKubernetesComputeRules(props: AzureMlKubernetesComputeRuleInput, issues: Issues): void {
  checkComputeName(issues, 'name', props.name);
  issues.check(isDnsLabel(props.namespace), 'namespace', props.namespace, 'must be an RFC 1123 label (a Kubernetes namespace name)');
  issues.check(props.namespace !== 'azureml', 'namespace', props.namespace, 'must not be the extension\'s own namespace "azureml"; give each compute a namespace of its own');
  azureMlInstanceTypeRules(props.instanceTypes, issues.at('instanceTypes'));
  azureMlPlacementRules(props.instanceTypes, props.pools, issues.at('instanceTypes'));
  const localAccountsDisabled = props.clusterLocalAccountsDisabled ?? true;
  const trustedAccess = props.trustedAccess ?? true;
  issues.check(!localAccountsDisabled || trustedAccess || props.sharedTrustedAccessBinding !== undefined, 'trustedAccess', trustedAccess,
    'the cluster has local accounts disabled, which Azure ML supports only through an AKS Trusted Access binding (role ' +
    `${AZURE_ML_TRUSTED_ACCESS_ROLE}); keep trustedAccess on, or pass the binding another compute of the same cluster created as sharedTrustedAccessBinding`);
  const bindingName = props.trustedAccessBindingName ?? defaultBindingName(props.name);
  if (trustedAccess && !isUnresolved(bindingName)) {
    issues.check(BINDING_NAME.test(bindingName), 'trustedAccessBindingName', bindingName, 'a Trusted Access role binding name must be 1-24 letters, digits or "-"');
  }
}

/** Trusted Access binding names are at most 24 characters. */
export function defaultBindingName(computeName: string): string {
  return `aml-${computeName}`.slice(0, 24);
}
