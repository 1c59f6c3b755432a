import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAzurermKubernetesCluster } from '../internal/azurerm';

/**
 * Application ID of the "Azure Kubernetes Service AAD Server" first-party app, the audience of every
 * Entra token an AKS cluster accepts. It is the same in every tenant (kubelogin docs, "Using kubelogin
 * with AKS": https://azure.github.io/kubelogin/concepts/aks.html).
 */
export const AKS_AAD_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/**
 * How Terraform gets an Entra token for the cluster, through kubelogin's exec plugin. None of them puts a
 * credential in Terraform: local accounts are off, so there is no kubeconfig certificate or token to read.
 * - `azurecli`: the `az login` session of whoever runs Terraform.
 * - `workloadidentity`: a CI runner with a federated credential (GitHub OIDC etc.); kubelogin reads
 *   AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE from the environment.
 * - `msi`: a runner with a managed identity.
 */
export type AksLoginMode = 'azurecli' | 'workloadidentity' | 'msi';

export interface AksConnectionOptions {
  /** @default 'azurecli' */
  readonly loginMode?: AksLoginMode;
  /** Client ID of a user-assigned identity, for `msi`. @default the runner's system-assigned identity */
  readonly msiClientId?: string;
}

/** The exec-plugin block, the same shape for the helm provider's `kubernetes` and the kubernetes provider. */
export interface AksExecCredential {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: string[];
}

/** Everything a helm or kubernetes provider needs to reach the cluster, and nothing secret. */
export interface AksConnection {
  readonly host: string;
  /** PEM, decoded from the data source's base64. */
  readonly clusterCaCertificate: string;
  readonly exec: AksExecCredential;
}

/** The kubelogin invocation for a login mode (https://azure.github.io/kubelogin/concepts/login-modes.html). */
export function kubeloginExec(options: AksConnectionOptions = {}): AksExecCredential {
  const mode = options.loginMode ?? 'azurecli';
  const args = ['get-token', '--login', mode, '--server-id', AKS_AAD_SERVER_APP_ID];
  if (mode === 'msi' && options.msiClientId !== undefined) args.push('--client-id', options.msiClientId);
  return { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args };
}

export interface AksConnectionSourceProps {
  /** Cluster name, as a reference to the cluster resource so the read waits for it. */
  readonly clusterName: string;
  readonly resourceGroupName: string;
}

/**
 * Reads the endpoint and CA through a `data "azurerm_kubernetes_cluster"` at plan time instead of exporting
 * them as outputs. With local accounts off the data source's kube_config carries no usable credential; the
 * token comes from kubelogin on the machine that runs Terraform.
 */
export class AksConnectionSource extends Construct {
  public readonly data: DataAzurermKubernetesCluster;

  constructor(scope: Construct, id: string, props: AksConnectionSourceProps) {
    super(scope, id);
    this.data = new DataAzurermKubernetesCluster(this, 'cluster', {
      name: props.clusterName,
      resourceGroupName: props.resourceGroupName,
    });
  }

  public connection(options: AksConnectionOptions = {}): AksConnection {
    const kubeConfig = this.data.kubeConfig.get(0);
    return {
      host: kubeConfig.host,
      clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      exec: kubeloginExec(options),
    };
  }
}
