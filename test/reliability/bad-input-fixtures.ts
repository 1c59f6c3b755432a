import { GKE_SECRETS_KEY, gkeProps as gkeFixture } from '../gcp/gke-fixtures';
import { resolve } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { Chart } from 'cdk8s';
import { AksClusterProps } from '../../lib/terraform/azure/aks-cluster';
import { AksNodePoolProps } from '../../lib/terraform/azure/aks-node-pool';
import { AksNodePoolSpec } from '../../lib/terraform/azure/aks-types';
import { AzureMlExtensionProps } from '../../lib/terraform/azure/ml/azure-ml-extension';
import { azureMlNodePool } from '../../lib/terraform/azure/ml/azure-ml-pools';
import { formatIssue, PlatformValidationError } from '../../lib/core/validation';
import { WorkloadIdentityBinding } from '../../lib/contract/identity/workload-identity-binding';
import { GkeNodePoolProps } from '../../lib/terraform/gcp/gke-node-pool';
import { GkeClusterProps } from '../../lib/terraform/gcp/gke-types';
import { ClusterContextProps } from '../../lib/k8s/core/cluster-context';
import { Workload } from '../../lib/k8s/core/workload';
import { ModelVersionSpec } from '../../lib/k8s/serving/model-server';
import { clusterChart } from '../support/cluster-app';
import { AzureMlInstanceTypeSpec } from '../../lib/contract/azure-ml/instance-types';

/** A Terraform stack named `test` in a fresh app. */
export function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

/** A chart in a cluster app (production AKS unless overridden). */
export function chart(overrides: Partial<ClusterContextProps> = {}): Chart {
  return clusterChart(overrides).chart;
}

