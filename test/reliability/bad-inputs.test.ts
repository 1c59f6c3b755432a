import { cidrsOverlap, Ipv4Cidr } from '../../lib/core/cidr';
import { AksCluster } from '../../lib/terraform/azure/aks-cluster';
import { AksNodePool } from '../../lib/terraform/azure/aks-node-pool';
import { AzureMlExtension } from '../../lib/terraform/azure/ml/azure-ml-extension';
import { AzureMlKubernetesCompute, AzureMlKubernetesComputeProps } from '../../lib/terraform/azure/ml/azure-ml-kubernetes-compute';
import { AzureMlWorkspace } from '../../lib/terraform/azure/ml/azure-ml-workspace';
import { AzureWorkloadIdentity } from '../../lib/terraform/azure/workload-identity';
import { EnvironmentConfig } from '../../lib/config/environment';
import { validateEnvironment } from '../../lib/config/validate-environment';
import { Issues } from '../../lib/core/validation';
import { GoogleFederationPool } from '../../lib/terraform/federation/google-federation-pool';
import { WorkloadIdentityBinding } from '../../lib/contract/identity/workload-identity-binding';
import { WorkloadIdentityBindings } from '../../lib/terraform/federation/workload-identity-bindings';
import { GkeCluster } from '../../lib/terraform/gcp/gke-cluster';
import { GkeNodePool } from '../../lib/terraform/gcp/gke-node-pool';
import { GoogleWorkloadIdentity } from '../../lib/terraform/gcp/google-workload-identity';
import { GkeClusterProps } from '../../lib/terraform/gcp/gke-types';
import { WorkloadIdentity } from '../../lib/k8s/identity/workload-identity';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { qualityGatesRules } from '../../lib/k8s/quality/quality-gates';
import { failureAccrualRules } from '../../lib/k8s/resilience/failure-accrual';
import { azureManagedPrometheusRules } from '../../lib/terraform/observability/azure-managed-prometheus';
import { MeshServer } from '../../lib/k8s/mesh/mesh-server';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { ModelRoutes, ModelRoutesProps } from '../../lib/k8s/mesh/model-routes';
import { CloudEgressPolicy, CloudEgressPolicyProps } from '../../lib/k8s/network/cloud-egress-policy';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { allowTraffic } from '../../lib/k8s/policy/allow-traffic';
import { ApiGateway } from '../../lib/k8s/serving/api-gateway';
import { REFERENCE_CANARY_PLAN } from '../../lib/k8s/serving/canary-plan';
import { FeatureStore } from '../../lib/k8s/serving/feature-store';
import { ModelServer, ModelServerProps } from '../../lib/k8s/serving/model-server';
import { RetrainingSchedule, RetrainingScheduleProps } from '../../lib/k8s/training/retraining-schedule';
import { TrainingJob, TrainingJobProps } from '../../lib/k8s/training/training-job';
import { dev } from '../../stacks/environments/dev';
import { prod } from '../../stacks/environments/prod';
import {
  AKS_ISSUER, aksPoolProps, aksProps, aksToAzure, aksToGoogle, AML_INSTANCE_TYPES, AML_POOLS, amlExtensionProps, BadInput, chart, explain, gkePoolProps,
  gkeProdProps, gkeProps, modelServerWorkload, stack, TENANT, thrownBy, untyped, v1, v2,
} from './bad-input-fixtures';

const aks = (patch: Partial<typeof aksProps>) => () => new AksCluster(stack(), 'aks', { ...aksProps, ...patch });
const aksNetwork = (patch: Partial<typeof aksProps.network>, production = false) => aks({ network: { ...aksProps.network, ...patch }, production });
const aksPool = (patch: Partial<typeof aksPoolProps>) => () => new AksNodePool(stack(), 'pool', { ...aksPoolProps, ...patch });
const gke = (patch: Partial<GkeClusterProps>, base: GkeClusterProps = gkeProps) => () => new GkeCluster(stack(), 'gke', { ...base, ...patch });
const gkeNetwork = (patch: Partial<GkeClusterProps['network']>) => gke({ network: { ...gkeProps.network, ...patch } });
const gkePool = (patch: Partial<typeof gkePoolProps>) => () => new GkeNodePool(stack(), 'pool', { ...gkePoolProps, ...patch });
const pool = () => new GoogleFederationPool(stack(), 'wif', { projectId: 'ml-mesh-prod', poolId: 'ml-mesh-prod' });
const azureIdentity = (subjects: { name: string; issuer: string; subject: string }[]) => () =>
  new AzureWorkloadIdentity(stack(), 'id', { name: 'id-model-server', resourceGroupName: 'rg', location: 'westeurope', federatedSubjects: subjects });
const subject = (i: number) => ({ name: `cred-${i}`, issuer: AKS_ISSUER, subject: `system:serviceaccount:mlops:sa-${i}` });
const bindings = (cloud: 'azure' | 'gcp', list: WorkloadIdentityBinding[]) => () => new WorkloadIdentityBindings(stack(), 'bindings', { cloud, bindings: list });
const amlCompute = (patch: Partial<AzureMlKubernetesComputeProps>) => () => {
  const scope = stack();
  const extension = new AzureMlExtension(scope, 'ext', amlExtensionProps);
  new AzureMlKubernetesCompute(scope, 'compute', {
    workspace: AzureMlWorkspace.fromId('/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw', 'mlw'),
    name: 'aks-prod-ml', clusterId: 'cluster-id', location: 'westeurope', resourceGroupName: 'rg', namespace: 'mlops',
    instanceTypes: AML_INSTANCE_TYPES, pools: AML_POOLS, extension: extension.extension, ...patch,
  });
};
const server = (patch: Partial<ModelServerProps>) => () => new ModelServer(chart(), 'server', { versions: [v1], ...patch });
const version = (patch: Partial<typeof v1>) => server({ versions: [{ ...v1, ...patch }] });
const scaled = { ...v1, autoscaling: { minReplicas: 2, maxReplicas: 4 } };
const canary = (patch: Partial<typeof REFERENCE_CANARY_PLAN>) => server({ versions: [scaled], traffic: { canary: { ...REFERENCE_CANARY_PLAN, ...patch } } });
const routes = (patch: Partial<ModelRoutesProps>) => () => new ModelRoutes(chart(), 'routes', {
  service: { name: 'model-server', namespace: 'mlops', port: 8443 },
  backends: [{ name: 'model-server-v1', weight: 90 }, { name: 'model-server-v2', weight: 10 }],
  rules: [{ name: 'all', path: { value: '/' } }],
  ...patch,
});
const egress = (patch: Partial<CloudEgressPolicyProps>, acnsSecurity = true) => () =>
  new CloudEgressPolicy(chart({ acnsSecurity }), 'egress', { namespace: 'mlops', endpoints: ['gcs'], ...patch });
