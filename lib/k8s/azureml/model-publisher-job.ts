import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { checkPinnedImage } from '../serving/image';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { CloudEndpoint } from '../network/cloud-endpoints';
import { fileSourcedCredentialConfiguration } from '../identity/credential-configuration';

/** Where the first step writes the Entra access token that Google's STS exchanges (the credential file's source). */
const ENTRA_TOKEN_FILE = '/tokens/entra';

/** Images of the three steps; each must be pinned. Defaults are tags current at writing; pin digests in production. */
export interface ModelPublisherImages {
  /** @default 'mcr.microsoft.com/azure-cli:2.67.0' */
  readonly azureCli?: string;
  /** @default 'gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim' */
  readonly googleCloudCli?: string;
  /**
   * crane with a shell: a debug variant, whose shell is `/busybox/sh` (distroless `base:debug`, the base of
   * go-containerregistry's debug images, .ko/debug/.ko.yaml). @default 'gcr.io/go-containerregistry/crane/debug:v0.20.2'
   */
  readonly crane?: string;
}

export interface ModelPublisherJobProps {
  /** Namespace of the Job; not an Azure ML namespace (Azure ML's pods and this Job do not share one). */
  readonly namespace: string;
  /** @default 'model-publisher' */
  readonly name?: string;
  /** @default 'model-publisher' — the only ServiceAccount the publisher identity trusts (AzureMlPipelineIdentities) */
  readonly serviceAccountName?: string;
  /** Client ID of the publisher identity (a deploy output). */
  readonly identityClientId: string;
  /** `api://<client id>` of the Entra application Google trusts (a deploy output). */
  readonly appIdUri: string;
  /** Full name of the pool provider that trusts Entra: `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`. */
  readonly googleProviderName: string;
  /** Workspace registry name (`<name>.azurecr.io`). */
  readonly sourceRegistry: string;
  /** Image to copy, repository and pinned tag or digest, for example `azureml/fraud-model:3`. */
  readonly sourceImage: string;
  /** Artifact Registry repository: `<location>-docker.pkg.dev/<project>/<repository>`. */
  readonly targetRepository: string;
  /** @default the pinned defaults of ModelPublisherImages */
  readonly images?: ModelPublisherImages;
}

const TARGET_REPOSITORY = /^[a-z0-9-]+-docker\.pkg\.dev\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/[a-z][a-z0-9-]{0,62}$/;
const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;

// The debug images are built on distroless base:debug (go-containerregistry .ko/debug/.ko.yaml), whose busybox lives
// in /busybox with no /bin/sh (distroless static/static.bzl "A static debug image with busybox"; the crane README runs
// it with --entrypoint /busybox/sh).
const CRANE_SHELL = '/busybox/sh';
const POSIX_SHELL = '/bin/sh';

const DEFAULT_IMAGES: Required<ModelPublisherImages> = {
  azureCli: 'mcr.microsoft.com/azure-cli:2.67.0',
  googleCloudCli: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim',
  crane: 'gcr.io/go-containerregistry/crane/debug:v0.20.2',
};

export function modelPublisherJobRules(props: ModelPublisherJobProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  checkDnsLabel(issues, 'name', props.name ?? 'model-publisher');
  checkDnsLabel(issues, 'serviceAccountName', props.serviceAccountName ?? 'model-publisher');
  issues.check(REGISTRY_NAME.test(props.sourceRegistry), 'sourceRegistry', props.sourceRegistry, 'must be the registry name (5-50 letters or digits), without .azurecr.io');
  issues.check(/^[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/.test(props.sourceImage) && !props.sourceImage.endsWith(':latest'),
    'sourceImage', props.sourceImage, 'must be a repository with a pinned tag (not latest) or digest, without the registry host');
  issues.check(TARGET_REPOSITORY.test(props.targetRepository), 'targetRepository', props.targetRepository, 'must be an Artifact Registry Docker repository: <location>-docker.pkg.dev/<project>/<repository>');
  const images = { ...DEFAULT_IMAGES, ...(props.images ?? {}) };
  for (const [key, image] of Object.entries(images)) checkPinnedImage(issues, `images.${key}`, image);
  issues.check(/(^|[/:])debug([/:@-]|$)/.test(images.crane), 'images.crane', images.crane,
    `must be a debug variant of crane (for example ${DEFAULT_IMAGES.crane}): the copy step runs its script with ${CRANE_SHELL}, which only the debug images ship`);
}

/** One cloud call of the publisher, and whose credential makes it: the Azure identity, or its token exchanged at Google. */
export interface ModelPublisherCall {
  readonly endpoint: CloudEndpoint;
  readonly credential: 'azure' | 'google';
}

/** The Job's pod labels; its network policy and the flow model select on them. */
export function modelPublisherLabels(name = 'model-publisher'): Readonly<Record<string, string>> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'model-publisher' };
}

