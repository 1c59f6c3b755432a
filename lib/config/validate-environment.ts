import { aksClusterRules } from '../terraform/azure/aks-cluster-rules';
import { takesOrdinaryPods } from '../terraform/azure/aks-pool-defaults';
import { gatewayApiCrdsRules } from '../terraform/addons/gateway-api-crds';
import { acknowledgedReplacementRules } from '../core/replacement-guard';
import { Issues, PlatformValidationError } from '../core/validation';
import { gkeClusterRules } from '../terraform/gcp/gke-cluster-rules';
import { alertThresholdsRules } from '../contract/observability/alert-thresholds';
import { checkDnsLabel } from '../contract/kubernetes-names';
import { meshCertificatesRules } from '../contract/mesh-certificates';
import { checkAzureRegion } from '../contract/known/azure-regions';
import { checkNotSystemNamespace } from '../contract/system-namespaces';
import { trainingDataRules } from './training-data';
import { environmentIdentityRules } from './environment-bindings';
import { externalDeployerRules } from './external-deployers';
import { environmentEgressRules } from './environment-egress';
import { environmentShapeRules } from './environment-shape';
import { AzureEnvironmentConfig, AzureMlConfig, AzureMlPrivateEndpointsConfig, ClusterKubernetesConfig, EnvironmentConfig, GcpEnvironmentConfig } from './environment';
import { checkCidr, cidrContains, cidrsOverlap, parseCidr } from '../core/cidr';
import { azureMlExtensionRules } from '../terraform/azure/ml/azure-ml-extension-rules';
import { azureMlKubernetesComputeRules } from '../terraform/azure/ml/azure-ml-kubernetes-compute-rules';
import { azureMlWorkspaceRules } from '../terraform/azure/ml/azure-ml-workspace-rules';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../contract/azure-ml/azure-ml-names';
import { meshedNamespaceRules } from '../k8s/mesh/meshed-namespace-rules';
import { apiGatewayRules } from '../k8s/serving/api-gateway-rules';
import { apiGatewayIngressRules } from './api-gateway-ingress';
import { httpWorkloadRules } from '../k8s/serving/http-workload-rules';
import { modelServerRules } from '../k8s/serving/model-server-rules';
import { trainingJobRules } from '../k8s/training/training-job-rules';
import { retrainingScheduleRules } from '../k8s/training/retraining-schedule-rules';
import { driftGateRules } from '../k8s/retraining/drift-gate-rules';
import { driftScaledJobRules } from '../k8s/retraining/drift-scaled-job-rules';

const ENV_NAME = /^[a-z][a-z0-9]{1,11}$/;
// Entra and ARM accept GUIDs in either case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE_GROUP = /^[-\w._()]{1,89}[-\w_()]$/;
const PROJECT_NUMBER = /^[1-9][0-9]{5,18}$/;
const ARTIFACT_REPOSITORY = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Checks a whole environment and returns every problem, each naming the field, the value and the rule.
 * The constructs run the same rule functions, so a rule lives in one place.
 */
export function environmentIssues(env: EnvironmentConfig): Issues {
  const issues = new Issues();
  // The rules below read the config as its type says; a config of the wrong shape is reported by shape alone.
  environmentShapeRules(env, issues);
  if (issues.all.length > 0) return issues;
  const production = env.production ?? false;
  issues.check(ENV_NAME.test(env.name), 'name', env.name, 'must be 2-12 lowercase letters or digits, starting with a letter (it is part of stack and resource names)');
  issues.check(env.azure !== undefined || env.gcp !== undefined, 'azure', undefined, 'an environment needs at least one cloud: set azure, gcp or both');
  if (env.azure) azureRules(env, env.azure, production, issues.at('azure'));
  if (env.gcp) gcpRules(env.gcp, production, issues.at('gcp'));
  trainingDataRules(env, issues);
  environmentIdentityRules(env, issues.at('identities'));
  externalDeployerRules(env, issues);
  if (issues.all.length === 0) apiGatewayIngressRules(env, issues);
  // Egress is derived from the bindings: check it only once they are sound.
  if (issues.all.length === 0) environmentEgressRules(env, issues);
  observabilityRules(env, production, issues.at('observability'));
  acknowledgedReplacementRules(env.acknowledgedReplacements ?? [], issues.at('acknowledgedReplacements'));
  return issues;
}