const training = (patch: Partial<TrainingJobProps>) => () => new TrainingJob(chart(), 'train', { name: 'churn', image: 'ghcr.io/acme/train:2.0.0', workers: { replicas: 2 }, ...patch });
const retraining = (patch: Partial<RetrainingScheduleProps>) => () =>
  new RetrainingSchedule(chart(), 'retrain', { name: 'retrain-churn', schedule: '0 3 * * *', image: 'ghcr.io/acme/retrain:2.0.0', ...patch });
const env = (config: EnvironmentConfig) => () => validateEnvironment(config);
/** A rule function on its own, as validateEnvironment and the constructs call it. */
const rules = <T>(check: (props: T, issues: Issues) => void, props: T) => () => {
  const issues = new Issues();
  check(props, issues);
  issues.throwIfAny('rules');
};
const GATE = { maxErrorRatePercent: 1, maxP99LatencyMs: 500, minAccuracy: 0.9 };
const devAzure = dev.azure!;
const prodGcp = prod.gcp!;

const BAD_INPUTS: BadInput[] = [
  // AKS cluster
  { what: 'AKS cluster name ending in "-"', build: aks({ name: 'aks_bad-' }), field: 'name', value: 'aks_bad-', rule: 'must be 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit' },
  { what: 'AKS patch version with the patch upgrade channel', build: aks({ kubernetesVersion: '1.33.2' }), field: 'kubernetesVersion', value: '1.33.2', rule: 'must be major.minor such as 1.33' },
  { what: 'AKS Calico policy on the Cilium dataplane', build: aksNetwork({ networkPolicy: 'calico' }), field: 'network.networkPolicy', value: 'calico', rule: 'with the Cilium dataplane the network policy engine must be "cilium"' },
  { what: 'AKS pod CIDR overlapping the VNet', build: aksNetwork({ podCidr: '10.10.0.0/16' }), field: 'network.podCidr', value: '10.10.0.0/16', rule: 'overlaps vnetCidr (10.10.0.0/16)' },
  { what: 'AKS DNS service IP outside the service CIDR', build: aksNetwork({ dnsServiceIp: '10.99.0.10' }), field: 'network.dnsServiceIp', value: '10.99.0.10', rule: 'must lie inside serviceCidr (172.16.0.0/16)' },
  { what: 'AKS public service CIDR', build: aksNetwork({ serviceCidr: '8.8.0.0/16', dnsServiceIp: '8.8.0.10' }), field: 'network.serviceCidr', value: '8.8.0.0/16', rule: 'must be a private range' },
  { what: 'AKS production API server open to the internet', build: aksNetwork({}, true), field: 'network.apiServer.authorizedIpRanges', rule: 'a production cluster needs authorizedIpRanges or privateCluster: true' },
  { what: 'AKS private authorized IP range', build: aksNetwork({ apiServer: { authorizedIpRanges: ['10.0.0.0/8'] } }), field: 'network.apiServer.authorizedIpRanges[0]', value: '10.0.0.0/8', rule: 'must be a public range' },
  { what: 'AKS system pool scaling to zero', build: aks({ systemPool: { minCount: 0, maxCount: 3 } }), field: 'systemPool.minCount', value: 0, rule: 'a System pool cannot scale to zero' },
  { what: 'AKS GPU size in the system pool', build: aks({ systemPool: { vmSize: 'Standard_NC6s_v3' } }), field: 'systemPool.vmSize', value: 'Standard_NC6s_v3', rule: 'GPU sizes do not belong in the System pool' },
  { what: 'AKS pod CIDR too small for the pools', build: aksNetwork({ podCidr: '192.168.0.0/24' }), field: 'network.podCidr', value: '192.168.0.0/24', rule: 'each overlay node takes a /24, so widen it' },
  { what: 'AKS tenant ID that is not a GUID', build: aks({ identity: { tenantId: 'contoso' } }), field: 'identity.tenantId', value: 'contoso', rule: 'must be an Entra tenant ID (a GUID)' },
  { what: 'AKS log retention below Log Analytics minimum', build: aks({ monitoring: { retentionDays: 7 } }), field: 'monitoring.retentionDays', value: 7, rule: 'from 30 to 730 (Log Analytics)' },
  { what: 'AKS duplicate pool names', build: aks({ userPools: [aksProps.userPools![0], aksProps.userPools![0]] }), field: 'userPools[1].name', value: 'cpu', rule: 'node pool names must be unique in a cluster' },
  { what: 'AKS retiring pool replaced by a missing pool', build: aks({ userPools: [{ ...aksProps.userPools![0], retiring: { replacedBy: 'gone' } }] }), field: 'userPools[0].retiring.replacedBy', value: 'gone', rule: 'must name another User pool of this cluster' },
  // AKS node pool
  { what: 'AKS pool name with capitals', build: aksPool({ name: 'CPU-Pool' }), field: 'name', value: 'CPU-Pool', rule: 'must be 1-12 lowercase letters or digits' },
  { what: 'AKS pool minCount above maxCount', build: aksPool({ minCount: 5, maxCount: 2 }), field: 'minCount', value: 5, rule: 'must be <= maxCount (2)' },
  { what: 'AKS pool with nodeCount and autoscaling', build: aksPool({ nodeCount: 3 }), field: 'nodeCount', value: 3, rule: 'a fixed nodeCount turns the autoscaler off' },
  { what: 'AKS pool in zone 4', build: aksPool({ zones: ['4'] }), field: 'zones[0]', value: '4', rule: 'must be "1", "2" or "3"' },
  { what: 'AKS GPU size without gpu settings', build: aksPool({ vmSize: 'Standard_NC6s_v3' }), field: 'gpu', rule: 'is an N-series GPU size: set gpu' },
  { what: 'AKS pool label with a reserved prefix', build: aksPool({ labels: { 'kubernetes.io/role': 'ml' } }), field: 'labels.kubernetes.io/role', value: 'kubernetes.io/role', rule: 'is reserved for AKS and Kubernetes' },
  { what: 'AKS taint with an unknown effect', build: aksPool({ taints: [{ key: 'ml', value: 'x', effect: untyped('Never') }] }), field: 'taints[0].effect', value: 'Never', rule: 'must be NoSchedule, PreferNoSchedule or NoExecute' },
  { what: 'AKS spot max price of zero', build: aksPool({ spot: { maxPrice: 0 } }), field: 'spot.maxPrice', value: 0, rule: 'must be -1 (pay up to the on-demand price)' },
  { what: 'AKS Windows pool on Cilium', build: aksPool({ osType: 'Windows' }), field: 'osType', value: 'Windows', rule: 'Windows node pools are not supported with the Cilium dataplane' },
  { what: 'AKS upgrade surge of zero', build: aksPool({ upgrade: { maxSurge: '0' } }), field: 'upgrade.maxSurge', value: '0', rule: 'must be a node count such as "1"' },
  // GKE cluster
  { what: 'GKE cluster name with capitals and "_"', build: gke({ name: 'GKE_Prod' }), field: 'name', value: 'GKE_Prod', rule: 'must be 1-40 lowercase letters, digits or "-"' },
  { what: 'GKE project ID too short', build: gke({ project: 'ab' }), field: 'project', value: 'ab', rule: 'must be a Google Cloud project ID' },
  { what: 'GKE zonal production cluster', build: gke({ location: 'europe-west4-a' }, gkeProdProps), field: 'location', value: 'europe-west4-a', rule: 'production clusters must be regional' },
  { what: 'GKE production on the RAPID channel', build: gke({ releaseChannel: 'RAPID' }, gkeProdProps), field: 'releaseChannel', value: 'RAPID', rule: 'production clusters must not use RAPID' },
  { what: 'GKE production without secrets encryption', build: gke({ secretsEncryptionKey: undefined }, gkeProdProps), field: 'secretsEncryptionKey', rule: 'production clusters must encrypt Secrets with a Cloud KMS key' },
  { what: 'GKE KMS key in another region', build: gke({ secretsEncryptionKey: 'projects/ml-prod-123/locations/us-central1/keyRings/gke/cryptoKeys/secrets' }, gkeProdProps), field: 'secretsEncryptionKey', rule: "the key must be in the cluster's region (europe-west4), not us-central1" },
  { what: 'GKE pod range overlapping the node subnet', build: gkeNetwork({ podCidr: '10.10.0.0/16' }), field: 'network.nodeSubnetCidr', value: '10.10.0.0/20', rule: 'overlaps podCidr (10.10.0.0/16)' },
  { what: 'GKE control-plane range that is not a /28', build: gkeNetwork({ masterIpv4CidrBlock: '172.16.0.0/24' }), field: 'network.masterIpv4CidrBlock', value: '172.16.0.0/24', rule: 'must be a /28' },
  { what: 'GKE control plane open to 0.0.0.0/0', build: gke({ controlPlane: { authorizedNetworks: [{ cidrBlock: '0.0.0.0/0', displayName: 'all' }] } }), field: 'controlPlane.authorizedNetworks[0].cidrBlock', value: '0.0.0.0/0', rule: 'would open the control plane to the whole internet' },
  { what: 'GKE public endpoint without authorized networks', build: gke({ controlPlane: {} }), field: 'controlPlane.authorizedNetworks', rule: 'a public control-plane endpoint needs at least one authorized network' },
  { what: 'GKE with only a spot pool', build: gke({ nodePools: [{ ...gkeProps.nodePools[0], spot: true }] }), field: 'nodePools', rule: 'needs at least one on-demand pool without NoSchedule/NoExecute taints' },
  { what: 'GKE maintenance window of two hours', build: gke({ maintenance: { window: { startTime: '2025-01-04T02:00:00Z', endTime: '2025-01-04T04:00:00Z', recurrence: 'FREQ=DAILY' } } }), field: 'maintenance.window.endTime', value: '2025-01-04T04:00:00Z', rule: 'the window must last at least 4 contiguous hours' },
  { what: 'GKE NO_UPGRADES exclusion of 40 days', build: gke({ maintenance: { exclusions: [{ name: 'freeze', startTime: '2025-12-01T00:00:00Z', endTime: '2026-01-10T00:00:00Z' }] } }), field: 'maintenance.exclusions[0].endTime', rule: 'a NO_UPGRADES exclusion may last at most 30 days' },
  { what: 'GKE pod range too small for the pools', build: gkeNetwork({ podCidr: '10.16.0.0/24' }), field: 'network.podCidr', value: '10.16.0.0/24', rule: 'holds 256 pod addresses but the pools need' },
  // GKE node pool
  { what: 'GKE machine type with "_"', build: gkePool({ machineType: 'n2_standard' }), field: 'machineType', value: 'n2_standard', rule: 'must be a Compute Engine machine type' },
  { what: 'GKE pool minNodes above maxNodes', build: gkePool({ minNodes: 3, maxNodes: 1 }), field: 'minNodes', value: 3, rule: 'must be <= maxNodes (1)' },
  { what: 'GKE pool zone in another region', build: gkePool({ nodeLocations: ['us-central1-a'] }), field: 'nodeLocations[0]', value: 'us-central1-a', rule: 'must be a zone of region europe-west4' },
  { what: 'GKE max pods per node below 8', build: gkePool({ maxPodsPerNode: 4 }), field: 'maxPodsPerNode', value: 4, rule: 'must be a whole number from 8 to 256' },
  { what: 'GKE GPU count of zero', build: gkePool({ gpu: { count: 0, acceleratorType: 'nvidia-l4' } }), field: 'gpu.count', value: 0, rule: 'must be a whole number >= 1' },
  { what: 'GKE surge upgrade that cannot progress', build: gkePool({ upgrade: { strategy: 'SURGE', maxSurge: 0, maxUnavailable: 0 } }), field: 'upgrade.maxSurge', value: 0, rule: 'maxSurge + maxUnavailable must be at least 1' },
  { what: 'GKE spot label set by hand', build: gkePool({ labels: { 'cloud.google.com/gke-spot': 'true' } }), field: 'labels.cloud.google.com/gke-spot', value: 'true', rule: 'use `spot: true` instead' },
  // Identity and federation
  { what: 'WIF pool ID with the reserved gcp- prefix', build: () => new GoogleFederationPool(stack(), 'wif', { projectId: 'ml-mesh-prod', poolId: 'gcp-pool' }), field: 'poolId', value: 'gcp-pool', rule: 'must not start with "gcp-"' },
  { what: 'WIF pool ID too short', build: () => new GoogleFederationPool(stack(), 'wif', { projectId: 'ml-mesh-prod', poolId: 'ab' }), field: 'poolId', value: 'ab', rule: 'must be 4-32 characters' },
  { what: 'AKS issuer without its trailing "/"', build: () => pool().trustKubernetesIssuer({ providerId: 'aks-prod', issuerUrl: AKS_ISSUER.slice(0, -1), serviceAccounts: [{ namespace: 'mlops', serviceAccount: 'sa' }] }), field: 'issuerUrl', value: AKS_ISSUER.slice(0, -1), rule: 'must be the AKS OIDC issuer exactly as the cluster reports it' },
  { what: 'Kubernetes issuer trust without ServiceAccounts', build: () => pool().trustKubernetesIssuer({ providerId: 'aks-prod', issuerUrl: AKS_ISSUER, serviceAccounts: [] }), field: 'serviceAccounts', rule: 'must name at least one ServiceAccount' },
  { what: 'federation subject over 127 bytes', build: () => pool().trustKubernetesIssuer({ providerId: 'aks-prod', issuerUrl: AKS_ISSUER, serviceAccounts: [{ namespace: 'n'.repeat(63), serviceAccount: 's'.repeat(63) }] }), field: 'serviceAccounts[0].subject', rule: 'Google IAM rejects more than 127' },
  { what: "Entra provider accepting Entra's own exchange audience", build: () => pool().trustEntraId({ providerId: 'entra', tenantId: TENANT, audiences: ['api://AzureADTokenExchange'], principalObjectIds: [TENANT] }), field: 'audiences[0]', value: 'api://AzureADTokenExchange', rule: 'that audience belongs to Entra ID' },
  { what: 'Entra provider with a tenant name instead of an ID', build: () => pool().trustEntraId({ providerId: 'entra', tenantId: 'contoso', audiences: ['app-id'], principalObjectIds: [TENANT] }), field: 'tenantId', value: 'contoso', rule: 'must be the Entra tenant ID, a GUID' },
  { what: 'two providers with the same ID', build: () => { const p = pool(); const trust = { providerId: 'aks-prod', issuerUrl: AKS_ISSUER, serviceAccounts: [{ namespace: 'mlops', serviceAccount: 'sa' }] }; p.trustKubernetesIssuer(trust); p.trustKubernetesIssuer(trust); }, field: 'providerId', value: 'aks-prod', rule: 'must be unique in the pool' },
  { what: 'federated credential name too short', build: azureIdentity([{ ...subject(0), name: 'x' }]), field: 'federatedCredentials[0].name', value: 'x', rule: 'must be 3-120 characters' },
  { what: '21 federated credentials on one identity', build: azureIdentity(Array.from({ length: 21 }, (_, i) => subject(i))), field: 'federatedCredentials', rule: 'a managed identity holds at most 20' },
  { what: 'the same issuer and subject trusted twice', build: azureIdentity([subject(0), { ...subject(0), name: 'cred-again' }]), field: 'federatedCredentials[1].subject', rule: 'issuer + subject must be unique on the identity' },
  { what: 'Google service account ID with capitals', build: () => new GoogleWorkloadIdentity(stack(), 'gwi', { projectId: 'ml-mesh-prod', workloadMember: 'principal://x', serviceAccountId: 'SA' }), field: 'serviceAccountId', value: 'SA', rule: 'must be a service account ID' },
  { what: 'AKS -> Google binding without a federation pool', build: bindings('gcp', [{ ...aksToGoogle, identity: { ...aksToGoogle.identity, federation: undefined } as WorkloadIdentityBinding['identity'] }]), field: 'bindings[0].identity.federation', rule: 'is required when an AKS workload calls Google' },
  { what: 'Azure role at subscription scope', build: bindings('azure', [{ ...aksToAzure, identity: { ...aksToAzure.identity, roleAssignments: [{ scope: '/subscriptions/sub-1', roleDefinitionName: 'Reader' }] } as WorkloadIdentityBinding['identity'] }]), field: 'bindings[0].identity.roleAssignments[0].scope', value: '/subscriptions/sub-1', rule: 'subscription-wide grants are not offered' },
  { what: 'one ServiceAccount bound to two Azure identities', build: bindings('azure', [aksToAzure, { ...aksToAzure, name: 'other', identity: { ...aksToAzure.identity, identityName: 'id-other' } as WorkloadIdentityBinding['identity'] }]), field: 'bindings[1].identity', rule: 'a ServiceAccount can carry one identity per cloud' },
  { what: 'binding created in another stack than it names', build: bindings('azure', [{ ...aksToAzure, identity: { ...aksToAzure.identity, stack: 'prod-azure' } as WorkloadIdentityBinding['identity'] }]), field: 'bindings[0].identity.stack', value: 'prod-azure', rule: 'must be the stack that creates the identity (test)' },
  { what: 'projected token shorter than the Kubernetes minimum', build: () => new WorkloadIdentity(chart(), 'wi', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [], tokenExpirationSeconds: 60 }), field: 'tokenExpirationSeconds', value: 60, rule: 'from 600 (Kubernetes minimum)' },
  { what: 'binding of this cluster declared for the other cloud', build: () => new WorkloadIdentity(chart(), 'wi', { namespace: 'mlops', serviceAccountName: 'model-server', bindings: [{ ...aksToAzure, workload: { ...aksToAzure.workload, cluster: { cloud: 'gcp', name: 'aks-test', projectId: 'ml-mesh-prod', location: 'europe-west4' } } }] }), field: 'bindings[0].workload.cluster.cloud', value: 'gcp', rule: 'must be the cloud of cluster aks-test (azure)' },
  { what: 'managed identity name with spaces', build: () => new AzureWorkloadIdentity(stack(), 'id', { name: 'my identity', resourceGroupName: 'rg', location: 'westeurope' }), field: 'name', value: 'my identity', rule: 'managed identity' },
  { what: 'managed identity role at subscription scope (the binding rule, applied by the construct)', build: () => new AzureWorkloadIdentity(stack(), 'id', { name: 'id-model-server', resourceGroupName: 'rg', location: 'westeurope', roleAssignments: [{ scope: '/subscriptions/sub-1', roleDefinitionName: 'Reader' }] }), field: 'roleAssignments[0].scope', value: '/subscriptions/sub-1', rule: 'subscription-wide grants are not offered' },
  { what: 'Google workload member that is not an IAM member', build: () => new GoogleWorkloadIdentity(stack(), 'gwi', { projectId: 'ml-mesh-prod', workloadMember: 'model-server' }), field: 'workloadMember', value: 'model-server', rule: 'principal' },
  // Azure ML
  { what: 'Azure ML workspace name of one character', build: () => new AzureMlWorkspace(stack(), 'ws', { name: 'a', subscriptionId: TENANT, location: 'westeurope', resourceGroupName: 'rg', tenantId: TENANT, publicNetworkAccess: true }), field: 'name', value: 'a', rule: 'an Azure ML workspace name must be 3-33 characters' },
  { what: 'Azure ML storage account name with "_"', build: () => new AzureMlWorkspace(stack(), 'ws', { name: 'mlw-prod', subscriptionId: TENANT, location: 'westeurope', resourceGroupName: 'rg', tenantId: TENANT, publicNetworkAccess: true, dependencyNames: { storageAccount: 'Bad_Name' } }), field: 'dependencyNames.storageAccount', value: 'Bad_Name', rule: 'a storage account name must be 3-24 lowercase letters or digits' },
  { what: "Azure ML compute in the extension's namespace", build: amlCompute({ namespace: 'azureml' }), field: 'namespace', value: 'azureml', rule: 'must not be the extension\'s own namespace "azureml"' },
  { what: 'Azure ML compute without Trusted Access on a cluster without local accounts', build: amlCompute({ trustedAccess: false }), field: 'trustedAccess', value: false, rule: 'which Azure ML supports only through an AKS Trusted Access binding' },
  { what: 'Azure ML compute without the default instance type', build: amlCompute({ instanceTypes: [{ ...AML_INSTANCE_TYPES[0], name: 'small' }] }), field: 'instanceTypes', rule: 'must include "defaultinstancetype" on a CPU pool' },
  { what: 'Azure ML extension version range', build: () => new AzureMlExtension(stack(), 'ext', { ...amlExtensionProps, version: '1.1' }), field: 'version', value: '1.1', rule: 'must be an exact extension version such as 1.1.88' },
  { what: 'Azure ML production inference on one system node', build: () => new AzureMlExtension(stack(), 'ext', { ...amlExtensionProps, pools: [{ ...AML_POOLS[0], nodeCount: 1 }, AML_POOLS[1]] }), field: 'pools', value: 1, rule: 'need at least three Azure ML system nodes' },
  // Mesh
  { what: 'meshed namespace name with capitals', build: () => new MeshedNamespace(chart(), 'ns', { name: 'ML_Ops' }), field: 'name', value: 'ML_Ops', rule: 'must be an RFC 1123 label' },
  { what: 'unauthenticated default inbound policy in production', build: () => new MeshedNamespace(chart(), 'ns', { name: 'mlops', defaultInboundPolicy: 'all-unauthenticated' }), field: 'defaultInboundPolicy', value: 'all-unauthenticated', rule: 'on a production cluster: an unauthenticated or audit default admits every client' },
  { what: 'proxy CPU request above its limit', build: () => new MeshedNamespace(chart(), 'ns', { name: 'mlops', proxyResources: { requests: { cpu: '2', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } } }), field: 'proxyResources.requests.cpu', value: '2', rule: 'must not exceed limits.cpu (1)' },
  { what: 'route with every backend at weight 0', build: routes({ backends: [{ name: 'model-server-v1', weight: 0 }] }), field: 'backends', rule: 'must give at least one backend a weight above 0' },
  { what: 'route backend with a negative weight', build: routes({ backends: [{ name: 'model-server-v1', weight: -1 }, { name: 'model-server-v2', weight: 10 }] }), field: 'backends[0].weight', value: -1, rule: 'must be a whole number from 0 to 1000000' },
  { what: 'retry timeout longer than the request timeout', build: routes({ rules: [{ name: 'all', path: { value: '/' }, timeouts: { request: '5s' }, retry: { on: ['5xx'], timeout: '10s' } }] }), field: 'rules[0].retry.timeout', value: '10s', rule: 'must be shorter than timeouts.request (5s)' },
  { what: 'route timeout without a unit', build: routes({ rules: [{ name: 'all', path: { value: '/' }, timeouts: { request: '5' } }] }), field: 'rules[0].timeouts.request', value: '5', rule: 'must be a positive whole number with one unit' },
  { what: 'route timeout Linkerd cannot parse (compound)', build: routes({ rules: [{ name: 'all', path: { value: '/' }, timeouts: { request: '1m30s' } }] }), field: 'rules[0].timeouts.request', value: '1m30s', rule: 'Linkerd drops a route whose duration it cannot parse' },
  { what: 'route regex with a lookahead', build: routes({ rules: [{ name: 'all', path: { type: 'RegularExpression', value: '/v1/(?=models)' } }] }), field: 'rules[0].path.value', rule: 'must not use lookaround or backreferences' },
  { what: 'retry on a status code that does not exist', build: routes({ rules: [{ name: 'all', path: { value: '/' }, retry: { on: ['600'] } }] }), field: 'rules[0].retry.on[0]', value: '600', rule: 'must be "5xx", "gateway-error", a status code such as "504"' },
  { what: 'two traffic controllers on one Service', build: () => { const c = chart(); const props: ModelRoutesProps = { service: { name: 'model-server', namespace: 'mlops', port: 8443 }, backends: [{ name: 'model-server-v1', weight: 1 }], rules: [{ name: 'all', path: { value: '/' } }] }; new ModelRoutes(c, 'a', props); new ModelRoutes(c, 'b', props); }, field: 'Service mlops/model-server', rule: 'already has its traffic driven by static-split' },
  { what: 'Server for a port the workload does not have', build: () => MeshServer.forPort(chart(), modelServerWorkload, 'grpc'), field: 'port', value: 'grpc', rule: 'must name a port of mlops/model-server (it has: http)' },
  { what: 'traffic to a port the workload does not have', build: () => allowTraffic(chart(), { source: { kind: 'namespace', namespace: 'mlops' }, target: modelServerWorkload, port: 'grpc' }), field: 'on port "grpc"', rule: 'the workload has no such port (it has: http)' },
  { what: 'mesh network with a malformed CIDR', build: () => MeshNetworks.of(chart()).define('pods', ['10.244.0.0']), field: 'cidrs = ["10.244.0.0"]', rule: 'must be a non-empty list of CIDRs' },
  { what: 'unmeshed client from a network never defined', build: () => allowTraffic(chart(), { source: { kind: 'unmeshed', name: 'edge', namespace: 'edge', selector: { app: 'edge' } }, target: modelServerWorkload, port: 'http' }), field: 'network "pods"', rule: 'is not defined' },
  { what: 'meshed namespace label that is not a label key', build: () => new MeshedNamespace(chart(), 'ns', { name: 'mlops', labels: { 'team name': 'ml' } }), field: 'labels', rule: 'label' },
  // Network policy
  { what: 'network policies for a namespace name with "_"', build: () => new NamespaceNetworkPolicies(chart(), 'net', { namespace: 'Bad_NS', meshed: true }), field: 'namespace', value: 'Bad_NS', rule: 'must be an RFC 1123 label' },
  { what: 'metrics scraper on an unmeshed namespace', build: () => new NamespaceNetworkPolicies(chart(), 'net', { namespace: 'edge', meshed: false, metricsScraper: { namespace: 'monitoring' } }), field: 'metricsScraper', rule: 'applies only to meshed namespaces' },
  { what: 'two network baselines for one namespace', build: () => { const c = chart(); new NamespaceNetworkPolicies(c, 'a', { namespace: 'mlops', meshed: true }); new NamespaceNetworkPolicies(c, 'b', { namespace: 'mlops', meshed: true }); }, field: 'namespace "mlops"', rule: 'already has network policies' },
  { what: 'two cloud egress policies with one name', build: () => { const net = new NamespaceNetworkPolicies(chart({ acnsSecurity: true }), 'net', { namespace: 'mlops', meshed: true }); net.allowCloudEgress(['gcs']); net.allowCloudEgress(['entra-login']); }, field: 'allowCloudEgress.name', value: 'allow-cloud-egress', rule: 'is already used in namespace mlops' },
  { what: 'Private Google Access VIP on AKS', build: egress({ googleApiVip: 'private.googleapis.com' }), field: 'googleApiVip', value: 'private.googleapis.com', rule: 'applies only to GKE clusters' },
  { what: 'FQDN egress on AKS without ACNS security', build: egress({}, false), field: 'endpoints[0]', value: 'gcs', rule: 'needs FQDN egress to storage.googleapis.com' },
  { what: 'cloud egress without endpoints', build: egress({ endpoints: [] }), field: 'endpoints', rule: 'must name at least one endpoint' },
  { what: 'Key Vault endpoint with an invalid vault name', build: egress({ endpoints: [{ service: 'key-vault', vaultName: 'kv' }] }), field: 'endpoints[0].vaultName', value: 'kv', rule: 'must be a Key Vault name' },
  { what: 'GKE metadata server egress on AKS', build: egress({ endpoints: ['gke-metadata-server'] }), field: 'endpoints[0]', value: 'gke-metadata-server', rule: 'the GKE metadata server exists only on GKE clusters' },
  // Serving
  { what: 'model image tagged latest', build: version({ image: 'ghcr.io/acme/model:latest' }), field: 'versions[0].image', value: 'ghcr.io/acme/model:latest', rule: 'must carry a pinned tag (not latest) or a sha256 digest' },
  { what: 'model server without versions', build: server({ versions: [] }), field: 'versions', rule: 'must list at least one model version' },
  { what: 'public port equal to the internal port', build: server({ port: 8443 }), field: 'publicPort', value: 8443, rule: 'must differ from port (8443)' },
  { what: 'split weights missing a version', build: server({ versions: [v1, v2], traffic: { split: { v1: 100 } } }), field: 'traffic.split.v2', rule: 'every version needs a weight' },
  { what: 'split weight for an unknown version', build: server({ versions: [v1, v2], traffic: { split: { v1: 50, v2: 40, v3: 10 } } }), field: 'traffic.split.v3', value: 10, rule: 'names no version of this server (versions: v1, v2)' },
  { what: 'static split and canary together', build: server({ traffic: { split: { v1: 100 }, canary: REFERENCE_CANARY_PLAN } }), field: 'traffic', rule: 'choose one: a static split and a Flagger canary' },
  { what: 'two versions without a split', build: server({ versions: [v1, v2] }), field: 'traffic', rule: '2 versions need traffic.split weights' },
  { what: 'canary step going down', build: canary({ steps: [{ weight: 50, durationMinutes: 5 }, { weight: 25, durationMinutes: 5 }, { weight: 100, durationMinutes: 5 }] }), field: 'traffic.canary.steps[1].weight', value: 25, rule: "must be greater than the previous step's weight (50)" },
  { what: 'canary at 100 % before the promotion gate', build: canary({ steps: [{ weight: 10, durationMinutes: 5 }, { weight: 100, durationMinutes: 5 }] }), field: 'traffic.canary.steps[1].weight', value: 100, rule: 'must stay below 100: Flagger runs the promotion gate once the canary holds the last step' },
  { what: 'canary rolled back by one empty window', build: canary({ failedChecksBeforeRollback: 1 }), field: 'traffic.canary.failedChecksBeforeRollback', value: 1, rule: 'must be a whole number >= 2: Flagger counts a window without data as a failed check' },
  { what: 'canary rolled back by one slow window', build: canary({ missedPromotionWindowsBeforeRollback: 1 }), field: 'traffic.canary.missedPromotionWindowsBeforeRollback', value: 1, rule: 'must be a whole number >= 2' },
  { what: 'canary with fixed replicas', build: server({ traffic: { canary: REFERENCE_CANARY_PLAN } }), field: 'versions[0].autoscaling', rule: 'a canaried version needs autoscaling' },
  { what: 'canary error budget of zero', build: canary({ maxErrorRatePercent: 0 }), field: 'traffic.canary.maxErrorRatePercent', value: 0, rule: 'must be above 0 and at most 50 percent' },
  { what: 'canary over two versions', build: server({ versions: [scaled, v2], traffic: { canary: REFERENCE_CANARY_PLAN } }), field: 'versions', value: ['v1', 'v2'], rule: 'a canary rolls out one version at a time' },
  { what: 'autoscaling max below min', build: version({ autoscaling: { minReplicas: 5, maxReplicas: 2 } }), field: 'versions[0].autoscaling.maxReplicas', value: 2, rule: 'must be >= minReplicas (5)' },
  { what: 'disruption budget blocking every eviction', build: version({ replicas: 2, minAvailable: 2 }), field: 'versions[0].minAvailable', value: 2, rule: 'or no pod could ever be evicted and node drains would hang' },
  { what: 'grace period shorter than the preStop sleep', build: server({ shutdown: { preStopSleepSeconds: 15, terminationGracePeriodSeconds: 10 } }), field: 'shutdown.terminationGracePeriodSeconds', value: 10, rule: 'must be longer than preStopSleepSeconds (15)' },
  { what: 'relative probe path', build: server({ probes: { readiness: { path: 'health' }, liveness: { path: '/live' } } }), field: 'probes.readiness.path', value: 'health', rule: 'must be an absolute HTTP path' },
  { what: 'probe on a port the server does not have', build: server({ probes: { readiness: { path: '/ready' }, liveness: { path: '/live', port: 'metrics' } } }), field: 'probes.liveness.port', value: 'metrics', rule: "must name one of the workload's ports (http, public)" },
  { what: 'memory request in GB instead of a quantity', build: version({ resources: { requests: { cpu: '1', memory: '1GB' }, limits: { cpu: '2', memory: '4Gi' } } }), field: 'versions[0].resources.requests.memory', value: '1GB', rule: 'must be a positive memory quantity' },
  { what: 'GPU accelerator display name instead of its type', build: version({ gpuAccelerator: 'NVIDIA L4' }), field: 'versions[0].gpuAccelerator', value: 'NVIDIA L4', rule: 'must be a GKE accelerator type' },
  { what: 'feature store image without a tag', build: () => new FeatureStore(chart(), 'fs', { image: 'ghcr.io/acme/feature-store' }), field: 'image', value: 'ghcr.io/acme/feature-store', rule: 'must carry a pinned tag' },
  { what: 'API gateway with zero replicas', build: () => new ApiGateway(chart(), 'gw', { image: 'ghcr.io/acme/gateway:1.0.0', replicas: 0 }), field: 'replicas', value: 0, rule: 'must be a whole number >= 1' },
  // Training
  { what: 'two TensorFlow chiefs', build: training({ chief: { replicas: 2 } }), field: 'chief.replicas', value: 2, rule: 'TensorFlow has exactly one chief' },
  { what: 'training pod hostnames over 63 characters', build: training({ name: 'c'.repeat(53), workers: { replicas: 10 } }), field: 'workers.replicas', value: 10, rule: 'longer than 63 characters; shorten the job name' },
  { what: 'training port out of range', build: training({ port: 70000 }), field: 'port', value: 70000, rule: 'must be a TCP port 1-65535' },
  { what: 'negative JobSet restarts', build: training({ maxRestarts: -1 }), field: 'maxRestarts', value: -1, rule: 'must be a whole number >= 0' },
  { what: 'retraining cron with four fields', build: retraining({ schedule: '0 3 * *' }), field: 'schedule', value: '0 3 * *', rule: 'must be a 5-field cron expression' },
  { what: 'retraining CronJob name over 52 characters', build: retraining({ name: 'r'.repeat(53) }), field: 'name', value: 'r'.repeat(53), rule: 'must be at most 52 characters (CronJob limit)' },
  { what: 'retraining deadline of ten seconds', build: retraining({ activeDeadlineSeconds: 10 }), field: 'activeDeadlineSeconds', value: 10, rule: 'must be a whole number of seconds >= 60' },
  { what: 'retraining time zone that is not an IANA zone', build: retraining({ timeZone: 'Mars/Olympus' }), field: 'timeZone', value: 'Mars/Olympus', rule: 'IANA' },
  { what: 'training scratch size that is not a quantity', build: training({ scratchSize: '20 GB' }), field: 'scratchSize', value: '20 GB', rule: 'quantity' },
  { what: 'negative JobSet TTL', build: training({ ttlSecondsAfterFinished: -1 }), field: 'ttlSecondsAfterFinished', value: -1, rule: '>= 0' },
  // Observability, quality gates and resilience (rule functions)
  { what: 'failure accrual penalty with two units', build: rules(failureAccrualRules, { mode: 'consecutive', minPenalty: '1m30s' }), field: 'minPenalty', value: '1m30s', rule: 'must be a whole number with one unit (ms, s, m or h)' },
  { what: 'failure accrual max penalty below the min', build: rules(failureAccrualRules, { mode: 'consecutive', minPenalty: '10s', maxPenalty: '5s' }), field: 'maxPenalty', value: '5s', rule: 'must be at least minPenalty (10s)' },
  { what: 'promotion gate looser than the rollback gate', build: rules(qualityGatesRules, { rollback: GATE, promotion: { ...GATE, maxErrorRatePercent: 5 } }), field: 'promotion.maxErrorRatePercent', value: 5, rule: 'must be at most rollback.maxErrorRatePercent (1): promotion must be at least as strict as rollback' },
  { what: 'accuracy gate above 1', build: rules(qualityGatesRules, { rollback: { ...GATE, minAccuracy: 90 }, promotion: { ...GATE, minAccuracy: 90 } }), field: 'rollback.minAccuracy', value: 90, rule: 'must be a ratio above 0 and at most 1' },
  { what: 'managed Prometheus name too long for the DCR suffix', build: rules(azureManagedPrometheusRules, { name: 'p'.repeat(40), location: 'westeurope', resourceGroupName: 'rg', clusterId: 'cluster-id' }), field: 'name', rule: 'must be 3-39 letters, digits or "-"' },
  // Environment config (validateEnvironment)
  { what: 'environment name with a capital', build: env({ ...dev, name: 'Dev' }), field: 'name', value: 'Dev', rule: 'must be 2-12 lowercase letters or digits' },
  { what: 'environment without a cloud', build: env({ name: 'empty' }), field: 'azure', rule: 'an environment needs at least one cloud' },
  { what: 'subscription ID that is not a GUID', build: env({ ...dev, azure: { ...devAzure, subscriptionId: 'my-subscription' } }), field: 'azure.subscriptionId', value: 'my-subscription', rule: 'must be a subscription GUID' },
  { what: 'Azure region display name', build: env({ ...dev, azure: { ...devAzure, location: 'West Europe' } }), field: 'azure.location', value: 'West Europe', rule: 'must be an Azure region name such as westeurope' },
  { what: 'environment AKS pod CIDR overlapping the VNet', build: env({ ...dev, azure: { ...devAzure, cluster: { ...devAzure.cluster, network: { ...devAzure.cluster.network, podCidr: '10.10.0.0/16' } } } }), field: 'azure.cluster.network.podCidr', value: '10.10.0.0/16', rule: 'overlaps vnetCidr' },
  { what: 'serving namespace with capitals', build: env({ ...dev, azure: { ...devAzure, kubernetes: { ...devAzure.kubernetes, serving: { ...devAzure.kubernetes.serving, namespace: 'MLOps' } } } }), field: 'azure.kubernetes.serving.namespace', value: 'MLOps', rule: 'must be an RFC 1123 label' },
  { what: 'environment model image without a tag', build: env({ ...dev, azure: { ...devAzure, kubernetes: { ...devAzure.kubernetes, serving: { ...devAzure.kubernetes.serving, modelServer: { versions: [{ ...v1, image: 'ghcr.io/acme/model' }] } } } } }), field: 'azure.kubernetes.serving.modelServer.versions[0].image', value: 'ghcr.io/acme/model', rule: 'must carry a pinned tag' },
  { what: 'environment canary with linkerd-viz turned off', build: env({ ...dev, azure: { ...devAzure, kubernetes: { ...devAzure.kubernetes, mesh: { viz: false }, serving: { ...devAzure.kubernetes.serving, modelServer: { versions: [scaled], traffic: { canary: REFERENCE_CANARY_PLAN } } } } } }), field: 'azure.kubernetes.mesh.viz', value: false, rule: 'a canary needs linkerd-viz' },
  { what: 'model cache size that is not a quantity', build: server({ modelCacheSize: 'lots' }), field: 'modelCacheSize', value: 'lots', rule: 'memory quantity' },
  { what: 'model server without versions (a JSON environment file)', build: () => new ModelServer(chart(), 'server', untyped<ModelServerProps>({})), field: 'versions', rule: 'must list at least one model version' },
  { what: 'GCP project ID given as the project number', build: env({ ...prod, gcp: { ...prodGcp, projectNumber: 'mlmesh-prod' } }), field: 'gcp.projectNumber', value: 'mlmesh-prod', rule: 'must be the numeric project number' },
  { what: 'GCP region without its number', build: env({ ...prod, gcp: { ...prodGcp, region: 'europe' } }), field: 'gcp.region', value: 'europe', rule: 'must be a Google Cloud region (europe-west4) or zone' },
  { what: 'production GKE without secrets encryption', build: env({ ...prod, gcp: { ...prodGcp, cluster: { ...prodGcp.cluster, secretsEncryptionKey: undefined } } }), field: 'gcp.cluster.secretsEncryptionKey', rule: 'production clusters must encrypt Secrets with a Cloud KMS key' },
];

