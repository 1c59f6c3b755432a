/**
 * Identity strings both clouds agree on, derived rather than asked for. Every function here is pure and
 * works on cdktf tokens too (it only concatenates), so the Terraform side and the Kubernetes side
 * build the same string from the same inputs.
 */

/** The audience Entra ID accepts on a federated token ("Workload identity federation", Microsoft Entra docs). */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** Google Security Token Service endpoint (external_account credential files, google.aip.dev/auth/4117). */
export const GOOGLE_STS_TOKEN_URL = 'https://sts.googleapis.com/v1/token';
/** Introspection endpoint gcloud writes when no service account is impersonated. */
export const GOOGLE_STS_TOKEN_INFO_URL = 'https://sts.googleapis.com/v1/introspect';
/** RFC 8693 token type of a Kubernetes or Entra JWT. */
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** Public-cloud authority host, the default of Azure Identity libraries. */
export const AZURE_PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com/';

/** The `sub` claim of a projected ServiceAccount token. */
export function kubernetesSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** GKE's per-project workload identity pool (Workload Identity Federation for GKE). */
export function gkeWorkloadPool(projectId: string): string {
  return `${projectId}.svc.id.goog`;
}

/**
 * A GKE cluster's OIDC issuer. It names the project ID and uses `/locations/` even for zonal clusters,
 * with no trailing slash, exactly as the token's `iss` (GKE REST reference, `projects.locations.clusters
 * .well-known/getOpenid-configuration`). `google_container_cluster.self_link` uses `/zones/` for zonal
 * clusters, so it is not used here.
 */
export function gkeIssuerUrl(projectId: string, location: string, clusterName: string): string {
  return `https://container.googleapis.com/v1/projects/${projectId}/locations/${location}/clusters/${clusterName}`;
}

/**
 * A tenant ID as Entra writes it into tokens (`iss`, `tid`) and AKS into its issuer URL: lowercase. A config may give
 * the GUID in any case (Entra and ARM accept both), but issuers and conditions are compared byte for byte.
 */
export function canonicalTenantId(tenantId: string): string {
  return tenantId.toLowerCase();
}

/** Entra ID v2.0 issuer (Microsoft identity platform access-token claims reference: `iss`, no trailing slash). */
export function entraV2IssuerUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${canonicalTenantId(tenantId)}/v2.0`;
}

/** `<account>@<project>.iam.gserviceaccount.com`, the email of a user-managed Google service account. */
export function googleServiceAccountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** Full resource name of a workload identity pool; IAM principals require the project number. */
export function workloadIdentityPoolName(projectNumber: string, poolId: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}`;
}

/** Full resource name of a pool provider. */
export function workloadIdentityProviderName(poolName: string, providerId: string): string {
  return `${poolName}/providers/${providerId}`;
}

/** The STS `audience` of an external_account credential file: the provider name without scheme. */
export function stsAudience(providerName: string): string {
  return `//iam.googleapis.com/${providerName}`;
}

/**
 * The `aud` a Kubernetes token must carry for a provider with no explicit allowed audiences ("Configure
 * Workload Identity Federation with Kubernetes"); the library also sets it as the allowed audience.
 */
export function providerTokenAudience(providerName: string): string {
  return `https://iam.googleapis.com/${providerName}`;
}

/** One federated identity in a pool: `principal://iam.googleapis.com/<pool name>/subject/<google.subject>`. */
export function poolSubjectPrincipal(poolName: string, subject: string): string {
  return `principal://iam.googleapis.com/${poolName}/subject/${subject}`;
}

/** A GKE ServiceAccount as a direct IAM principal (no Google service account in between). */
export function gkeDirectPrincipal(projectNumber: string, projectId: string, namespace: string, serviceAccount: string): string {
  return poolSubjectPrincipal(workloadIdentityPoolName(projectNumber, gkeWorkloadPool(projectId)), `ns/${namespace}/sa/${serviceAccount}`);
}

/** The member that may impersonate a Google service account from a GKE ServiceAccount. */
export function gkeServiceAccountMember(projectId: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${gkeWorkloadPool(projectId)}[${namespace}/${serviceAccount}]`;
}

/** IAM Credentials endpoint that turns a federated token into a service account's access token. */
export function serviceAccountImpersonationUrl(email: string): string {
  return `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${email}:generateAccessToken`;
}

/** A Terraform output name from a binding name: `model-reader` + `client_id` -> `model_reader_client_id`. */
export function bindingOutputName(bindingName: string, value: string): string {
  return `${bindingName.replace(/-/g, '_')}_${value}`;
}
