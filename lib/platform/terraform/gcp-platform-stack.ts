import { AZURE_ML_DEPLOYER_ID, AZURE_ML_PROVIDER_ID } from '../../contract/azure-ml/azure-ml-google';
import { GcsBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureMlGoogleAccess } from '../../terraform/azure/ml/azure-ml-google-access';
import { EnvironmentConfig, GcpEnvironmentConfig } from '../../config/environment';
import { GoogleFederationPool } from '../../terraform/federation/google-federation-pool';
import { WorkloadIdentityBindings } from '../../terraform/federation/workload-identity-bindings';
import { GkeCluster } from '../../terraform/gcp/gke-cluster';
import { AzureadProvider } from '../../terraform/internal/azuread';
import { DataGoogleProject, GoogleProvider } from '../../terraform/internal/google';
import { AzurePlatformStack } from './azure-platform-stack';
import { platformAlerts } from '../../contract/observability/alert-catalog';
import { GoogleMonitoringDashboard } from '../../terraform/observability/google-monitoring-dashboard';
import { GooglePrometheusAlerts } from '../../terraform/observability/google-prometheus-alerts';
import { ClusterAddons } from './cluster-addons';
import { localStateBackend } from './local-state';
import { platformLabels } from './platform-labels';
import { modelAlertTargets, scrapedModelServers } from '../../config/model-targets';
import { environmentBindings, federationPoolId } from '../../config/environment-bindings';
import { ModelRegistry } from './model-registry';
import { GoogleProjectServices, googleApis } from '../../terraform/gcp/project-services';
import { AZURE_ML_APP_ID_URI_OUTPUT, PROJECT_NUMBER_OUTPUT } from '../../contract/output-names';
import { vizModelMetricsScrapeConfig } from '../../contract/observability/viz-scrape';
import { clusterTarget } from '../../config/cluster-targets';

/**
 * The Terraform stack `<env>-gcp`: the GKE cluster and its add-ons, the federation pool that trusts the
 * AKS cluster and Entra ID, the Google side of every workload identity, and the model registry. It reads
 * the AKS issuer and the Azure ML identities from `<env>-azure` (a cdktf cross-stack reference), so it
 * is applied after that stack.
 */
export class GcpPlatformStack extends TerraformStack {
  public readonly cluster: GkeCluster;
  public readonly addons: ClusterAddons;
  public readonly identities: WorkloadIdentityBindings;
  public readonly modelRegistry?: ModelRegistry;

