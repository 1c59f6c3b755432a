import { aksClusterRules } from '../azure/aks-cluster';
import { Issues, PlatformValidationError } from '../core/validation';
import { gkeClusterRules } from '../gcp/gke-cluster-rules';
import { checkDnsLabel } from '../k8s/core/names';
import { modelServerRules } from '../k8s/serving/model-server';
import { AzureEnvironmentConfig, ClusterWorkloadsConfig, EnvironmentConfig, GcpEnvironmentConfig } from './environment';

const ENV_NAME = /^[a-z][a-z0-9]{1,11}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AZURE_REGION = /^[a-z]+[a-z0-9]*$/;
const RESOURCE_GROUP = /^[-\w._()]{1,89}[-\w_()]$/;

/**
 * Checks a whole environment and returns every problem, each naming the field, the value and the rule.
 * The constructs run the same rule functions, so a rule lives in one place.
 */
export function environmentIssues(env: EnvironmentConfig): Issues {
  const issues = new Issues();
  issues.check(ENV_NAME.test(env.name), 'name', env.name, 'must be 2-12 lowercase letters or digits, starting with a letter (it is part of stack and resource names)');
  issues.check(env.azure !== undefined || env.gcp !== undefined, 'azure', undefined, 'an environment needs at least one cloud: set azure, gcp or both');
  if (env.azure) azureRules(env.azure, issues.at('azure'));
  if (env.gcp) gcpRules(env.gcp, env.production ?? false, issues.at('gcp'));
  return issues;
}

/** Throws one PlatformValidationError listing every problem in the environment. */
export function validateEnvironment(env: EnvironmentConfig): void {
  const issues = environmentIssues(env);
  if (issues.all.length > 0) throw new PlatformValidationError(`environment ${env.name}`, issues.all);
}

function azureRules(azure: AzureEnvironmentConfig, issues: Issues): void {
  issues.check(UUID.test(azure.subscriptionId), 'subscriptionId', azure.subscriptionId, 'must be a subscription GUID');
  issues.check(UUID.test(azure.tenantId), 'tenantId', azure.tenantId, 'must be an Entra tenant GUID');
  issues.check(AZURE_REGION.test(azure.location), 'location', azure.location, 'must be an Azure region name such as westeurope (lowercase, no spaces)');
  issues.check(RESOURCE_GROUP.test(azure.resourceGroupName), 'resourceGroupName', azure.resourceGroupName, 'must be 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending in "."');
  aksClusterRules(azure.cluster, issues.at('cluster'));
  workloadRules(azure.workloads, issues.at('workloads'));
}

function gcpRules(gcp: GcpEnvironmentConfig, production: boolean, issues: Issues): void {
  issues.check(gcp.projectNumber === undefined || /^[1-9][0-9]{5,18}$/.test(gcp.projectNumber), 'projectNumber', gcp.projectNumber, 'must be the numeric project number (not the project ID)');
  // The cluster rules check project and location too, so they report under gcp.project / gcp.location.
  const clusterIssues = new Issues();
  gkeClusterRules({ ...gcp.cluster, project: gcp.project, location: gcp.region, production, projectNumber: gcp.projectNumber }, clusterIssues);
  for (const issue of clusterIssues.all) {
    const field = issue.field === 'location' ? 'region' : issue.field === 'project' || issue.field === 'projectNumber' ? issue.field : `cluster.${issue.field}`;
    issues.add(field, issue.value, issue.rule);
  }
  workloadRules(gcp.workloads, issues.at('workloads'));
}

function workloadRules(workloads: ClusterWorkloadsConfig, issues: Issues): void {
  const namespace = workloads.namespace ?? 'mlops';
  checkDnsLabel(issues, 'namespace', namespace);
  modelServerRules({ ...workloads.modelServer, namespace }, issues.at('modelServer'));
}