/** Throws one PlatformValidationError listing every problem in the environment. */
export function validateEnvironment(env: EnvironmentConfig): void {
  const issues = environmentIssues(env);
  if (issues.all.length > 0) throw new PlatformValidationError(environmentWhere(env), issues.all);
}

/**
 * Validates every environment of an app, then checks that their names, which name stacks and output folders,
 * are unique. Throws for the first environment with a problem.
 */
export function validateEnvironments(environments: readonly EnvironmentConfig[]): void {
  const list: unknown = environments;
  if (!Array.isArray(list)) throw new PlatformValidationError('environments', [{ field: '', value: list, rule: 'must be a list of environment configs' }]);
  list.forEach((env: EnvironmentConfig, i) => {
    const issues = environmentIssues(env);
    if (issues.all.length > 0) throw new PlatformValidationError(environmentWhere(env, i), issues.all);
  });
  const names = list.map((env: EnvironmentConfig) => env.name);
  const issues = new Issues();
  names.forEach((name, i) => issues.check(names.indexOf(name) === i, `[${i}].name`, name,
    `environment names must be unique: environments[${names.indexOf(name)}] is also "${name}", and the name is part of its stacks (<name>-azure, <name>-gcp) and of dist/<name>/`));
  issues.throwIfAny('environments');
}

/** `environment <name>`, or its position when the name is not a usable string. */
export function environmentWhere(env: unknown, index?: number): string {
  const name = typeof env === 'object' && env !== null ? (env as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && /^\S{1,63}$/.test(name)) return `environment ${name}`;
  return index === undefined ? 'environment (unnamed)' : `environments[${index}]`;
}

function azureRules(env: EnvironmentConfig, azure: AzureEnvironmentConfig, production: boolean, issues: Issues): void {
  issues.check(UUID.test(azure.subscriptionId), 'subscriptionId', azure.subscriptionId, 'must be a subscription GUID');
  issues.check(UUID.test(azure.tenantId), 'tenantId', azure.tenantId, 'must be an Entra tenant GUID');
  checkAzureRegion(issues, 'location', azure.location);
  issues.check(RESOURCE_GROUP.test(azure.resourceGroupName), 'resourceGroupName', azure.resourceGroupName, 'must be 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending in "."');
  aksClusterRules(azure.cluster, issues.at('cluster'), { production });
  const userPools = azure.cluster.userPools ?? [];
  issues.check(userPools.some(takesOrdinaryPods), 'cluster.userPools', userPools.map((p) => p.name),
    'needs a User pool without NoSchedule or NoExecute taints (not spot, GPU, Azure ML or retiring): the platform\'s Helm releases (cert-manager, Linkerd, ...) run there, and the system pool admits only CriticalAddonsOnly pods');
  kubernetesRules(azure.kubernetes, production, issues.at('kubernetes'));
  if (azure.azureMl) azureMlRules(env, azure, azure.azureMl, production, issues.at('azureMl'));
}

