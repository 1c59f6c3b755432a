import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { MODEL_DEPLOYER_SERVICE_ACCOUNT } from '../../contract/azure-ml/azure-ml-google';
import { fileSourcedCredentialConfiguration } from '../identity/credential-configuration';

export interface ModelDeployerAccessProps {
  /** The pipeline namespace on AKS (the publisher's). */
  readonly namespace: string;
  /** Client ID of the deployer identity (a deploy output). */
  readonly identityClientId: string;
  /** `api://<client id>` of the Entra application Google trusts (a deploy output). */
  readonly appIdUri: string;
  /** Full name of the Entra provider in the federation pool. */
  readonly providerName: string;
  /** Email of the GKE deployer service account the deployer impersonates. */
  readonly deployerEmail: string;
}

/** Where the deploy step writes its Entra token; the credential configuration reads it from there. */
export const MODEL_DEPLOYER_TOKEN_FILE = '/tokens/entra';

export function modelDeployerAccessRules(props: ModelDeployerAccessProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
}

/**
 * What the Azure ML pipeline's deploy step runs with on AKS: the `model-deployer` ServiceAccount, which only the
 * deployer identity trusts (AKS workload identity), and a ConfigMap with the external-account credential
 * configuration that exchanges that identity's Entra token at Google STS and impersonates the GKE deployer service
 * account (`service_account_impersonation_url`), plus the Entra scope to request. The step writes
 * `az account get-access-token --scope <entra-scope>` to `/tokens/entra` without a trailing newline, then
 * `gcloud auth login --cred-file=<credential-config.json>` and `gcloud container clusters get-credentials
 * --dns-endpoint`; its Kubernetes rights are the one RoleBinding in the GKE deploy namespace.
 */
export class ModelDeployerAccess extends Construct {
  public readonly serviceAccountName = MODEL_DEPLOYER_SERVICE_ACCOUNT;
  /** ConfigMap holding `credential-config.json` and `entra-scope`. */
  public readonly configMapName = `${MODEL_DEPLOYER_SERVICE_ACCOUNT}-google`;

  constructor(scope: Construct, id: string, props: ModelDeployerAccessProps) {
    super(scope, id);
    const issues = new Issues();
    modelDeployerAccessRules(props, issues);
    issues.throwIfAny(this.node.path);
    const labels = { 'app.kubernetes.io/name': MODEL_DEPLOYER_SERVICE_ACCOUNT, 'app.kubernetes.io/component': 'model-deployer' };

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: {
        name: this.serviceAccountName,
        namespace: props.namespace,
        labels,
        annotations: { 'azure.workload.identity/client-id': props.identityClientId },
      },
      automountServiceAccountToken: false,
    });
    const config = fileSourcedCredentialConfiguration({ providerName: props.providerName, tokenFile: MODEL_DEPLOYER_TOKEN_FILE, serviceAccountEmail: props.deployerEmail });
    new k8s.KubeConfigMap(this, 'credential-config', {
      metadata: { name: this.configMapName, namespace: props.namespace, labels },
      data: { 'credential-config.json': JSON.stringify(config, null, 2), 'entra-scope': `${props.appIdUri}/.default` },
    });
  }
}
