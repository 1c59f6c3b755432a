import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { GOOGLE_STS_TOKEN_URL, JWT_TOKEN_TYPE } from '../../contract/identity/identity-names';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { checkPinnedImage } from '../serving/image';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';

/** Images of the three steps; each must be pinned. Defaults are tags current at writing; pin digests in production. */
export interface ModelPublisherImages {
  /** @default 'mcr.microsoft.com/azure-cli:2.67.0' */
  readonly azureCli?: string;
  /** @default 'gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim' */
  readonly googleCloudCli?: string;
  /** crane with a shell (the debug variant). @default 'gcr.io/go-containerregistry/crane/debug:v0.20.2' */
  readonly crane?: string;
}

export interface ModelPublisherJobProps {
  /** Namespace of the Job; not an Azure ML namespace (Azure ML's pods and this Job do not share one). */
  readonly namespace: string;
  /** @default 'model-publisher' */
  readonly name?: string;
  /** @default 'model-publisher' — federated with the compute identity (AzureMlKubernetesCompute federatedServiceAccounts) */
  readonly serviceAccountName?: string;
  /** Client ID of the compute identity (a deploy output). */
  readonly identityClientId: string;
  /** `api://<client id>` of the Entra application Google trusts (a deploy output). */
  readonly appIdUri: string;
  /** `//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`. */
  readonly googleAudience: string;
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
}

/**
 * A Job that copies one registered model image from the workspace registry (ACR) to Artifact Registry, with
 * short-lived credentials on both sides and no secret anywhere:
 * 1. `azure-tokens`: AKS workload identity signs in as the compute identity (federated credential on this
 *    ServiceAccount); it writes an ACR token (`az acr login --expose-token`, about 3 hours) and an Entra token for
 *    the App ID URI that Google's provider trusts.
 * 2. `google-token`: exchanges the Entra token at Google STS (external-account credential file) for a one-hour
 *    access token of the federated principal, which holds Artifact Registry writer on the one repository.
 * 3. `copy`: crane copies the image by digest-preserving copy.
 * Tokens live in a memory-backed volume that disappears with the pod.
 */
export class ModelPublisherJob extends Construct {
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ModelPublisherJobProps) {
    super(scope, id);
    const issues = new Issues();
    modelPublisherJobRules(props, issues);
    issues.throwIfAny(this.node.path);

    const name = props.name ?? 'model-publisher';
    this.serviceAccountName = props.serviceAccountName ?? 'model-publisher';
    const images = { ...DEFAULT_IMAGES, ...(props.images ?? {}) };
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'model-publisher' };
    const targetHost = props.targetRepository.split('/')[0];
    const sourceHost = `${props.sourceRegistry.toLowerCase()}.azurecr.io`;
    const imageName = props.sourceImage.split('/').pop() as string;

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

    // google-auth "external_account" file: the subject token is read from a file the first step writes.
    const credentialConfig = {
      type: 'external_account',
      audience: props.googleAudience,
      subject_token_type: JWT_TOKEN_TYPE,
      token_url: GOOGLE_STS_TOKEN_URL,
      credential_source: { file: '/tokens/entra' },
    };
    new k8s.KubeConfigMap(this, 'credential-config', {
      metadata: { name: `${name}-google`, namespace: props.namespace, labels },
      data: { 'credential-config.json': JSON.stringify(credentialConfig, null, 2) },
    });

    const tokens: k8s.Volume = { name: 'tokens', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } };
    const tokensMount: k8s.VolumeMount = { name: 'tokens', mountPath: '/tokens' };
    const home = scratchDir('home', '/home/publisher', '256Mi');
    const config: k8s.Volume = { name: 'google-config', configMap: { name: `${name}-google` } };
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
    const step = (stepName: string, image: string, script: string, mounts: k8s.VolumeMount[]): k8s.Container => ({
      name: stepName,
      image,
      command: ['/bin/sh', '-ec', script],
      env,
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
              step('azure-tokens', images.azureCli, [
                'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
                `az acr login --name ${props.sourceRegistry} --expose-token --query accessToken --output tsv > /tokens/acr`,
                `az account get-access-token --scope "${props.appIdUri}/.default" --query accessToken --output tsv > /tokens/entra`,
              ].join('\n'), []),
              step('google-token', images.googleCloudCli, [
                'gcloud auth login --cred-file=/config/credential-config.json --quiet',
                'gcloud auth print-access-token > /tokens/google',
              ].join('\n'), [{ name: 'google-config', mountPath: '/config', readOnly: true }]),
            ],
            containers: [
              step('copy', images.crane, [
                `crane auth login ${sourceHost} --username 00000000-0000-0000-0000-000000000000 --password "$(cat /tokens/acr)"`,
                `crane auth login ${targetHost} --username oauth2accesstoken --password "$(cat /tokens/google)"`,
                `crane copy ${sourceHost}/${props.sourceImage} ${props.targetRepository}/${imageName}`,
              ].join('\n'), []),
            ],
          },
        },
      },
    });
  }
}