function gcpRules(gcp: GcpEnvironmentConfig, production: boolean, issues: Issues): void {
  issues.check(gcp.projectNumber === undefined || PROJECT_NUMBER.test(gcp.projectNumber), 'projectNumber', gcp.projectNumber, 'must be the numeric project number (not the project ID)');
  // The cluster rules check project and location too; report them under gcp.project / gcp.region.
  const clusterIssues = new Issues();
  gkeClusterRules({ ...gcp.cluster, project: gcp.project, location: gcp.region, production, projectNumber: gcp.projectNumber }, clusterIssues);
  for (const issue of clusterIssues.all) {
    const field = issue.field === 'location' ? 'region' : issue.field === 'project' || issue.field === 'projectNumber' ? issue.field : `cluster.${issue.field}`;
    issues.add(field, issue.value, issue.rule);
  }
  if (gcp.modelRegistry) {
    issues.check(ARTIFACT_REPOSITORY.test(gcp.modelRegistry.repository), 'modelRegistry.repository', gcp.modelRegistry.repository,
      'must be an Artifact Registry repository ID: 1-63 lowercase letters, digits or "-", starting with a letter');
  }
  kubernetesRules(gcp.kubernetes, production, issues.at('kubernetes'));
  const crds = gcp.kubernetes.mesh?.gatewayApiCrds;
  issues.check(crds?.source !== 'chart', 'kubernetes.mesh.gatewayApiCrds.source', crds?.source,
    'GKE installs and manages the Gateway API CRDs itself (the cluster\'s gateway_api_config channel); use "cluster-managed"');
}

function kubernetesRules(kubernetes: ClusterKubernetesConfig, production: boolean, issues: Issues): void {
  const serving = kubernetes.serving;
  const namespace = serving.namespace ?? 'mlops';
  const mesh = kubernetes.mesh ?? {};
  const at = issues.at('serving');
  if (checkDnsLabel(at, 'namespace', namespace)) checkNotSystemNamespace(at, 'namespace', namespace);
  meshedNamespaceRules({ name: namespace, defaultInboundPolicy: mesh.defaultInboundPolicy, proxyResources: mesh.proxyResources, trafficRedirect: mesh.trafficRedirect }, production, issues.at('mesh'));
  if (mesh.gatewayApiCrds) gatewayApiCrdsRules(mesh.gatewayApiCrds, issues.at('mesh').at('gatewayApiCrds'));
  if (mesh.certificates) meshCertificatesRules(mesh.certificates, issues.at('mesh').at('certificates'));
  modelServerRules({ ...serving.modelServer, namespace }, at.at('modelServer'));
  if (serving.gpuModelServer) modelServerRules({ ...serving.gpuModelServer, namespace }, at.at('gpuModelServer'));
  const servers = [serving.modelServer, ...(serving.gpuModelServer ? [serving.gpuModelServer] : [])];
  issues.check(new Set(servers.map((s) => s.name ?? 'model-server')).size === servers.length, 'serving.gpuModelServer.name', serving.gpuModelServer?.name,
    'must differ from modelServer.name: both servers live in one namespace');
  const canary = servers.some((s) => s.traffic?.canary !== undefined);
  issues.check(!canary || mesh.viz !== false, 'mesh.viz', mesh.viz, 'a canary needs linkerd-viz: Flagger reads the mesh metrics from its Prometheus');
  const driftChecks = (serving.driftGates ?? []).length + (serving.driftScaledJobs ?? []).length;
  issues.check(driftChecks === 0 || mesh.viz !== false, 'mesh.viz', mesh.viz, 'drift gates and drift ScaledJobs need linkerd-viz: they read the drift score from its Prometheus');
  if (serving.featureStore) httpWorkloadRules({ ...serving.featureStore, namespace }, 'http', at.at('featureStore'));
  // The entry point is checked per cluster (apiGatewayIngressRules), where its default ranges are known.
  if (serving.apiGateway) apiGatewayRules({ ...serving.apiGateway, namespace, ingress: undefined }, at.at('apiGateway'));
  (serving.trainingJobs ?? []).forEach((job, i) => trainingJobRules({ ...job, namespace }, at.at('trainingJobs').at(i)));
  for (const list of ['trainingJobs', 'retraining', 'driftGates', 'driftScaledJobs'] as const) {
    const names = (serving[list] ?? []).map((item) => item.name);
    names.forEach((name, i) => at.at(list).at(i).check(names.indexOf(name) === i, 'name', name,
      `must be unique among ${list}: ${list}[${names.indexOf(name)}] has it too, and each becomes objects of that name in the namespace`));
  }
  (serving.retraining ?? []).forEach((schedule, i) => retrainingScheduleRules({ ...schedule, namespace }, at.at('retraining').at(i)));
  const serverNames = new Set(servers.map((s) => s.name ?? 'model-server'));
  const schedules = new Set((serving.retraining ?? []).map((r) => r.name));
  (serving.driftGates ?? []).forEach((gate, i) => {
    const gateAt = at.at('driftGates').at(i);
    driftGateRules({ ...gate, namespace }, gateAt);
    gateAt.check(serverNames.has(gate.server), 'server', gate.server, `must name a model server of this cluster (${[...serverNames].join(', ')})`);
    gateAt.check(schedules.has(gate.retrainingCronJob), 'retrainingCronJob', gate.retrainingCronJob, 'must name a retraining schedule of this cluster: its CronJob is the template of every drift-triggered Job');
  });
  (serving.driftScaledJobs ?? []).forEach((job, i) => {
    const jobAt = at.at('driftScaledJobs').at(i);
    driftScaledJobRules({ ...job, namespace }, jobAt);
    jobAt.check(serverNames.has(job.server), 'server', job.server, `must name a model server of this cluster (${[...serverNames].join(', ')})`);
  });
}