function expectClearError(row: BadInput): void {
  const error = thrownBy(row.build);
  expect({ what: row.what, ...explain(row, error) }).toEqual({ what: row.what, ours: true, thrownInLib: true, matches: 'field, value and rule' });
}

describe('bad inputs fail at synth with a clear error from our own code', () => {
  test('the table covers at least 60 inputs', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BAD_INPUTS.map((r) => r.what)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map((row) => [row.what, row] as const))('%s', (_what, row) => expectClearError(row));
});

describe('the clear-error check itself', () => {
  test('rejects an error thrown inside a dependency, and a TypeError from our code', () => {
    const duplicateId = thrownBy(() => { const c = chart(); new MeshedNamespace(c, 'ns', { name: 'a' }); new MeshedNamespace(c, 'ns', { name: 'b' }); });
    expect(explain({ what: 'duplicate id', build: () => undefined, field: 'ns', rule: 'There is already a Construct' }, duplicateId).thrownInLib).toBe(false);
    // A TypeError raised inside lib/ (reading a field of undefined) is ours by place but not a clear message.
    const typeError = thrownBy(() => cidrsOverlap(untyped<Ipv4Cidr>(undefined), untyped<Ipv4Cidr>(undefined)));
    expect(explain({ what: 'no cidr', build: () => undefined, field: 'first', rule: 'undefined' }, typeError)).toMatchObject({ ours: false, thrownInLib: true });
  });
});

