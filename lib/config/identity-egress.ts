import { bindingMechanism, WorkloadIdentityBinding } from '../contract/identity/workload-identity-binding';
import type { CloudEndpoint } from '../k8s/network/cloud-endpoints';

const KEY_VAULT_SCOPE = /\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;

/**
 * The cloud endpoints a bound workload must reach: the token exchange its mechanism uses, then the
 * services its grants name. Derived, so a namespace's egress follows its identities without a second list.
 */
export function cloudEndpointsFor(binding: WorkloadIdentityBinding): CloudEndpoint[] {
  const endpoints: CloudEndpoint[] = [];
  switch (bindingMechanism(binding)) {
    case 'aks-workload-identity':
    case 'gke-to-azure':
      endpoints.push('entra-login');
      break;
    case 'aks-to-google':
      endpoints.push('google-sts');
      if (binding.identity.cloud === 'gcp' && binding.identity.serviceAccountId !== undefined) endpoints.push('google-iam-credentials');
      break;
    case 'gke-direct':
    case 'gke-service-account':
      endpoints.push('gke-metadata-server');
      break;
  }
  if (binding.identity.cloud === 'azure') {
    for (const grant of binding.identity.roleAssignments ?? []) {
      const vault = KEY_VAULT_SCOPE.exec(grant.scope);
      if (vault) endpoints.push({ service: 'key-vault', vaultName: vault[1] });
    }
  } else {
    for (const grant of binding.identity.grants ?? []) {
      if (grant.kind === 'storage-bucket') endpoints.push('gcs');
      if (grant.kind === 'artifact-registry-repository') endpoints.push({ service: 'artifact-registry', region: grant.location });
    }
  }
  return dedupe(endpoints);
}

function dedupe(endpoints: CloudEndpoint[]): CloudEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