function observabilityRules(env: EnvironmentConfig, production: boolean, issues: Issues): void {
  const observability = env.observability ?? {};
  if (observability.thresholds) alertThresholdsRules(observability.thresholds, issues.at('thresholds'));
  if (production && env.azure) {
    issues.check((observability.azureActionGroupIds ?? []).length > 0, 'azureActionGroupIds', observability.azureActionGroupIds,
      'a production environment on Azure needs at least one action group: without one its alerts notify nobody');
  }
  if (production && env.gcp) {
    issues.check((observability.googleNotificationChannelIds ?? []).length > 0, 'googleNotificationChannelIds', observability.googleNotificationChannelIds,
      'a production environment on Google Cloud needs at least one notification channel: without one its alerts notify nobody');
  }
}

function azureMlRules(env: EnvironmentConfig, azure: AzureEnvironmentConfig, azureMl: AzureMlConfig, production: boolean, issues: Issues): void {
  const publicNetworkAccess = azureMl.publicNetworkAccess ?? false;
  // The construct calls the endpoints' subnet and VNet `privateNetwork`; the config calls them `privateEndpoints`.
  const workspaceIssues = new Issues();
  azureMlWorkspaceRules({
    name: azureMl.workspaceName,
    subscriptionId: azure.subscriptionId,
    location: azure.location,
    resourceGroupName: azure.resourceGroupName,
    tenantId: azure.tenantId,
    publicNetworkAccess,
    // The rules only ask whether there is one; where it comes from is checked below.
    privateNetwork: azureMl.privateEndpoints ? { subnetId: 'configured', virtualNetworkId: 'configured' } : undefined,
    production,
  }, workspaceIssues);
  for (const issue of workspaceIssues.all) issues.add(issue.field === 'privateNetwork' ? 'privateEndpoints' : issue.field, issue.value, issue.rule);
  if (azureMl.privateEndpoints && !publicNetworkAccess) privateEndpointsRules(azure, azureMl.privateEndpoints, issues.at('privateEndpoints'));
  const pools = azure.cluster.userPools ?? [];
  azureMlExtensionRules({
    clusterId: 'cluster',
    clusterName: azure.cluster.name,
    location: azure.location,
    pools,
    enableTraining: azureMl.enableTraining ?? true,
    enableInference: azureMl.enableInference ?? true,
    inferenceRouter: azureMl.inferenceRouter,
    production,
  }, issues.at('extension'));
  issues.check(azureMl.computes.length > 0, 'computes', azureMl.computes, 'Azure ML needs at least one Kubernetes compute');
  azureMl.computes.forEach((compute, i) => checkNotSystemNamespace(issues.at('computes').at(i), 'namespace', compute.namespace));
  azureMl.computes.forEach((compute, i) => {
    // The platform binds Trusted Access once per workspace and cluster and shares it (AzureMlPlatform).
    azureMlKubernetesComputeRules({ name: compute.name, namespace: compute.namespace, instanceTypes: compute.instanceTypes, pools }, issues.at('computes').at(i));
  });
  const servingNamespace = azure.kubernetes.serving.namespace ?? 'mlops';
  azureMl.computes.forEach((compute, i) => issues.check(compute.namespace !== servingNamespace, `computes[${i}].namespace`, compute.namespace,
    'must differ from the serving namespace: Azure ML owns every pod spec in a compute namespace, and its azureml-fe path would select the platform\'s own workloads'));
  const names = azureMl.computes.map((c) => c.name);
  names.forEach((name, i) => issues.check(names.indexOf(name) === i, `computes[${i}].name`, name, 'compute names must be unique in a workspace'));
  if (azureMl.google) {
    issues.check(env.gcp?.modelRegistry !== undefined, 'google', azureMl.google, 'publishing to Google needs gcp.modelRegistry (the Artifact Registry repository to write to)');
    checkDnsLabel(issues.at('google'), 'deployNamespace', azureMl.google.deployNamespace);
    const pipelineNamespace = azureMl.google.publisher.namespace;
    if (checkDnsLabel(issues.at('google').at('publisher'), 'namespace', pipelineNamespace)) {
      const taken = [servingNamespace, AZURE_ML_SYSTEM_NAMESPACE, ...azureMl.computes.map((c) => c.namespace)];
      issues.check(!taken.includes(pipelineNamespace), 'google.publisher.namespace', pipelineNamespace,
        `must be a namespace of its own (not ${taken.join(', ')}): the publisher's and the deployer's ServiceAccounts carry cloud identities, so no other workload may run beside them`);
    }
  }
}