  constructor(scope: Construct, env: EnvironmentConfig, gcp: GcpEnvironmentConfig, azureStack?: AzurePlatformStack) {
    super(scope, `${env.name}-gcp`);
    const provider = new GoogleProvider(this, 'google', { project: gcp.project, region: gcp.region });
    // The same keys as the Azure tags. Set as an override: cdktf snake-cases every map key of a provider block
    // (TerraformProvider.toTerraform, keysToSnakeCase), which wrote `managed_by` (hashicorp/terraform-cdk#2681).
    provider.addOverride('default_labels', platformLabels(env.name));
    if (gcp.stateBackend) {
      new GcsBackend(this, { bucket: gcp.stateBackend.bucket, prefix: gcp.stateBackend.prefix ?? `${env.name}-gcp` });
    } else {
      localStateBackend(this);
    }
    const production = env.production ?? false;
    new GoogleProjectServices(this, 'apis', {
      project: gcp.project,
      apis: googleApis({
        artifactRegistry: gcp.modelRegistry !== undefined,
        kmsSecretsEncryption: gcp.cluster.secretsEncryptionKey !== undefined,
        binaryAuthorization: gcp.cluster.binaryAuthorization ?? production,
      }),
    });
    const project = new DataGoogleProject(this, 'project', {
      projectId: gcp.project,
      // The configured number feeds the GKE service agent's key grant and every credential configuration's audience:
      // the plan stops here when it is not this project's. A postcondition fails the plan; a check block only warns.
      lifecycle: gcp.projectNumber === undefined ? undefined : {
        postcondition: [{
          condition: `\${self.number == "${gcp.projectNumber}"}`,
          errorMessage: `gcp.projectNumber ${gcp.projectNumber} is not the number of project ${gcp.project}: the GKE service agent's key grant and every workload identity audience would name another project`,
        }],
      },
    });

    this.cluster = new GkeCluster(this, 'gke', {
      ...gcp.cluster,
      project: gcp.project,
      location: gcp.region,
      production,
      projectNumber: gcp.projectNumber,
    });
    this.addons = new ClusterAddons(this, 'addons', {
      target: clusterTarget(env, 'gcp'),
      provider: this.cluster.helmProvider(this, 'helm'),
      vizScrapeConfigs: [vizModelMetricsScrapeConfig(scrapedModelServers(gcp.kubernetes))],
      pools: new Map(gcp.cluster.nodePools.map((spec, i) => [spec.name, this.cluster.nodePools[i].pool])),
      webhookPath: [this.cluster.controlPlaneFirewall],
    });
    this.identities = new WorkloadIdentityBindings(this, 'identities', {
      cloud: 'gcp',
      bindings: environmentBindings(env, azureStack?.cluster.oidcIssuerUrl),
      dependsOn: [this.cluster.cluster],
    });
    if (gcp.modelRegistry) {
      this.modelRegistry = new ModelRegistry(this, 'model-registry', {
        project: gcp.project,
        location: gcp.modelRegistry.location ?? gcp.region,
        repository: gcp.modelRegistry.repository,
      });
    }
    this.grantAzureMl(env, gcp, azureStack);

    // Managed Service for Prometheus is on in the cluster; Cloud Monitoring evaluates the alerts and shows the dashboard.
    const models = modelAlertTargets(gcp.kubernetes);
    const channels = env.observability?.googleNotificationChannelIds ?? [];
    if (channels.length > 0) {
      new GooglePrometheusAlerts(this, 'alerts', {
        project: gcp.project,
        clusterName: gcp.cluster.name,
        alerts: platformAlerts({ cluster: gcp.cluster.name, models, thresholds: env.observability?.thresholds, meshCertificates: gcp.kubernetes.mesh?.certificates }),
        notificationChannelIds: channels,
      });
    }
    new GoogleMonitoringDashboard(this, 'dashboard', { project: gcp.project, environment: env.name, cluster: gcp.cluster.name, models });

    new TerraformOutput(this, 'gke_cluster_name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'gke_oidc_issuer_url', { value: this.cluster.oidcIssuerUrl });
    new TerraformOutput(this, 'gke_workload_identity_pool', { value: this.cluster.workloadIdentityPool });
    new TerraformOutput(this, 'gke_node_pool_names', { value: this.cluster.nodePoolNames });
    if (gcp.projectNumber === undefined) new TerraformOutput(this, PROJECT_NUMBER_OUTPUT, { value: project.number });
  }

  /**
   * The Azure ML pipeline's publisher identity publishes models here and its deployer identity deploys to one GKE
   * namespace (docs/azure-ml.md); no Azure ML compute identity is admitted.
   */
  private grantAzureMl(env: EnvironmentConfig, gcp: GcpEnvironmentConfig, azureStack?: AzurePlatformStack): void {
    const google = env.azure?.azureMl?.google;
    const azureMl = azureStack?.azureMl;
    const pipeline = azureMl?.pipeline;
    if (!google || !pipeline || !this.modelRegistry || !gcp.modelRegistry || !env.azure) return;
    // The Entra application that Google trusts lives here, beside the provider that names it as audience.
    new AzureadProvider(this, 'azuread', { tenantId: env.azure.tenantId });
    const poolId = federationPoolId(env);
    const pool = this.identities.pools.get(`${gcp.project}/${poolId}`)
      ?? new GoogleFederationPool(this, 'federation-pool', { projectId: gcp.project, poolId });
    const access = new AzureMlGoogleAccess(this, 'azureml-google-access', {
      tenantId: env.azure.tenantId,
      publisherObjectId: pipeline.publisher.principalId,
      deployerObjectId: pipeline.deployer.principalId,
      pool,
      providerId: AZURE_ML_PROVIDER_ID,
      applicationDisplayName: `ml-mesh-${env.name}-azureml-publisher`,
      // The repository's own attribute, so the grant waits for the repository (a literal ID 404s on a fresh apply).
      publishTo: { projectId: gcp.project, location: gcp.modelRegistry.location ?? gcp.region, repository: this.modelRegistry.repository.repositoryId },
      gkeDeployer: { projectId: gcp.project, serviceAccountId: google.deployerServiceAccountId ?? AZURE_ML_DEPLOYER_ID },
    });
    new TerraformOutput(this, AZURE_ML_APP_ID_URI_OUTPUT, { value: access.appIdUri });
  }
}
