import { AzurermBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AksCluster } from '../../terraform/azure/aks-cluster';
import { AzureEnvironmentConfig, EnvironmentConfig } from '../../config/environment';
import { WorkloadIdentityBindings } from '../../terraform/federation/workload-identity-bindings';
import { AzurermProvider } from '../../terraform/internal/azurerm';
import { AzureMlPlatform } from './azure-ml-platform';
import { platformAlerts } from '../../contract/observability/alert-catalog';
import { AzureManagedPrometheus } from '../../terraform/observability/azure-managed-prometheus';
import { AzurePrometheusAlerts } from '../../terraform/observability/azure-prometheus-alerts';
import { ClusterAddons } from './cluster-addons';
import { modelAlertTargets, scrapedModelServers } from '../../config/model-targets';
import { environmentBindings } from '../../config/environment-bindings';
import { vizModelMetricsScrapeConfig } from '../../contract/observability/viz-scrape';

/**
 * The Terraform stack `<env>-azure`: the AKS cluster, its control-plane add-ons, the managed identities of
 * workloads that call Azure, and Azure ML.
 */
export class AzurePlatformStack extends TerraformStack {
  public readonly cluster: AksCluster;
  public readonly addons: ClusterAddons;
  public readonly identities: WorkloadIdentityBindings;
  public readonly azureMl?: AzureMlPlatform;

  constructor(scope: Construct, env: EnvironmentConfig, azure: AzureEnvironmentConfig) {
    super(scope, `${env.name}-azure`);
    const tags = { environment: env.name, 'managed-by': 'ml-mesh-platform' };
    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: azure.subscriptionId,
      tenantId: azure.tenantId,
      // Entra ID auth to the storage data plane: storage accounts have shared keys off.
      storageUseAzuread: true,
      // The AzureML extension needs Microsoft.KubernetesConfiguration, which the provider's default set lacks.
      resourceProvidersToRegister: azure.azureMl ? ['Microsoft.KubernetesConfiguration'] : undefined,
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
      production: env.production ?? false,
      tags: { ...tags, ...(azure.cluster.tags ?? {}) },
    });
    this.addons = new ClusterAddons(this, 'addons', {
      provider: this.cluster.createHelmProvider('helm'),
      production: env.production ?? false,
      kubernetes: azure.kubernetes,
      vizScrapeConfigs: [vizModelMetricsScrapeConfig(scrapedModelServers(azure.kubernetes))],
    });
    this.identities = new WorkloadIdentityBindings(this, 'identities', {
      cloud: 'azure',
      bindings: environmentBindings(env, this.cluster.oidcIssuerUrl),
      tags,
    });
    if (azure.azureMl) {
      this.azureMl = new AzureMlPlatform(this, 'azureml', { env, azure, azureMl: azure.azureMl, cluster: this.cluster, tags });
    }

    // Managed Prometheus collects the mesh and model metrics; Azure Monitor evaluates the alerts against it.
    const prometheus = new AzureManagedPrometheus(this, 'prometheus', {
      name: azure.cluster.name,
      location: azure.location,
      resourceGroupName: this.cluster.resourceGroupName,
      clusterId: this.cluster.clusterId,
      tags,
    });
    const actionGroupIds = env.observability?.azureActionGroupIds ?? [];
    if (actionGroupIds.length > 0) {
      new AzurePrometheusAlerts(this, 'alerts', {
        name: `${azure.cluster.name}-platform`,
        location: azure.location,
        resourceGroupName: this.cluster.resourceGroupName,
        workspaceId: prometheus.workspaceId,
        clusterId: this.cluster.clusterId,
        clusterName: azure.cluster.name,
        alerts: platformAlerts({ cluster: azure.cluster.name, models: modelAlertTargets(azure.kubernetes), thresholds: env.observability?.thresholds, meshCertificates: azure.kubernetes.mesh?.certificates }),
        actionGroupIds,
      });
    }

    new TerraformOutput(this, 'aks_cluster_name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'aks_oidc_issuer_url', { value: this.cluster.oidcIssuerUrl });
    new TerraformOutput(this, 'aks_node_pool_names', { value: this.cluster.nodePoolNames });
  }
}