/** The private endpoints' subnet: created inside the cluster's own VNet, or brought with the VNet to link DNS to. */
function privateEndpointsRules(azure: AzureEnvironmentConfig, config: AzureMlPrivateEndpointsConfig, issues: Issues): void {
  const network = azure.cluster.network;
  if (!issues.check((config.subnetCidr === undefined) !== (config.existingSubnetId === undefined), 'subnetCidr', config.subnetCidr,
    'set exactly one of subnetCidr (a subnet the library creates in the cluster\'s VNet) or existingSubnetId')) return;
  if (config.existingSubnetId !== undefined) {
    issues.check(/\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(config.existingSubnetId), 'existingSubnetId', config.existingSubnetId, 'must be a subnet resource ID');
    issues.check(config.virtualNetworkId !== undefined && /\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i.test(config.virtualNetworkId), 'virtualNetworkId', config.virtualNetworkId,
      'must be the resource ID of the VNet the cluster resolves names in: the private DNS zones are linked to it');
    return;
  }
  issues.check(config.virtualNetworkId === undefined, 'virtualNetworkId', config.virtualNetworkId, 'only applies with existingSubnetId; a created subnet is in the cluster\'s VNet');
  if (!issues.check(network.existingSubnetId === undefined, 'subnetCidr', config.subnetCidr,
    'the cluster uses an existing subnet, so the library has no VNet to add a subnet to: give existingSubnetId and virtualNetworkId instead')) return;
  const subnet = checkCidr(issues, 'subnetCidr', config.subnetCidr);
  if (!subnet) return;
  // Each endpoint takes at least one address; Azure keeps five per subnet (virtual-networks-faq).
  issues.check(subnet.prefix <= 28, 'subnetCidr', subnet.text, 'must be /28 or larger: the five endpoints take an address each, and Azure keeps five addresses of every subnet');
  const vnet = parseCidr(network.vnetCidr ?? '10.240.0.0/16');
  const nodes = parseCidr(network.nodeSubnetCidr ?? '10.240.0.0/22');
  if (vnet) issues.check(cidrContains(vnet, subnet), 'subnetCidr', subnet.text, `must lie inside the cluster's vnetCidr (${vnet.text})`);
  if (nodes) issues.check(!cidrsOverlap(nodes, subnet), 'subnetCidr', subnet.text, `overlaps the node subnet (${nodes.text})`);
}
