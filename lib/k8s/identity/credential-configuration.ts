import { GOOGLE_STS_TOKEN_INFO_URL, GOOGLE_STS_TOKEN_URL, JWT_TOKEN_TYPE, serviceAccountImpersonationUrl, stsAudience } from '../../contract/identity/identity-names';

/**
 * Google "external_account" credential configuration (google.aip.dev/auth/4117), the file
 * GOOGLE_APPLICATION_CREDENTIALS points at. It names where to read a token and whom to ask for an exchange;
 * it holds no secret, so it lives in a ConfigMap.
 */
export interface ExternalAccountCredentialConfiguration {
  readonly type: 'external_account';
  readonly audience: string;
  readonly subject_token_type: string;
  readonly token_url: string;
  readonly credential_source: { readonly file: string; readonly format: { readonly type: 'text' } };
  readonly service_account_impersonation_url?: string;
  readonly token_info_url?: string;
}

export interface FileCredentialSourceOptions {
  /** Provider full name, `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`. */
  readonly providerName: string;
  /** Path of the projected ServiceAccount token inside the container. */
  readonly tokenFile: string;
  /** Service account to impersonate. @default none: the federated principal calls Google directly */
  readonly serviceAccountEmail?: string;
}

/** The configuration gcloud writes with `--credential-source-file <token> --credential-source-type text`. */
export function fileSourcedCredentialConfiguration(options: FileCredentialSourceOptions): ExternalAccountCredentialConfiguration {
  return {
    type: 'external_account',
    audience: stsAudience(options.providerName),
    subject_token_type: JWT_TOKEN_TYPE,
    token_url: GOOGLE_STS_TOKEN_URL,
    credential_source: { file: options.tokenFile, format: { type: 'text' } },
    ...(options.serviceAccountEmail !== undefined
      ? { service_account_impersonation_url: serviceAccountImpersonationUrl(options.serviceAccountEmail) }
      : { token_info_url: GOOGLE_STS_TOKEN_INFO_URL }),
  };
}