/**
 * Every cloud endpoint the Job's steps call, derived from what they run, so its egress (and the flow model's required
 * flows) follow the script:
 * - `az login` with the federated token, `az account get-access-token`: Entra ID;
 * - `az acr login --expose-token`: Azure Resource Manager first (azure-cli acr/_docker_utils.py `_get_credentials` looks
 *   the registry up with `get_registry_by_name`), then the registry's login server (`/v2/`, `/oauth2/exchange`);
 * - `crane copy` from ACR: manifests from the login server, layers from the registry's storage, where ACR redirects
 *   downloads when dedicated data endpoints are off (container-registry-firewall-access-rules);
 * - `gcloud auth login --cred-file`: Google STS (the external-account file's `token_url`);
 * - `crane copy` to Artifact Registry: `<location>-docker.pkg.dev`.
 */
export function modelPublisherCalls(props: Pick<ModelPublisherJobProps, 'sourceRegistry' | 'targetRepository'>): ModelPublisherCall[] {
  const location = props.targetRepository.split('/')[0].replace(/-docker\.pkg\.dev$/, '');
  return [
    { endpoint: 'entra-login', credential: 'azure' },
    { endpoint: 'azure-resource-manager', credential: 'azure' },
    { endpoint: { service: 'container-registry', registry: props.sourceRegistry }, credential: 'azure' },
    { endpoint: { service: 'container-registry-storage' }, credential: 'azure' },
    { endpoint: 'google-sts', credential: 'google' },
    { endpoint: { service: 'artifact-registry', region: location }, credential: 'google' },
  ];
}

/**
 * A Job that copies one registered model image from the workspace registry (ACR) to Artifact Registry, with
 * short-lived credentials on both sides and no secret anywhere:
 * 1. `azure-tokens`: AKS workload identity signs in as the publisher identity (federated credential on this
 *    ServiceAccount, AcrPull on the one registry); it writes an ACR token (`az acr login --expose-token`, about
 *    3 hours) and an Entra token for the App ID URI that Google's provider trusts.
 * 2. `google-token`: exchanges the Entra token at Google STS (external-account credential file) for a one-hour
 *    access token of the federated principal, which holds Artifact Registry writer on the one repository.
 * 3. `copy`: crane copies the image by digest-preserving copy.
 * Tokens live in a memory-backed volume that disappears with the pod, and reach crane on stdin, never in argv.
 * The scripts are constant text: every value (registry, scope, images) reaches them as an environment variable, so
 * no deploy output or config value is ever parsed as shell.
 */
export class ModelPublisherJob extends Construct {
  public readonly serviceAccountName: string;
  /** The Job's pod labels, for its egress policy. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Name of the ConfigMap holding the external-account file the Google step reads. */
  public readonly credentialConfigMap: string;

