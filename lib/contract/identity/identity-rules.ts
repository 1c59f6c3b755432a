import { Issues } from '../../core/validation';
import { AZURE_TOKEN_EXCHANGE_AUDIENCE } from './identity-names';
import { isUnresolved } from '../../core/unresolved';

// Limits of the two identity systems, each with where it comes from.

/** Pool and provider IDs: "4-32 characters, [a-z0-9-]. The prefix gcp- is reserved" (IAM REST reference, workloadIdentityPools.create / providers.create). */
const POOL_OR_PROVIDER_ID = /^[a-z0-9-]{4,32}$/;
/** "The size of mapped attribute google.subject exceeds the 127 bytes limit" (IAM attribute mapping error; google-github-actions/auth#423). */
export const GOOGLE_SUBJECT_MAX_BYTES = 127;
/** "A maximum of 20 federated identity credentials can be added to an application or user-assigned managed identity" (Microsoft Entra, workload-identity-federation-create-trust). */
export const MAX_FEDERATED_CREDENTIALS_PER_IDENTITY = 20;
/** Federated credential name: ARM's pattern for user-assigned identity credentials (3-120 characters). */
const FEDERATED_CREDENTIAL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$/;
/** Issuer and subject each take at most 600 characters (Microsoft Entra, workload-identity-federation-create-trust). */
const FEDERATED_FIELD_MAX = 600;
/** Allowed audiences of an OIDC provider: at most 10 (google_iam_workload_identity_pool_provider docs). */
const MAX_ALLOWED_AUDIENCES = 10;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// AKS OIDC issuers, as the cluster reports them: regional `https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/`
// and the older `https://oidc.prod-aks.azure.com/<guid>/`. Both end with "/", and Entra matches the issuer
// string exactly, so dropping it fails the exchange (azure-workload-identity troubleshooting, AADSTS70021).
const AKS_ISSUER = /^https:\/\/([a-z0-9]+\.oic\.prod-aks\.azure\.com\/[0-9a-f-]{36}\/[0-9a-f-]{36}|oidc\.prod-aks\.azure\.com\/[0-9a-f-]{36})\/$/;
const GKE_ISSUER = /^https:\/\/container\.googleapis\.com\/v1\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/clusters\/[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENTRA_V2_ISSUER = /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/;

/** Which issuer a URL claims to be; each has its own exact form. */
export type IssuerKind = 'aks' | 'gke' | 'entra-v2';

const ISSUER_FORMS: Record<IssuerKind, { readonly pattern: RegExp; readonly rule: string }> = {
  aks: { pattern: AKS_ISSUER, rule: 'must be the AKS OIDC issuer exactly as the cluster reports it, https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/ with the trailing "/" (Entra and Google compare it with the token\'s iss byte for byte)' },
  gke: { pattern: GKE_ISSUER, rule: 'must be https://container.googleapis.com/v1/projects/<project-id>/locations/<location>/clusters/<name> with no trailing "/" (the GKE token\'s iss)' },
  'entra-v2': { pattern: ENTRA_V2_ISSUER, rule: 'must be https://login.microsoftonline.com/<tenant-guid>/v2.0 with no trailing "/" (the iss of Entra ID v2.0 tokens)' },
};

/** Checks a workload identity pool or provider ID. */
export function poolOrProviderIdRules(issues: Issues, field: string, id: string): void {
  if (isUnresolved(id)) return;
  issues.check(POOL_OR_PROVIDER_ID.test(id), field, id, 'must be 4-32 characters of lowercase letters, digits or "-" (Google IAM workload identity pool/provider IDs)');
  issues.check(!id.startsWith('gcp-'), field, id, 'must not start with "gcp-", which Google reserves');
}

/** Checks an issuer URL against the exact form its cloud emits. */
export function issuerUrlRules(issues: Issues, field: string, kind: IssuerKind, url: string): void {
  if (isUnresolved(url)) return;
  const form = ISSUER_FORMS[kind];
  issues.check(form.pattern.test(url), field, url, form.rule);
}

/** Checks that a mapped `google.subject` fits Google's byte limit. */
export function googleSubjectRules(issues: Issues, field: string, subject: string): void {
  if (isUnresolved(subject)) return;
  const bytes = Buffer.byteLength(subject, 'utf8');
  issues.check(bytes <= GOOGLE_SUBJECT_MAX_BYTES, field, subject, `maps to a google.subject of ${bytes} bytes; Google IAM rejects more than ${GOOGLE_SUBJECT_MAX_BYTES} (shorten the namespace or ServiceAccount name)`);
}

/** Checks a tenant ID: Entra tenants are GUIDs, and issuers and conditions are built from them. */
export function tenantIdRules(issues: Issues, field: string, tenantId: string): void {
  if (isUnresolved(tenantId)) return;
  issues.check(GUID.test(tenantId), field, tenantId, 'must be the Entra tenant ID, a GUID');
}

/** One federated identity credential on a managed identity, as the rules see it. */
export interface FederatedCredentialFacts {
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
}

/** Checks the credentials of one managed identity: count, names, lengths, uniqueness and audience. */
export function federatedCredentialRules(credentials: readonly FederatedCredentialFacts[], issues: Issues): void {
  issues.check(credentials.length <= MAX_FEDERATED_CREDENTIALS_PER_IDENTITY, 'federatedCredentials', credentials.map((c) => c.name),
    `has ${credentials.length} credentials; a managed identity holds at most ${MAX_FEDERATED_CREDENTIALS_PER_IDENTITY} (use another identity)`);
  const seenNames = new Set<string>();
  const seenPairs = new Set<string>();
  credentials.forEach((credential, i) => {
    const at = issues.at('federatedCredentials').at(i);
    if (!isUnresolved(credential.name)) {
      at.check(FEDERATED_CREDENTIAL_NAME.test(credential.name), 'name', credential.name, 'must be 3-120 characters of letters, digits, "-" or "_", starting with a letter or digit (Azure federated credential names)');
      at.check(!seenNames.has(credential.name), 'name', credential.name, 'must be unique on the identity');
      seenNames.add(credential.name);
    }
    for (const key of ['issuer', 'subject'] as const) {
      const value = credential[key];
      if (!isUnresolved(value)) at.check(value.length > 0 && value.length <= FEDERATED_FIELD_MAX, key, value, `must be 1-${FEDERATED_FIELD_MAX} characters`);
    }
    if (!isUnresolved(credential.issuer) && !isUnresolved(credential.subject)) {
      const pair = `${credential.issuer} ${credential.subject}`;
      at.check(!seenPairs.has(pair), 'subject', credential.subject, `issuer + subject must be unique on the identity (already trusted for ${credential.issuer})`);
      seenPairs.add(pair);
    }
    at.check(credential.audience === AZURE_TOKEN_EXCHANGE_AUDIENCE, 'audience', credential.audience,
      `must be ${AZURE_TOKEN_EXCHANGE_AUDIENCE}; a token minted for Entra must not also be accepted by Google, and the reverse`);
  });
}

/** Checks a Google provider's allowed audiences: present, few, and never Entra's exchange audience. */
export function allowedAudienceRules(issues: Issues, field: string, audiences: readonly string[]): void {
  issues.check(audiences.length >= 1 && audiences.length <= MAX_ALLOWED_AUDIENCES, field, audiences, `must list 1-${MAX_ALLOWED_AUDIENCES} audiences`);
  audiences.forEach((audience, i) => {
    issues.check(audience !== AZURE_TOKEN_EXCHANGE_AUDIENCE, `${field}[${i}]`, audience,
      `must not be ${AZURE_TOKEN_EXCHANGE_AUDIENCE}: that audience belongs to Entra ID, and a token both clouds accept can be replayed against either`);
  });
}

/** Checks that an attribute condition restricts something. An empty condition admits every token of the issuer. */
export function attributeConditionRules(issues: Issues, field: string, condition: string): void {
  if (isUnresolved(condition)) return;
  issues.check(condition.trim().length > 0, field, condition, 'must not be empty: without a condition every token from the issuer is accepted');
  issues.check(condition.length <= 4096, field, condition.length, 'must be at most 4096 characters (google_iam_workload_identity_pool_provider)');
}
