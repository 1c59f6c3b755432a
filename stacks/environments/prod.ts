import { azureMlNodePool } from '../../lib/terraform/azure/ml/azure-ml-pools';
import { EnvironmentConfig } from '../../lib/config/environment';
import { REFERENCE_CANARY_PLAN } from '../../lib/k8s/serving/canary-plan';
import { REFERENCE_ROUTE_TABLE } from '../../lib/k8s/serving/reference-route-table';
import { API_GATEWAY, DRIFT_GATE, FEATURE_STORE, MODEL_AUTOSCALING, modelServer, NIGHTLY_RETRAINING, trainingJob, V1, V2 } from './shared';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000002';
const TENANT = '00000000-0000-0000-0000-0000000000aa';
const KEY_VAULT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mlmesh-prod/providers/Microsoft.KeyVault/vaults/kv-mlmesh-prod`;

/**
 * Production on both clouds. AKS runs the model server as a Flagger canary and hosts Azure ML (inference in
 * `mlops-azureml`, training in `mlops-training`); GKE runs a static v1 90 / v2 10 split. Both carry the reference
 * route table and an HPA on the model server. The AKS model server reads
 * training data from Cloud Storage, the GKE feature store reads a Key Vault secret, and Azure ML publishes
 * model images to Artifact Registry and deploys to GKE — all without keys.
 */
export const prod: EnvironmentConfig = {
  name: 'prod',
  production: true,
  azure: {
    subscriptionId: SUBSCRIPTION,
    tenantId: TENANT,
    location: 'westeurope',
    resourceGroupName: 'rg-mlmesh-prod',
    stateBackend: { resourceGroupName: 'rg-mlmesh-tfstate', storageAccountName: 'stmlmeshtfstate', containerName: 'tfstate' },
    cluster: {
      name: 'aks-mlmesh-prod',
      network: {
        vnetCidr: '10.20.0.0/16',
        nodeSubnetCidr: '10.20.0.0/22',
        podCidr: '192.168.0.0/16',
        serviceCidr: '172.17.0.0/16',
        dnsServiceIp: '172.17.0.10',
        // The API server answers only the office egress range and the CI runners' NAT.
        apiServer: { authorizedIpRanges: ['203.0.113.0/24', '198.51.100.16/28'] },
        advancedNetworking: { observability: true, security: true },
      },
      systemPool: { vmSize: 'Standard_D4ds_v5', minCount: 3, maxCount: 5 },
      userPools: [
        { name: 'cpu', vmSize: 'Standard_D8ds_v5', minCount: 3, maxCount: 12 },
        // One T4 per node: the GPU model server (2 replicas + 1 during a rolling update) and a training run's three
        // workers, all at once.
        { name: 'gput4', vmSize: 'Standard_NC8as_T4_v3', minCount: 0, maxCount: 6, gpu: {} },
        { name: 'spot', vmSize: 'Standard_D8ds_v5', minCount: 0, maxCount: 10, spot: {} },
        azureMlNodePool({ name: 'amlsys', vmSize: 'Standard_D4ds_v5', nodeCount: 3 }, { purpose: 'system' }),
        azureMlNodePool({ name: 'amlcpu', vmSize: 'Standard_D8ds_v5', minCount: 1, maxCount: 5, labels: { 'ml-mesh.io/pool': 'amlcpu' } }, { purpose: 'inference' }),
        azureMlNodePool({ name: 'amlgpu', vmSize: 'Standard_NC24ads_A100_v4', nodeCount: 2, gpu: {}, labels: { 'ml-mesh.io/pool': 'amlgpu' } }, { purpose: 'training' }),
      ],
    },
    kubernetes: {
      serving: {
        modelServer: modelServer([{ ...V1, autoscaling: MODEL_AUTOSCALING }], { canary: REFERENCE_CANARY_PLAN, routes: REFERENCE_ROUTE_TABLE }),
        gpuModelServer: {
          name: 'model-server-gpu',
          versions: [{ ...V1, replicas: 2, resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' }, gpus: 1 } }],
        },
        featureStore: FEATURE_STORE,
        apiGateway: API_GATEWAY,
        trainingJobs: [trainingJob(1)],
        retraining: [NIGHTLY_RETRAINING],
        driftGates: [DRIFT_GATE],
      },
    },
    azureMl: {
      workspaceName: 'mlw-mlmesh-prod',
      // Workspace, storage, Key Vault and registry are closed to the internet and reached through private endpoints
      // in the cluster's VNet.
      privateEndpoints: { subnetCidr: '10.20.4.0/26' },
      // azureml-fe serves TLS on an internal load balancer; cert-manager issues its certificate from the
      // organization's CA issuer, so no key passes through Terraform.
      inferenceRouter: { type: 'internalLoadBalancer', sslSecretName: 'azureml-fe-tls', sslCname: 'scoring.mlmesh-prod.internal.example.com', certificateIssuer: { kind: 'ClusterIssuer', name: 'corp-ca' } },
      computes: [
        {
          name: 'mlops-infer',
          // Azure ML owns every pod spec in its inference namespace, so it gets one of its own beside `mlops`.
          namespace: 'mlops-azureml',
          purpose: 'inference',
          instanceTypes: [{ name: 'defaultinstancetype', nodeSelector: { 'ml-mesh.io/pool': 'amlcpu' }, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } }],
        },
        {
          name: 'mlops-train',
          namespace: 'mlops-training',
          purpose: 'training',
          instanceTypes: [
            { name: 'defaultinstancetype', nodeSelector: { 'ml-mesh.io/pool': 'amlcpu' }, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
            { name: 'gpu-a100', nodeSelector: { 'ml-mesh.io/pool': 'amlgpu' }, requests: { cpu: '8', memory: '60Gi' }, limits: { cpu: '16', memory: '110Gi' }, gpus: 1 },
          ],
        },
      ],
      // The GKE deployer writes Deployments in a namespace of its own: `mlops` holds feature-store, whose ServiceAccount
      // Entra trusts for Key Vault, and a Deployment there could run as it.
      google: { deployNamespace: 'mlops-deploy', publisher: { namespace: 'mlops-publisher', sourceImage: 'azureml/fraud-model:3' } },
    },
  },
  gcp: {
    project: 'mlmesh-prod',
    projectNumber: '123456789012',
    region: 'europe-west4',
    stateBackend: { bucket: 'mlmesh-prod-tfstate' },
    cluster: {
      name: 'gke-mlmesh-prod',
      network: { nodeSubnetCidr: '10.30.0.0/20', podCidr: '10.32.0.0/14', serviceCidr: '10.36.0.0/20' },
      // CI reaches the private cluster through the DNS endpoint; the organization's perimeter, which restricts
      // container.googleapis.com and admits CI and the Azure ML deployer, is its network boundary.
      controlPlane: { privateEndpoint: true, dnsEndpoint: true, dnsEndpointPerimeter: 'accessPolicies/271828182845/servicePerimeters/mlmesh_prod' },
      secretsEncryptionKey: 'projects/mlmesh-prod/locations/europe-west4/keyRings/gke/cryptoKeys/secrets',
      nodePools: [
        { name: 'general', machineType: 'n2-standard-8', minNodes: 3, maxNodes: 12 },
        // One L4 per node, sized like AKS's gput4: GPU model server with its surge, and three training workers.
        { name: 'gpu-l4', machineType: 'g2-standard-8', minNodes: 0, maxNodes: 6, gpu: { acceleratorType: 'nvidia-l4', count: 1 } },
        { name: 'spot', machineType: 'n2-standard-8', minNodes: 0, maxNodes: 10, spot: true },
      ],
    },
    modelRegistry: { repository: 'models' },
    kubernetes: {
      serving: {
        modelServer: modelServer([{ ...V1, autoscaling: MODEL_AUTOSCALING }, { ...V2, autoscaling: MODEL_AUTOSCALING }], { split: { v1: 90, v2: 10 }, routes: REFERENCE_ROUTE_TABLE }),
        gpuModelServer: {
          name: 'model-server-gpu',
          versions: [{ ...V1, replicas: 2, gpuAccelerator: 'nvidia-l4', resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' }, gpus: 1 } }],
        },
        featureStore: FEATURE_STORE,
        apiGateway: API_GATEWAY,
        trainingJobs: [trainingJob(1)],
        retraining: [NIGHTLY_RETRAINING],
        driftGates: [DRIFT_GATE],
      },
      // Google APIs through Private Google Access; Entra ID and Key Vault have no FQDN policy on GKE,
      // so their HTTPS egress is open here and filtered by name in the VPC's egress firewall.
      egress: { googleApiVip: 'private.googleapis.com', allowUnfilteredHttps: true },
    },
  },
  observability: {
    azureActionGroupIds: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mlmesh-prod/providers/Microsoft.Insights/actionGroups/ag-mlops-oncall`],
    googleNotificationChannelIds: ['projects/mlmesh-prod/notificationChannels/4242424242424242424'],
  },
  identities: [
    {
      name: 'model-reader',
      runsOn: 'azure',
      namespace: 'mlops',
      serviceAccount: 'model-server',
      google: { grants: [{ kind: 'storage-bucket', bucket: 'mlmesh-prod-training-data', role: 'roles/storage.objectViewer' }] },
    },
    {
      name: 'feature-secrets',
      runsOn: 'gcp',
      namespace: 'mlops',
      serviceAccount: 'feature-store',
      azure: { roleAssignments: [{ scope: KEY_VAULT, roleDefinitionName: 'Key Vault Secrets User' }] },
    },
  ],
};