/** A value of the wrong type on purpose: what a JSON config or a JavaScript caller can hand over. */
export function untyped<T>(value: unknown): T {
  return value as T;
}

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const AKS_ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/66666666-7777-8888-9999-000000000000/`;
export const CLUSTER_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod';

export const aksProps: AksClusterProps = {
  name: 'aks-test',
  location: 'westeurope',
  resourceGroupName: 'rg-test',
  network: { vnetCidr: '10.10.0.0/16', nodeSubnetCidr: '10.10.0.0/22', podCidr: '192.168.0.0/16', serviceCidr: '172.16.0.0/16', dnsServiceIp: '172.16.0.10' },
  userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3 }],
};

export const aksPoolProps: AksNodePoolProps = { clusterId: CLUSTER_ID, subnetId: 'subnet-id', name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3 };

export const gkeProps: GkeClusterProps = gkeFixture();

export const gkeProdProps: GkeClusterProps = {
  ...gkeProps, name: 'ml-prod', project: 'ml-prod-123', production: true, projectNumber: '123456789012', secretsEncryptionKey: GKE_SECRETS_KEY, controlPlane: { dnsEndpoint: true },
};

export const gkePoolProps: GkeNodePoolProps = {
  project: 'ml-dev-123', clusterId: 'cluster-id', location: 'europe-west4', region: 'europe-west4', serviceAccountEmail: 'ml-dev-nodes@ml-dev-123.iam.gserviceaccount.com',
  name: 'general', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3,
};

export const AML_POOLS: AksNodePoolSpec[] = [
  azureMlNodePool({ name: 'amlsys', vmSize: 'Standard_D4ds_v5', nodeCount: 3 }, { purpose: 'system' }),
  azureMlNodePool({ name: 'amlcpu', vmSize: 'Standard_D8ds_v5', minCount: 1, maxCount: 5, labels: { 'ml-mesh.io/pool': 'amlcpu' } }, { purpose: 'inference' }),
];

export const AML_INSTANCE_TYPES: AzureMlInstanceTypeSpec[] = [
  { name: 'defaultinstancetype', nodeSelector: { 'ml-mesh.io/pool': 'amlcpu' }, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
];

export const amlExtensionProps: AzureMlExtensionProps = {
  clusterId: CLUSTER_ID, clusterName: 'aks-prod', location: 'westeurope', pools: AML_POOLS, enableTraining: true, enableInference: true, production: true,
  inferenceRouter: { type: 'internalLoadBalancer', sslSecretName: 'azureml-fe-tls', sslCname: 'ml.internal.example.com', certificateIssuer: { kind: 'ClusterIssuer', name: 'corp-ca' } },
};

export const v1: ModelVersionSpec = { name: 'v1', image: 'ghcr.io/acme/model:1.0.0', modelPath: '/models/v1' };
export const v2: ModelVersionSpec = { name: 'v2', image: 'ghcr.io/acme/model:1.1.0', modelPath: '/models/v2' };

/** A workload as the policy layers see it; no Deployment behind it. */
export const modelServerWorkload: Workload = {
  name: 'model-server', namespace: 'mlops', serviceAccountName: 'model-server', selector: { app: 'model-server' },
  ports: [{ name: 'http', port: 8080, protocol: 'http1' }],
};

/** AKS workload reading Google Cloud Storage; valid except where a row changes it. */
export const aksToGoogle: WorkloadIdentityBinding = {
  name: 'model-reader',
  workload: { cluster: { cloud: 'azure', name: 'aks-test', issuerUrl: AKS_ISSUER }, namespace: 'mlops', serviceAccount: 'model-server' },
  identity: { cloud: 'gcp', stack: 'test', projectId: 'ml-mesh-prod', federation: { poolId: 'ml-mesh-prod' } },
};

/** AKS workload using an Azure managed identity; valid except where a row changes it. */
export const aksToAzure: WorkloadIdentityBinding = {
  name: 'blob-reader',
  workload: { cluster: { cloud: 'azure', name: 'aks-test', issuerUrl: AKS_ISSUER }, namespace: 'mlops', serviceAccount: 'model-server' },
  identity: { cloud: 'azure', stack: 'test', identityName: 'id-model-server', resourceGroupName: 'rg-ml', location: 'westeurope', tenantId: TENANT },
};

/** One bad input: how to build it, and the field and rule its error must name. */
export interface BadInput {
  readonly what: string;
  readonly build: () => unknown;
  /** The end of the reported field path (after the construct path or environment name). */
  readonly field: string;
  /** A fragment of the rule text, copied from the rule in lib/. */
  readonly rule: string;
  /** The offending value, when the rule reports one. */
  readonly value?: unknown;
}

const LIB = `${resolve(__dirname, '..', '..', 'lib')}/`;

/** The first `at` line of a stack, i.e. where the error was thrown. */
export function throwSite(error: Error): string {
  return (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line))?.trim() ?? '(no stack)';
}

/** Runs `build` and returns what it threw; fails when it threw nothing. */
export function thrownBy(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('accepted the bad input without an error');
}

/**
 * What the error says about the row, in a form a failing test prints usefully: whether it is one of ours,
 * where it was thrown, and the issue that matches the field and rule (or every message, when none does).
 */
export function explain(row: BadInput, error: Error): { ours: boolean; thrownInLib: boolean; matches: string } {
  const site = throwSite(error);
  const thrownInLib = site.includes(LIB) && !site.includes('node_modules');
  if (error instanceof PlatformValidationError) {
    const issue = error.issues.find((i) => [error.where, i.field].filter((s) => s !== '').join('.').endsWith(row.field) && i.rule.includes(row.rule));
    const valueOk = issue !== undefined && (!('value' in row) || JSON.stringify(issue.value) === JSON.stringify(row.value));
    const inMessage = issue !== undefined && error.message.includes(formatIssue(error.where, issue));
    return { ours: true, thrownInLib, matches: valueOk && inMessage ? 'field, value and rule' : error.message };
  }
  // A plain Error from our own code names the field and the rule in its message; a TypeError or a
  // dependency's error does not count as a clear message.
  const ours = error.constructor === Error;
  const matches = error.message.includes(row.field) && error.message.includes(row.rule) ? 'field, value and rule' : error.message;
  return { ours, thrownInLib, matches };
}
