import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AksCluster } from '../../terraform/azure/aks-cluster';
import { AzureMlExtension } from '../../terraform/azure/ml/azure-ml-extension';
import { AzureMlKubernetesCompute } from '../../terraform/azure/ml/azure-ml-kubernetes-compute';
import { AzureMlWorkspace } from '../../terraform/azure/ml/azure-ml-workspace';
import { AzureMlPipelineIdentities } from '../../terraform/azure/ml/azure-ml-pipeline-identities';
import { pipelineClientIdOutput } from '../../contract/output-names';
import { AzureEnvironmentConfig, AzureMlConfig, EnvironmentConfig } from '../../config/environment';
import { AzapiProvider } from '../../terraform/internal/azapi';
import { Subnet } from '../../terraform/internal/azurerm';
import { AzureMlPrivateNetwork } from '../../terraform/azure/ml/azure-ml-private-access';

export interface AzureMlPlatformProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureEnvironmentConfig;
  readonly azureMl: AzureMlConfig;
  readonly cluster: AksCluster;
  readonly tags: Readonly<Record<string, string>>;
  /** What the extension waits for: the Azure ML system pools its own pods are confined to. @default none */
  readonly extensionDependsOn?: readonly ITerraformDependable[];
  /** What creates the computes' namespaces on the cluster; each compute attaches after it. @default none */
  readonly computeNamespacesCreatedBy?: ITerraformDependable;
}

/**
 * Azure ML on the environment's AKS cluster: the workspace and its dependencies, the AzureML extension and
 * one Kubernetes compute per configured namespace, attached through Trusted Access (local accounts are off).
 */
export class AzureMlPlatform extends Construct {
  public readonly workspace: AzureMlWorkspace;
  public readonly extension: AzureMlExtension;
  public readonly computes: readonly AzureMlKubernetesCompute[];
  /** The publisher's and the deployer's own identities, when the pipeline publishes to Google. */
  public readonly pipeline?: AzureMlPipelineIdentities;

  constructor(scope: Construct, id: string, props: AzureMlPlatformProps) {
    super(scope, id);
    const { azure, azureMl, cluster } = props;
    const production = props.env.production ?? false;
    new AzapiProvider(this, 'azapi', { subscriptionId: azure.subscriptionId, tenantId: azure.tenantId });

    this.workspace = new AzureMlWorkspace(this, 'workspace', {
      name: azureMl.workspaceName,
      subscriptionId: azure.subscriptionId,
      privateNetwork: this.privateNetwork(azureMl, cluster),
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
      namespaceCreatedBy: props.computeNamespacesCreatedBy,
      instanceTypes: compute.instanceTypes,
      pools: azure.cluster.userPools ?? [],
      extension: this.extension.extension,
      reachableThrough: this.workspace.privateAccess?.endpoints,
      trustedAccess: i === 0,
      sharedTrustedAccessBinding: i === 0 ? undefined : computes[0].trustedAccessBinding,
      tags: props.tags,
    })));
    this.computes = computes;

    if (publisher) {
      this.pipeline = new AzureMlPipelineIdentities(this, 'pipeline', {
        workspaceName: azureMl.workspaceName,
        containerRegistryId: this.workspace.containerRegistryId,
        namespace: publisher.namespace,
        issuerUrl: cluster.oidcIssuerUrl,
        resourceGroupName: cluster.resourceGroupName,
        location: azure.location,
        tags: props.tags,
      });
      this.pipeline.publisher.outputClientId(pipelineClientIdOutput('model-publisher'));
      this.pipeline.deployer.outputClientId(pipelineClientIdOutput('model-deployer'));
    }
  }

  /** The private endpoints' subnet and VNet: one created in the cluster's VNet, or the one configured. */
  private privateNetwork(azureMl: AzureMlConfig, cluster: AksCluster): AzureMlPrivateNetwork | undefined {
    const config = azureMl.privateEndpoints;
    if (azureMl.publicNetworkAccess || !config) return undefined;
    if (config.existingSubnetId !== undefined && config.virtualNetworkId !== undefined) {
      return { subnetId: config.existingSubnetId, virtualNetworkId: config.virtualNetworkId };
    }
    const vnet = cluster.virtualNetwork;
    if (config.subnetCidr === undefined || !vnet) return undefined;
    const subnet = new Subnet(this, 'private-endpoints', {
      name: 'azureml-private-endpoints',
      resourceGroupName: cluster.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefixes: [config.subnetCidr],
    });
    return { subnetId: subnet.id, virtualNetworkId: vnet.id };
  }
}
