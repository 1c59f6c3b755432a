import { Issues } from '../../core/validation';

/**
 * Cloud services that platform workloads call without keys (workload identity federation) and that a
 * default-deny namespace must name to reach. Hostnames from research/workload-identity-federation.md.
 */
export type CloudEndpoint =
  /** Google Security Token Service, which exchanges a federated token (sts.googleapis.com). */
  | 'google-sts'
  /** IAM Credentials, which mints service-account access tokens (iamcredentials.googleapis.com). */
  | 'google-iam-credentials'
  /** Cloud Storage JSON/XML API (storage.googleapis.com). */
  | 'gcs'
  /** Entra ID token endpoint used by Azure workload identity (login.microsoftonline.com). */
  | 'entra-login'
  /** Azure Resource Manager (management.azure.com), which `az acr login` asks for the registry before its token exchange. */
  | 'azure-resource-manager'
  /** The GKE metadata server that serves GKE Workload Identity tokens; GKE only. */
  | 'gke-metadata-server'
  /** Artifact Registry Docker endpoint `<region>-docker.pkg.dev`, for pods that call it (image pulls are node traffic). */
  | { readonly service: 'artifact-registry'; readonly region: string }
  /** Azure Key Vault, `<vaultName>.vault.azure.net`. */
  | { readonly service: 'key-vault'; readonly vaultName: string }
  /** An Azure Container Registry's login server, `<registry>.azurecr.io` (token exchange, manifests). */
  | { readonly service: 'container-registry'; readonly registry: string }
  /**
   * Where an Azure Container Registry without dedicated data endpoints redirects layer downloads: its storage,
   * `*.blob.core.windows.net` (learn.microsoft.com/azure/container-registry/container-registry-firewall-access-rules).
   */
  | { readonly service: 'container-registry-storage' };

/** How one endpoint is reached, before the dataplane decides how to express it. */
export interface EndpointDestination {
  /** Short name for messages. */
  readonly label: string;
  /** DNS name, for FQDN rules; `*` stands for one label of a name no config knows (a registry's storage account). */
  readonly fqdn?: string;
  /** Served behind Google's Private Google Access VIPs (`*.googleapis.com`, `*.pkg.dev`). */
  readonly googleApi: boolean;
  /** Fixed link-local addresses and ports, for endpoints that have them. */
  readonly addresses?: readonly { readonly cidr: string; readonly port: number }[];
}

const HTTPS = 443;
export const HTTPS_PORT = HTTPS;

/**
 * Private Google Access VIPs (cloud.google.com/vpc/docs/configure-private-google-access "Domain options").
 * They only work when the VPC's DNS maps `*.googleapis.com` and `*.pkg.dev` to them.
 */
export const GOOGLE_API_VIPS = {
  'private.googleapis.com': '199.36.153.8/30',
  'restricted.googleapis.com': '199.36.153.4/30',
} as const;
export type GoogleApiVip = keyof typeof GOOGLE_API_VIPS;

// Google region names: a continent-area word and a number, e.g. europe-west4, us-central1, me-central2.
const GOOGLE_REGION = /^[a-z]+-[a-z]+[0-9]+$/;
// Artifact Registry multi-regions (cloud.google.com/artifact-registry/docs/repositories/repo-locations).
const GOOGLE_MULTI_REGION = ['us', 'europe', 'asia'];
// Key Vault names: 3-24 characters, letters, digits and hyphens, starting with a letter, ending with a
// letter or digit, no consecutive hyphens (learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates).
const KEY_VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

export function cloudEndpointRules(endpoint: CloudEndpoint, issues: Issues): void {
  if (typeof endpoint === 'string') return;
  switch (endpoint.service) {
    case 'artifact-registry':
      issues.check(GOOGLE_REGION.test(endpoint.region) || GOOGLE_MULTI_REGION.includes(endpoint.region), 'region', endpoint.region,
        'must be a Google Cloud region such as "europe-west4" or a multi-region (us, europe, asia)');
      break;
    case 'key-vault':
      issues.check(KEY_VAULT_NAME.test(endpoint.vaultName), 'vaultName', endpoint.vaultName, 'must be a Key Vault name: 3-24 letters, digits or single hyphens, starting with a letter and ending with a letter or digit');
      break;
    case 'container-registry':
      issues.check(/^[a-zA-Z0-9]{5,50}$/.test(endpoint.registry), 'registry', endpoint.registry, 'must be a container registry name: 5-50 letters or digits');
      break;
    case 'container-registry-storage':
      break;
  }
}

export function destinationOf(endpoint: CloudEndpoint): EndpointDestination {
  if (typeof endpoint !== 'string') {
    switch (endpoint.service) {
      case 'artifact-registry':
        return { label: `artifact-registry (${endpoint.region})`, fqdn: `${endpoint.region}-docker.pkg.dev`, googleApi: true };
      case 'key-vault':
        return { label: `key-vault (${endpoint.vaultName})`, fqdn: `${endpoint.vaultName.toLowerCase()}.vault.azure.net`, googleApi: false };
      case 'container-registry':
        return { label: `container-registry (${endpoint.registry})`, fqdn: `${endpoint.registry.toLowerCase()}.azurecr.io`, googleApi: false };
      case 'container-registry-storage':
        return { label: 'container-registry-storage', fqdn: '*.blob.core.windows.net', googleApi: false };
    }
  }
  switch (endpoint) {
    case 'google-sts':
      return { label: endpoint, fqdn: 'sts.googleapis.com', googleApi: true };
    case 'google-iam-credentials':
      return { label: endpoint, fqdn: 'iamcredentials.googleapis.com', googleApi: true };
    case 'gcs':
      return { label: endpoint, fqdn: 'storage.googleapis.com', googleApi: true };
    case 'entra-login':
      return { label: endpoint, fqdn: 'login.microsoftonline.com', googleApi: false };
    case 'azure-resource-manager':
      return { label: endpoint, fqdn: 'management.azure.com', googleApi: false };
    case 'gke-metadata-server':
      // GKE's network-policy guidance for Workload Identity: the metadata address on 80, and on Dataplane V2
      // 169.254.169.252 on 988 (cloud.google.com/kubernetes-engine/docs/how-to/network-policy; see docs ⚠).
      return {
        label: endpoint,
        googleApi: false,
        addresses: [{ cidr: '169.254.169.254/32', port: 80 }, { cidr: '169.254.169.252/32', port: 988 }],
      };
  }
}
