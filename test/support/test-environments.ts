import { EnvironmentConfig } from '../../lib/config/environment';
import { ModelRouteRule } from '../../lib/k8s/mesh/model-routes';
import { REFERENCE_CANARY_PLAN } from '../../lib/k8s/serving/canary-plan';
import { azureMlNodePool } from '../../lib/terraform/azure/ml/azure-ml-pools';
import { environments } from '../../stacks/environments';

// Environments that exist only in the tests. The whole-output suites run on these as well as on the examples in
// stacks/environments, so no check can lean on the example's names: every name, namespace, region, pool, size and
// role differs here, and the canary and the static split sit on the other cloud than in `prod`.

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const VAULT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-qa-shared/providers/Microsoft.KeyVault/vaults/kv-qa-scoring`;
const SCORER = 'europe-docker.pkg.dev/qa-images/ml/scorer';

/** A route table of its own: other paths, a prefix match, and timeouts whose longest is not the reference's. */
const QA_ROUTES: readonly ModelRouteRule[] = [
  { name: 'score', method: 'POST', path: { type: 'Exact', value: '/score' }, timeouts: { request: '4s' } },
  { name: 'status', method: 'GET', path: { type: 'PathPrefix', value: '/status' }, timeouts: { request: '1s' }, retry: { on: ['503'], limit: 3 } },
  { name: 'bulk', method: 'POST', path: { type: 'Exact', value: '/score/bulk' }, timeouts: { request: '45s' } },
];

/** Production on both clouds with every name changed. */
export const qa: EnvironmentConfig = {
  name: 'qa',
  production: true,
  azure: {
    subscriptionId: SUBSCRIPTION,
    tenantId: TENANT,
    location: 'northeurope',
    resourceGroupName: 'rg-scoring-qa',
    cluster: {
      name: 'aks-scoring-qa',
      network: {
        vnetCidr: '10.60.0.0/16',
        nodeSubnetCidr: '10.60.8.0/21',
        podCidr: '100.64.0.0/16',
        serviceCidr: '172.20.0.0/16',
        dnsServiceIp: '172.20.0.53',
        apiServer: { authorizedIpRanges: ['198.51.100.0/25'] },
        advancedNetworking: { observability: true, security: true },
      },
      systemPool: { vmSize: 'Standard_D4ds_v5', minCount: 3, maxCount: 4 },
      userPools: [
        { name: 'general', vmSize: 'Standard_D16ds_v5', minCount: 3, maxCount: 6 },
        { name: 'gpua100', vmSize: 'Standard_NC24ads_A100_v4', minCount: 0, maxCount: 3, gpu: {} },
        azureMlNodePool({ name: 'amlctl', vmSize: 'Standard_D4ds_v5', nodeCount: 3 }, { purpose: 'system' }),
        azureMlNodePool({ name: 'amljobs', vmSize: 'Standard_D16ds_v5', nodeCount: 2, labels: { 'qa.example/pool': 'amljobs' } }, { purpose: 'training-and-inference' }),
      ],
    },
    kubernetes: {
      // A shorter-lived issuer than the reference: its Certificate and its alert must both follow.
      mesh: { certificates: { identityIssuer: { duration: '72h', renewBefore: '36h' } } },
      serving: {
        namespace: 'scoring',
        modelServer: {
          name: 'scorer',
          versions: [
            { name: 'stable', image: `${SCORER}:7.0.1`, modelPath: '/var/cache/model/scorer/stable', replicas: 2 },
            { name: 'next', image: `${SCORER}:7.1.0`, modelPath: '/var/cache/model/scorer/next', replicas: 2 },
          ],
          traffic: { split: { stable: 75, next: 25 }, routes: QA_ROUTES },
        },
        gpuModelServer: {
          name: 'scorer-gpu',
          versions: [{ name: 'stable', image: `${SCORER}:7.0.1-cuda`, modelPath: '/var/cache/model/scorer/stable', replicas: 1,
            resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' }, gpus: 1 } }],
        },
        featureStore: { image: 'europe-docker.pkg.dev/qa-images/ml/features:3.0.0', replicas: 2 },
        apiGateway: { image: 'europe-docker.pkg.dev/qa-images/ml/edge:1.2.0', replicas: 2 },
      },
    },
    azureMl: {
      workspaceName: 'mlw-scoring-qa',
      privateEndpoints: { subnetCidr: '10.60.32.0/27' },
      inferenceRouter: { type: 'internalLoadBalancer', sslSecretName: 'scoring-router-cert', sslCname: 'aml.scoring-qa.example.net', certificateIssuer: { kind: 'ClusterIssuer', name: 'qa-private-ca' } },
      computes: [
        {
          name: 'qa-infer',
          namespace: 'aml-online',
          purpose: 'inference',
          instanceTypes: [{ name: 'defaultinstancetype', nodeSelector: { 'qa.example/pool': 'amljobs' }, requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } }],
        },
        {
          name: 'qa-train',
          namespace: 'aml-batch',
          purpose: 'training',
          instanceTypes: [{ name: 'defaultinstancetype', nodeSelector: { 'qa.example/pool': 'amljobs' }, requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } }],
        },
      ],
      google: { deployNamespace: 'scoring-rollout', publisher: { namespace: 'aa-export', sourceImage: 'azureml/scorer:12' } },
    },
  },
  gcp: {
    project: 'scoring-qa-4711',
    projectNumber: '987654321098',
    region: 'us-central1',
    stateBackend: { bucket: 'scoring-qa-tfstate', prefix: 'platform' },
    cluster: {
      name: 'gke-scoring-qa',
      network: { nodeSubnetCidr: '10.80.0.0/20', podCidr: '10.84.0.0/14', serviceCidr: '10.88.0.0/20', masterIpv4CidrBlock: '172.31.255.0/28' },
      controlPlane: { privateEndpoint: true, dnsEndpoint: true, dnsEndpointPerimeter: 'accessPolicies/31415926/servicePerimeters/scoring_qa' },
      secretsEncryptionKey: 'projects/scoring-qa-4711/locations/us-central1/keyRings/gke/cryptoKeys/etcd',
      nodePools: [
        { name: 'main', machineType: 'n2-standard-16', minNodes: 2, maxNodes: 8 },
        { name: 'gpu-t4', machineType: 'n1-standard-8', minNodes: 0, maxNodes: 3, gpu: { acceleratorType: 'nvidia-tesla-t4', count: 1 } },
      ],
    },
    modelRegistry: { repository: 'scorers', location: 'us' },
    kubernetes: {
      serving: {
        namespace: 'scoring',
        modelServer: {
          name: 'scorer',
          versions: [{ name: 'next', image: `${SCORER}:7.1.0`, modelPath: '/var/cache/model/scorer/next', autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: 60 } }],
          traffic: { canary: REFERENCE_CANARY_PLAN, routes: QA_ROUTES },
        },
        featureStore: { image: 'europe-docker.pkg.dev/qa-images/ml/features:3.0.0', replicas: 2 },
        apiGateway: { image: 'europe-docker.pkg.dev/qa-images/ml/edge:1.2.0', replicas: 2 },
        trainingJobs: [{
          name: 'scorer-fit',
          image: 'europe-docker.pkg.dev/qa-images/ml/trainer:3.1.0',
          dataLocation: 'gs://scoring-qa-datasets/scorer',
          args: ['--data=$(TRAINING_DATA_LOCATION)'],
          chief: { replicas: 1 },
          workers: { replicas: 2, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '6', memory: '24Gi' }, gpus: 1 } },
          parameterServers: { replicas: 1 },
        }],
        retraining: [{ name: 'scorer-refit', schedule: '30 3 * * 1', timeZone: 'America/Chicago', image: 'europe-docker.pkg.dev/qa-images/ml/trainer:3.1.0', args: ['--refit'] }],
        driftGates: [{ name: 'scorer-drift', server: 'scorer', retrainingCronJob: 'scorer-refit', threshold: 0.2, cooldownHours: 12, image: 'europe-docker.pkg.dev/qa-images/ml/ops:2.0.0' }],
      },
      egress: { googleApiVip: 'restricted.googleapis.com', allowUnfilteredHttps: true },
    },
  },
  observability: {
    azureActionGroupIds: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-qa-shared/providers/Microsoft.Insights/actionGroups/ag-qa`],
    googleNotificationChannelIds: ['projects/scoring-qa-4711/notificationChannels/77'],
  },
  identities: [
    {
      name: 'scorer-secrets',
      runsOn: 'azure',
      namespace: 'scoring',
      serviceAccount: 'scorer',
      azure: { roleAssignments: [{ scope: VAULT, roleDefinitionName: 'Key Vault Secrets User' }] },
    },
    {
      name: 'features-gcs',
      runsOn: 'gcp',
      namespace: 'scoring',
      serviceAccount: 'feature-store',
      google: { grants: [{ kind: 'storage-bucket', bucket: 'scoring-qa-features', role: 'roles/storage.objectViewer' }] },
    },
  ],
};