  constructor(scope: Construct, id: string, props: ModelPublisherJobProps) {
    super(scope, id);
    const issues = new Issues();
    modelPublisherJobRules(props, issues);
    issues.throwIfAny(this.node.path);

    const name = props.name ?? 'model-publisher';
    this.serviceAccountName = props.serviceAccountName ?? 'model-publisher';
    const images = { ...DEFAULT_IMAGES, ...(props.images ?? {}) };
    const labels = { ...modelPublisherLabels(name) };
    const targetHost = props.targetRepository.split('/')[0];
    const sourceHost = `${props.sourceRegistry.toLowerCase()}.azurecr.io`;
    const imageName = props.sourceImage.split('/').pop() as string;
    this.selector = labels;
    this.credentialConfigMap = `${name}-google`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: {
        name: this.serviceAccountName,
        namespace: props.namespace,
        labels,
        // AKS workload identity: the webhook projects a token this identity's federated credential accepts.
        annotations: { 'azure.workload.identity/client-id': props.identityClientId },
      },
      automountServiceAccountToken: false,
    });

    // google-auth "external_account" file: the subject token is read from a file the first step writes; the federated
    // principal calls Google directly (no service account to impersonate).
    const credentialConfig = fileSourcedCredentialConfiguration({ providerName: props.googleProviderName, tokenFile: ENTRA_TOKEN_FILE });
    new k8s.KubeConfigMap(this, 'credential-config', {
      metadata: { name: this.credentialConfigMap, namespace: props.namespace, labels },
      data: { 'credential-config.json': JSON.stringify(credentialConfig, null, 2) },
    });

    const tokens: k8s.Volume = { name: 'tokens', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } };
    const tokensMount: k8s.VolumeMount = { name: 'tokens', mountPath: '/tokens' };
    const home = scratchDir('home', '/home/publisher', '256Mi');
    const config: k8s.Volume = { name: 'google-config', configMap: { name: this.credentialConfigMap } };
    const resources: k8s.ResourceRequirements = {
      requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
      limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('512Mi') },
    };
    const env: k8s.EnvVar[] = [
      { name: 'HOME', value: home.mount.mountPath },
      { name: 'AZURE_CONFIG_DIR', value: `${home.mount.mountPath}/.azure` },
      { name: 'CLOUDSDK_CONFIG', value: `${home.mount.mountPath}/.gcloud` },
      { name: 'DOCKER_CONFIG', value: `${home.mount.mountPath}/.docker` },
    ];
    const values = (vars: Record<string, string>): k8s.EnvVar[] => Object.entries(vars).map(([n, value]) => ({ name: n, value }));
    const step = (stepName: string, image: string, shell: string, script: readonly string[], vars: Record<string, string>, mounts: k8s.VolumeMount[]): k8s.Container => ({
      name: stepName,
      image,
      command: [shell, '-ec', script.join('\n')],
      env: [...env, ...values(vars)],
      resources,
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [tokensMount, home.mount, ...mounts],
    });

    new k8s.KubeJob(this, 'job', {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 1800,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: { ...labels, 'azure.workload.identity/use': 'true' } },
          spec: {
            serviceAccountName: this.serviceAccountName,
            automountServiceAccountToken: false,
            restartPolicy: 'Never',
            securityContext: restrictedPodSecurityContext(),
            volumes: [tokens, home.volume, config],
            initContainers: [
              step('azure-tokens', images.azureCli, POSIX_SHELL, [
                'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
                'az acr login --name "$SOURCE_REGISTRY" --expose-token --query accessToken --output tsv > /tokens/acr',
                // google-auth reads the subject token file verbatim (identity_pool.py _FileSupplier, no strip), so the
                // token is written without the newline `--output tsv` adds; the assignment fails the step if az fails.
                'entra_token="$(az account get-access-token --scope "$ENTRA_SCOPE" --query accessToken --output tsv)"',
                `printf %s "$entra_token" > ${ENTRA_TOKEN_FILE}`,
              ], { SOURCE_REGISTRY: props.sourceRegistry, ENTRA_SCOPE: `${props.appIdUri}/.default` }, []),
              step('google-token', images.googleCloudCli, POSIX_SHELL, [
                'gcloud auth login --cred-file=/config/credential-config.json --quiet',
                'gcloud auth print-access-token > /tokens/google',
              ], {}, [{ name: 'google-config', mountPath: '/config', readOnly: true }]),
            ],
            containers: [
              // crane trims one trailing newline from --password-stdin (cmd/crane/cmd/auth.go, login).
              step('copy', images.crane, CRANE_SHELL, [
                'crane auth login "$SOURCE_HOST" --username 00000000-0000-0000-0000-000000000000 --password-stdin < /tokens/acr',
                'crane auth login "$TARGET_HOST" --username oauth2accesstoken --password-stdin < /tokens/google',
                'crane copy "$SOURCE_IMAGE" "$TARGET_IMAGE"',
              ], {
                SOURCE_HOST: sourceHost,
                TARGET_HOST: targetHost,
                SOURCE_IMAGE: `${sourceHost}/${props.sourceImage}`,
                TARGET_IMAGE: `${props.targetRepository}/${imageName}`,
              }, []),
            ],
          },
        },
      },
    });
  }
}
