import { App } from 'cdk8s';
import { AzureMlGoogleConfig, EnvironmentConfig } from '../../config/environment';
import { DeployOutputs } from '../../core/deploy-outputs';
import { ClusterContext, PlatformChart } from '../../k8s/core/cluster-context';
import { AzureMlGkeDeployerBinding } from '../../k8s/azureml/gke-deployer-binding';
import { MeshNetworks } from '../../k8s/mesh/mesh-networks';
import { googleServiceAccountEmail } from '../../contract/identity/identity-names';
import { AzureMlChart } from './azure-ml-chart';
import { ClusterTarget } from '../../config/cluster-targets';
import { apiGatewayIngress } from '../../config/api-gateway-ingress';
import { environmentBindings } from '../../config/environment-bindings';
import { ManagedMetricsScrape } from '../../k8s/observability/managed-metrics-scrape';
import { MetricsScrapeAccess } from '../../k8s/observability/metrics-scrape-access';
import { scrapedModelServers } from '../../config/model-targets';
import { ServingChart } from './serving-chart';
import { ControlPlaneNetworkPolicies } from '../../k8s/network/control-plane-network-policies';
import { AZURE_ML_DEPLOYER_ID } from '../../contract/azure-ml/azure-ml-google';
import { usesCanary, usesKeda, vizInstalled } from '../../config/cluster-features';

/**
 * One cluster's Kubernetes app, one chart per file:
 * - `control-plane-network`: default deny and the exact allow rules of the add-on namespaces (Linkerd's trust chain,
 *   which this chart held before, is the `linkerd-pki` Helm release of the Terraform stack, installed before the
 *   control plane: lib/config/cluster-install-plan.ts);
 * - `serving`: the serving namespace, its workloads, identities and paths;
 * - `observability`: what managed Prometheus scrapes and the mesh authorization that lets it;
 * - `azureml` (AKS with Azure ML): Azure ML namespaces, policies, InstanceTypes and the model publisher;
 * - `azureml-deployer` (GKE, when Azure ML deploys there): the pipeline's RoleBinding.
 */
export function buildClusterApp(target: ClusterTarget, outputs: DeployOutputs): App {
  const env = target.environment;
  const app = new App();
  ClusterContext.attach(app, {
    environment: env.name,
    clusterName: target.clusterName,
    cloud: target.cloud,
    dataplane: target.dataplane,
    production: env.production ?? false,
    acnsSecurity: target.acnsSecurity,
    outputs,
  });
  // Unmeshed clients (azureml-fe) are authorized by network: the cluster's pod range.
  MeshNetworks.of(app).define(MeshNetworks.PODS, target.podCidrs);

  const controlPlane = new PlatformChart(app, 'control-plane-network');
  const serving = new ServingChart(app, 'serving', {
    kubernetes: target.kubernetes,
    bindings: environmentBindings(env),
    apiServerCidr: target.controlPlaneCidr,
    apiGatewayIngress: apiGatewayIngress(target),
  });

  // Default deny and the exact allow rules of the namespaces the add-on charts install into.
  const canary = usesCanary(target.kubernetes);
  const viz = vizInstalled(target.kubernetes);
  const azureMlMeshed = target.cloud === 'azure' ? (env.azure?.azureMl?.computes ?? []).filter((c) => c.purpose === 'inference').map((c) => c.namespace) : [];
  new ControlPlaneNetworkPolicies(controlPlane, 'control-plane-network', {
    meshedNamespaces: [serving.servingNamespace, ...azureMlMeshed],
    servingNamespace: serving.servingNamespace,
    // linkerd-viz's Prometheus scrapes the model servers' own metrics (accuracy, drift) for canary analysis.
    modelServerSelectors: viz ? serving.modelServers.map((server) => ({ namespace: server.namespace, selector: server.selector })) : undefined,
    apiServerCidr: target.controlPlaneCidr,
    viz,
    flagger: canary,
    kedaOperator: usesKeda(target.kubernetes),
  });

  // Cluster-scoped scrape objects (GKE ClusterPodMonitoring) need a chart without a namespace: this one.
  const observability = new PlatformChart(app, 'observability');
  new ManagedMetricsScrape(observability, 'scrape', { modelServers: scrapedModelServers(target.kubernetes) });
  new MetricsScrapeAccess(observability, 'scrape-access', {
    meshedNamespaces: [serving.servingNamespace],
    modelServers: serving.modelServers.map((server) => ({ server, metricsPortName: 'http', probePaths: server.probePaths('http') })),
  });

  const azureMl = env.azure?.azureMl;
  if (target.cloud === 'azure' && env.azure && azureMl) {
    new AzureMlChart(app, 'azureml', { env, azure: env.azure, azureMl });
  }
  if (target.cloud === 'gcp' && env.gcp && azureMl?.google) addDeployerChart(app, env, azureMl.google, serving.servingNamespace);
  return app;
}

function addDeployerChart(app: App, env: EnvironmentConfig, google: AzureMlGoogleConfig, servingNamespace: string): void {
  const chart = new PlatformChart(app, 'azureml-deployer');
  new AzureMlGkeDeployerBinding(chart, 'binding', {
    namespace: google.deployNamespace,
    // A serving namespace exists already (and config validation keeps identity-bearing ServiceAccounts out of it).
    createNamespace: google.deployNamespace !== servingNamespace,
    deployerEmail: googleServiceAccountEmail(google.deployerServiceAccountId ?? AZURE_ML_DEPLOYER_ID, env.gcp!.project),
  });
}