/** A small non-production environment on Google Cloud only, with local state and defaults everywhere else, and KEDA. */
export const lab: EnvironmentConfig = {
  name: 'lab7',
  gcp: {
    project: 'ml-lab-sandbox',
    region: 'asia-northeast1',
    cluster: {
      name: 'gke-lab',
      network: { nodeSubnetCidr: '10.5.0.0/22', podCidr: '10.6.0.0/16', serviceCidr: '10.7.0.0/22' },
      controlPlane: { authorizedNetworks: [{ cidrBlock: '192.0.2.0/24', displayName: 'lab office' }] },
      nodePools: [{ name: 'pool-a', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 }],
    },
    kubernetes: {
      serving: {
        namespace: 'models',
        modelServer: { name: 'ranker', versions: [{ name: 'r1', image: 'ghcr.io/example/ranker:0.3.0', modelPath: '/var/cache/model/ranker/r1', replicas: 1 }] },
        // KEDA's opt-in drift trigger, which no other environment uses: its chart joins the install plan and the KEDA
        // operator's flows are checked.
        driftScaledJobs: [{ name: 'ranker-drift-refit', server: 'ranker', image: 'ghcr.io/example/ranker-trainer:0.3.0', threshold: 0.25 }],
      },
    },
  },
};

/** Environments the tests build beside the examples. */
export const testEnvironments: readonly EnvironmentConfig[] = [qa, lab];

/** The examples and the test environments: what every whole-output suite checks. */
export const allEnvironments: readonly EnvironmentConfig[] = [...environments, ...testEnvironments];
