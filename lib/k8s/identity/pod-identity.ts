import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/**
 * What cloud identities add to a workload's pod spec. Workload constructs merge it: annotations into their
 * ServiceAccount, labels into the pod template, volumes into the pod, mounts and env into each container
 * that calls the cloud. Structurally the same as `WorkloadIdentityBinding` in lib/k8s/serving.
 */
export interface PodIdentity {
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  readonly env: readonly k8s.EnvVar[];
}

/** Well-known names of the Azure workload identity webhook (azure-workload-identity docs, "Service account labels and annotations"). */
export const AZURE_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
export const AZURE_TENANT_ID_ANNOTATION = 'azure.workload.identity/tenant-id';
/** Since webhook v1.0 the webhook mutates only pods carrying this label. */
export const AZURE_USE_LABEL = 'azure.workload.identity/use';
/** GKE: the Google service account a Kubernetes ServiceAccount impersonates. */
export const GKE_SERVICE_ACCOUNT_ANNOTATION = 'iam.gke.io/gcp-service-account';

/** Where the hand-wired tokens and files live in the container (read-only mounts). */
export const GOOGLE_TOKEN_DIR = '/var/run/secrets/google/tokens';
export const GOOGLE_CREDENTIALS_DIR = '/etc/google/credential-configuration';
export const GOOGLE_CREDENTIALS_FILE = 'credential-configuration.json';
/** The path the AKS webhook used before v1.6; GKE pods get it by hand and read it through AZURE_FEDERATED_TOKEN_FILE. */
export const AZURE_TOKEN_DIR = '/var/run/secrets/azure/tokens';
export const AZURE_TOKEN_FILE = 'azure-identity-token';

/** Merges identities; later values win on equal keys (the rules forbid two identities of one cloud anyway). */
export function mergePodIdentities(parts: readonly PodIdentity[]): PodIdentity {
  return {
    serviceAccountAnnotations: Object.assign({}, ...parts.map((p) => p.serviceAccountAnnotations)),
    podLabels: Object.assign({}, ...parts.map((p) => p.podLabels)),
    podAnnotations: Object.assign({}, ...parts.map((p) => p.podAnnotations)),
    volumes: parts.flatMap((p) => p.volumes),
    volumeMounts: parts.flatMap((p) => p.volumeMounts),
    env: parts.flatMap((p) => p.env),
  };
}

export const NO_POD_IDENTITY: PodIdentity = { serviceAccountAnnotations: {}, podLabels: {}, podAnnotations: {}, volumes: [], volumeMounts: [], env: [] };
