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
import { localStateBackend } from './local-state';
import { platformLabels } from './platform-labels';
import { modelAlertTargets, scrapedModelServers } from '../../config/model-targets';
import { environmentBindings } from '../../config/environment-bindings';
import { vizModelMetricsScrapeConfig } from '../../contract/observability/viz-scrape';
import { aksManagedPrometheus } from '../../config/cluster-install-plan';
import { clusterTarget } from '../../config/cluster-targets';

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
    const tags = platformLabels(env.name);
    new AzurermProvider(this, 'azurerm', {
      // The ML workspace's storage account has public access off, so Terraform cannot reach its blob and queue data
      // plane from outside; with the default `data_plane_available = true` create and read call it anyway and get 403
      // (storage_account_resource.go, hashicorp/terraform-provider-azurerm#25978). No resource here needs that
      // plane (no queue_properties or static_website; containers are the workspace's own).
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
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
    } else {
      localStateBackend(this);
    }

    const managedPrometheus = aksManagedPrometheus(azure);
    this.cluster = new AksCluster(this, 'aks', {
      ...azure.cluster,
      // The add-on whenever the stack builds the Prometheus pipeline below: its pods serve the PodMonitor CRDs.
      monitoring: { ...azure.cluster.monitoring, managedPrometheus },
      location: azure.location,
      resourceGroupName: azure.resourceGroupName,
      production: env.production ?? false,
      tags: { ...tags, ...(azure.cluster.tags ?? {}) },
    });
    this.addons = new ClusterAddons(this, 'addons', {
      target: clusterTarget(env, 'azure'),
      provider: this.cluster.createHelmProvider('helm'),
      vizScrapeConfigs: [vizModelMetricsScrapeConfig(scrapedModelServers(azure.kubernetes))],
      pools: new Map(this.cluster.userPools.map((pool) => [pool.name, pool.pool])),
      dependsOn: [this.cluster.clusterAccess],
    });
    this.identities = new WorkloadIdentityBindings(this, 'identities', {
      cloud: 'azure',
      bindings: environmentBindings(env, this.cluster.oidcIssuerUrl, this.cluster.resourceGroupName),
      tags,
    });
    if (azure.azureMl) {
      const extension = this.addons.plan.managed.find((feature) => feature.id === 'azureml-extension');
      this.azureMl = new AzureMlPlatform(this, 'azureml', {
        env, azure, azureMl: azure.azureMl, cluster: this.cluster, tags,
        extensionDependsOn: (extension?.pools ?? []).map((name) => this.addons.pool(name)),
        computeNamespacesCreatedBy: this.addons.releases.get('azureml-namespaces'),
      });
    }
    if (managedPrometheus) this.monitor(env, azure, tags);

    new TerraformOutput(this, 'aks_cluster_name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'aks_oidc_issuer_url', { value: this.cluster.oidcIssuerUrl });
    new TerraformOutput(this, 'aks_node_pool_names', { value: this.cluster.nodePoolNames });
  }

  /** Managed Prometheus collects the mesh and model metrics; Azure Monitor evaluates the alerts against it. */
  private monitor(env: EnvironmentConfig, azure: AzureEnvironmentConfig, tags: Readonly<Record<string, string>>): void {
    const prometheus = new AzureManagedPrometheus(this, 'prometheus', {
      name: azure.cluster.name,
      location: azure.location,
      resourceGroupName: this.cluster.resourceGroupName,
      clusterId: this.cluster.clusterId,
      tags,
    });
    const actionGroupIds = env.observability?.azureActionGroupIds ?? [];
    if (actionGroupIds.length === 0) return;
    new AzurePrometheusAlerts(this, 'alerts', {
      name: `${azure.cluster.name}-platform`,
      location: azure.location,
      resourceGroupName: this.cluster.resourceGroupName,
      workspaceId: prometheus.workspaceId,
      clusterId: this.cluster.clusterId,
      clusterName: this.cluster.clusterName,
      alerts: platformAlerts({ cluster: azure.cluster.name, models: modelAlertTargets(azure.kubernetes), thresholds: env.observability?.thresholds, meshCertificates: azure.kubernetes.mesh?.certificates }),
      actionGroupIds,
    });
  }
}
