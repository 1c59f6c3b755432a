import { Issues } from '../../../core/validation';
import { isUnresolved } from '../../../core/unresolved';
import { azureMlDependencyNames, checkWorkspaceName } from '../../../contract/azure-ml/azure-ml-names';
import type { AzureMlWorkspaceProps } from './azure-ml-workspace';

const STORAGE_NAME = /^[a-z0-9]{3,24}$/;
const KEY_VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;

export function azureMlWorkspaceRules(props: AzureMlWorkspaceProps, issues: Issues): void {
  checkWorkspaceName(issues, 'name', props.name);
  if (props.production) {
    issues.check(!props.publicNetworkAccess, 'publicNetworkAccess', props.publicNetworkAccess,
      'a production workspace and its storage, Key Vault and registry are reached through private endpoints, not from the internet: set publicNetworkAccess: false with a private network');
  }
  issues.check(props.publicNetworkAccess || props.privateNetwork !== undefined, 'privateNetwork', props.privateNetwork,
    'is required when publicNetworkAccess is false: without private endpoints and DNS in the cluster\'s network, the extension, the compute identities and the publisher cannot reach the workspace, its storage, Key Vault or registry');
  issues.check(!props.publicNetworkAccess || props.privateNetwork === undefined, 'privateNetwork', props.privateNetwork,
    'only applies when publicNetworkAccess is false');
  if (isUnresolved(props.name)) return;
  const names = azureMlDependencyNames(props);
  issues.check(STORAGE_NAME.test(names.storageAccount), 'dependencyNames.storageAccount', names.storageAccount, 'a storage account name must be 3-24 lowercase letters or digits');
  issues.check(KEY_VAULT_NAME.test(names.keyVault), 'dependencyNames.keyVault', names.keyVault, 'a Key Vault name must be 3-24 letters, digits or single "-", starting with a letter and ending with a letter or digit');
  issues.check(REGISTRY_NAME.test(names.containerRegistry), 'dependencyNames.containerRegistry', names.containerRegistry, 'a container registry name must be 5-50 letters or digits');
}
