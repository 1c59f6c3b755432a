import { MODEL_PUBLISHER_SERVICE_ACCOUNT } from '../../contract/azure-ml/azure-ml-google';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AksCluster } from '../../terraform/azure/aks-cluster';
import { AzureMlExtension } from '../../terraform/azure/ml/azure-ml-extension';
import { AzureMlKubernetesCompute } from '../../terraform/azure/ml/azure-ml-kubernetes-compute';
import { AzureMlWorkspace } from '../../terraform/azure/ml/azure-ml-workspace';
import { AzureEnvironmentConfig, AzureMlConfig, EnvironmentConfig } from '../../config/environment';
import { AzapiProvider } from '../../terraform/internal/azapi';

export interface AzureMlPlatformProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureEnvironmentConfig;
  readonly azureMl: AzureMlConfig;
  readonly cluster: AksCluster;
  readonly tags: Readonly<Record<string, string>>;
  /** What the extension waits for: the Azure ML system pools its own pods are confined to. @default none */
  readonly extensionDependsOn?: readonly ITerraformDependable[];
}

/**
 * Azure ML on the environment's AKS cluster: the workspace and its dependencies, the AzureML extension and
 * one Kubernetes compute per configured namespace, attached through Trusted Access (local accounts are off).
 */
export class AzureMlPlatform extends Construct {
  public readonly workspace: AzureMlWorkspace;
  public readonly extension: AzureMlExtension;
  public readonly computes: readonly AzureMlKubernetesCompute[];

  constructor(scope: Construct, id: string, props: AzureMlPlatformProps) {
    super(scope, id);
    const { azure, azureMl, cluster } = props;
    const production = props.env.production ?? false;
    new AzapiProvider(this, 'azapi', { subscriptionId: azure.subscriptionId, tenantId: azure.tenantId });

    this.workspace = new AzureMlWorkspace(this, 'workspace', {
      name: azureMl.workspaceName,
      location: azure.location,
      resourceGroupName: cluster.resourceGroupName,
      tenantId: azure.tenantId,
      publicNetworkAccess: azureMl.publicNetworkAccess ?? false,
      production,
      logAnalyticsWorkspaceId: cluster.logAnalyticsWorkspaceId,
      tags: props.tags,
    });
    this.extension = new AzureMlExtension(this, 'extension', {
      clusterId: cluster.clusterId,
      clusterName: cluster.clusterName,
      location: azure.location,
      pools: azure.cluster.userPools ?? [],
      enableTraining: azureMl.enableTraining ?? true,
      enableInference: azureMl.enableInference ?? true,
      inferenceRouter: azureMl.inferenceRouter,
      production,
      dependsOn: props.extensionDependsOn,
    });
    const publisher = azureMl.google?.publisher;
    // One Trusted Access binding per workspace and cluster: the first compute creates it, the others wait for it.
    const computes: AzureMlKubernetesCompute[] = [];
    azureMl.computes.forEach((compute, i) => computes.push(new AzureMlKubernetesCompute(this, `compute-${compute.name}`, {
      workspace: this.workspace,
      name: compute.name,
      clusterId: cluster.clusterId,
      location: azure.location,
      resourceGroupName: cluster.resourceGroupName,
      namespace: compute.namespace,
      instanceTypes: compute.instanceTypes,
      pools: azure.cluster.userPools ?? [],
      extension: this.extension.extension,
      trustedAccess: i === 0,
      sharedTrustedAccessBinding: i === 0 ? undefined : computes[0].trustedAccessBinding,
      federatedServiceAccounts: i === 0 && publisher ? [{ namespace: publisher.namespace, name: MODEL_PUBLISHER_SERVICE_ACCOUNT }] : [],
      oidcIssuerUrl: cluster.oidcIssuerUrl,
      tags: props.tags,
    })));
    this.computes = computes;
  }
}
