/**
 * Terraform resource and data source types that create, import or read a long-lived credential (a key,
 * password, client secret, token or secret value), which would then sit in Terraform state or input.
 * The platform authenticates with workload identity federation only, so none of these may appear in a
 * synthesized stack. Enumerated from the lib/ folders of @cdktf/provider-azurerm 14.23.1,
 * @cdktf/provider-google 16.12.1 and @cdktf/provider-azuread 14.3.1 (names with key, password, secret,
 * token or credential in them), keeping those that hold a credential rather than merely describe one
 * (Key Vault keys, public SSH keys and federated identity credentials stay allowed).
 */
export const FORBIDDEN_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  // Google
  google_service_account_key: 'a service account key is a long-lived private key',
  google_apikeys_key: 'an API key is a bearer secret',
  google_storage_hmac_key: 'an HMAC key has a secret',
  google_iam_oauth_client_credential: 'an OAuth client credential has a client secret',
  google_secret_manager_secret_version: 'the secret value would be a Terraform input and sit in state',
  google_secret_manager_regional_secret_version: 'the secret value would be a Terraform input and sit in state',
  google_kms_secret_ciphertext: 'the plaintext is a Terraform input',
  google_public_ca_external_account_key: 'the external account key has a MAC key',
  google_compute_backend_bucket_signed_url_key: 'the signing key value is a Terraform input',
  google_compute_backend_service_signed_url_key: 'the signing key value is a Terraform input',
  google_firebase_app_check_debug_token: 'a debug token is a bearer secret',
  google_composer_user_workloads_secret: 'the secret data is a Terraform input',
  // Azure (azurerm)
  azurerm_key_vault_secret: 'the secret value would be a Terraform input and sit in state',
  azurerm_container_registry_token_password: 'creates a registry password',
  azurerm_application_insights_api_key: 'creates an API key',
  azurerm_nginx_api_key: 'the API key is a Terraform input',
  azurerm_source_control_token: 'the token is a Terraform input',
  azurerm_app_service_source_control_token: 'the token is a Terraform input',
  azurerm_managed_disk_sas_token: 'creates a SAS URL, a bearer secret',
  azurerm_key_vault_managed_storage_account_sas_token_definition: 'defines SAS tokens, bearer secrets',
  azurerm_automation_credential: 'stores a password',
  azurerm_mssql_job_credential: 'stores a password',
  // Entra ID (azuread)
  azuread_application_password: 'creates a client secret',
  azuread_service_principal_password: 'creates a client secret',
  azuread_application_certificate: 'adds a long-lived certificate credential to an application',
  azuread_service_principal_certificate: 'adds a long-lived certificate credential to a service principal',
  azuread_synchronization_secret: 'stores synchronization secrets',
};

/** Data sources that read a credential or secret into Terraform state. */
export const FORBIDDEN_DATA_SOURCE_TYPES: Readonly<Record<string, string>> = {
  google_service_account_key: 'reads a service account key',
  google_service_account_access_token: 'mints an access token into state',
  google_service_account_id_token: 'mints an ID token into state',
  google_secret_manager_secret_version: 'reads a secret value into state',
  google_secret_manager_secret_version_access: 'reads a secret value into state',
  google_secret_manager_regional_secret_version: 'reads a secret value into state',
  google_secret_manager_regional_secret_version_access: 'reads a secret value into state',
  google_kms_secret: 'decrypts a secret into state',
  azurerm_key_vault_secret: 'reads a secret value into state',
  azurerm_key_vault_secrets: 'lists secrets for reading',
  azurerm_storage_account_sas: 'creates a SAS token in state',
  azurerm_storage_account_blob_container_sas: 'creates a SAS token in state',
  azurerm_function_app_host_keys: 'reads function keys into state',
};

/** One forbidden block found in a synthesized stack. */
export interface ForbiddenResource {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly reason: string;
}

/** Scans a synthesized Terraform JSON stack (cdk.tf.json) for forbidden resource and data source types. */
export function findForbiddenResources(stack: { readonly resource?: Record<string, unknown>; readonly data?: Record<string, unknown> }): ForbiddenResource[] {
  const found: ForbiddenResource[] = [];
  const scan = (kind: 'resource' | 'data', blocks: Record<string, unknown> | undefined, forbidden: Readonly<Record<string, string>>): void => {
    for (const type of Object.keys(blocks ?? {}).sort()) {
      const reason = forbidden[type];
      if (reason === undefined) continue;
      for (const name of Object.keys((blocks![type] ?? {}) as Record<string, unknown>).sort()) found.push({ kind, type, name, reason });
    }
  };
  scan('resource', stack.resource, FORBIDDEN_RESOURCE_TYPES);
  scan('data', stack.data, FORBIDDEN_DATA_SOURCE_TYPES);
  return found;
}
