import { AzurermBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AksCluster } from '../azure/aks-cluster';
import { AzureEnvironmentConfig, EnvironmentConfig } from '../config/environment';
import { AzurermProvider } from '../internal/azurerm';

/** The Terraform stack `<env>-azure`: the AKS cluster and everything Azure-side for one environment. */
export class AzurePlatformStack extends TerraformStack {
  public readonly cluster: AksCluster;

  constructor(scope: Construct, env: EnvironmentConfig, azure: AzureEnvironmentConfig) {
    super(scope, `${env.name}-azure`);
    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: azure.subscriptionId,
      tenantId: azure.tenantId,
      // Entra ID auth to the storage data plane: no shared keys anywhere in the platform.
      storageUseAzuread: true,
    });
    if (azure.stateBackend) {
      new AzurermBackend(this, {
        resourceGroupName: azure.stateBackend.resourceGroupName,
        storageAccountName: azure.stateBackend.storageAccountName,
        containerName: azure.stateBackend.containerName,
        key: azure.stateBackend.key ?? `${env.name}-azure.tfstate`,
        useAzureadAuth: true,
      });
    }

    this.cluster = new AksCluster(this, 'aks', {
      ...azure.cluster,
      location: azure.location,
      resourceGroupName: azure.resourceGroupName,
      tags: { environment: env.name, 'managed-by': 'ml-mesh-platform', ...(azure.cluster.tags ?? {}) },
    });

    new TerraformOutput(this, 'aks_cluster_name', { value: this.cluster.cluster.name });
    new TerraformOutput(this, 'aks_oidc_issuer_url', { value: this.cluster.oidcIssuerUrl });
  }
}
