import { existsSync } from 'fs';
import { join } from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { FORBIDDEN_DATA_SOURCE_TYPES, FORBIDDEN_RESOURCE_TYPES, findForbiddenResources } from '../../lib/core/forbidden-resources';
import { WorkloadIdentityBindings } from '../../lib/terraform/federation/workload-identity-bindings';
import { aksBlobReader, gkeImpersonation, modelReader, secretReader } from './fixtures';

const PROVIDERS: Record<string, string> = { google: 'provider-google', azurerm: 'provider-azurerm', azuread: 'provider-azuread' };

/** `google_storage_hmac_key` -> node_modules/@cdktf/provider-google/lib/storage-hmac-key. */
function bindingFolder(type: string, data: boolean): string {
  const [provider, ...rest] = type.split('_');
  const folder = data ? `data-${type.replace(/_/g, '-')}` : rest.join('-');
  return join(__dirname, '../../node_modules/@cdktf', PROVIDERS[provider], 'lib', folder);
}

describe('forbidden credential resources', () => {
  it('lists only types the pinned providers really have', () => {
    const missing = [
      ...Object.keys(FORBIDDEN_RESOURCE_TYPES).filter((t) => !existsSync(bindingFolder(t, false))),
      ...Object.keys(FORBIDDEN_DATA_SOURCE_TYPES).filter((t) => !existsSync(bindingFolder(t, true))).map((t) => `data.${t}`),
    ];
    expect(missing).toEqual([]);
    expect(Object.keys(FORBIDDEN_RESOURCE_TYPES)).toEqual(expect.arrayContaining(['google_service_account_key', 'azuread_application_password', 'azuread_service_principal_password']));
  });

  it('finds a key-creating resource in a synthesized stack', () => {
    const found = findForbiddenResources({ resource: { google_service_account_key: { leak: {} }, google_service_account: { ok: {} } }, data: { azurerm_key_vault_secret: { read: {} } } });
    expect(found).toEqual([
      { kind: 'resource', type: 'google_service_account_key', name: 'leak', reason: 'a service account key is a long-lived private key' },
      { kind: 'data', type: 'azurerm_key_vault_secret', name: 'read', reason: 'reads a secret value into state' },
    ]);
  });

  it.each([['prod-azure', 'azure'], ['prod-gcp', 'gcp']] as const)('the %s identity stack creates no key, password or secret', (stackName, cloud) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, stackName);
    new WorkloadIdentityBindings(stack, 'identities', { cloud, bindings: [modelReader, secretReader, aksBlobReader, gkeImpersonation] });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource).length).toBeGreaterThan(0);
    expect(findForbiddenResources(json)).toEqual([]);
  });
});
