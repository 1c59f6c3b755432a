import { validateEnvironment, validateEnvironments } from '../../lib/config/validate-environment';
import { EnvironmentConfig } from '../../lib/config/environment';
import { dev } from '../../stacks/environments/dev';
import { prod } from '../../stacks/environments/prod';
import { lab, qa } from '../support/test-environments';
import { BadConfig, edited, expectedRefusal, Json, refusalOf } from './bad-config-fixtures';

// Bad environment configs as a new user writes them, organised by the classes of issue 18. Each row asserts the
// environment, the field the user wrote, the value and the rule, and that the refusal is our own
// PlatformValidationError thrown from lib/ (never a TypeError, never a dependency's error). Pure validation: no synth.

const UPPER_GUID = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
const at = (env: EnvironmentConfig, change: (config: Json) => void) => () => edited(env, change);
const one = (env: EnvironmentConfig) => `environment ${env.name}`;
const validate = (config: unknown) => validateEnvironment(config as EnvironmentConfig);
const validateAll = (configs: unknown) => validateEnvironments(configs as EnvironmentConfig[]);

const SHAPE: BadConfig[] = [
  { what: 'missing cluster.network', config: at(prod, (c) => delete c.azure.cluster.network), where: one(prod), field: 'azure.cluster.network', rule: 'is required', only: true },
  { what: 'missing azure.kubernetes', config: at(prod, (c) => delete c.azure.kubernetes), where: one(prod), field: 'azure.kubernetes', rule: 'is required', only: true },
  { what: 'missing gcp.cluster.nodePools', config: at(lab, (c) => delete c.gcp.cluster.nodePools), where: one(lab), field: 'gcp.cluster.nodePools', rule: 'is required', only: true },
  { what: 'image null', config: at(prod, (c) => { c.azure.kubernetes.serving.modelServer.versions[0].image = null; }), where: one(prod), field: 'azure.kubernetes.serving.modelServer.versions[0].image', value: null, rule: 'must be a string (got null)', only: true },
  { what: 'a list given as an object', config: at(dev, (c) => { c.azure.cluster.userPools = { cpu: {} }; }), where: one(dev), field: 'azure.cluster.userPools', value: { cpu: {} }, rule: 'must be a list (got an object)', only: true },
  { what: 'missing environment name', config: at(dev, (c) => delete c.name), where: 'environment (unnamed)', field: 'name', rule: 'is required', only: true },
  { what: 'missing azure.location', config: at(dev, (c) => delete c.azure.location), where: one(dev), field: 'azure.location', rule: 'is required', only: true },
  { what: 'missing gcp.project', config: at(lab, (c) => delete c.gcp.project), where: one(lab), field: 'gcp.project', rule: 'is required', only: true },
  { what: 'spot eviction policy outside the union', config: at(prod, (c) => { c.azure.cluster.userPools[2].spot = { evictionPolicy: 'Stop' }; }), where: one(prod), field: 'azure.cluster.userPools[2].spot.evictionPolicy', value: 'Stop', rule: 'must be one of "Delete", "Deallocate"' },
  { what: 'release channel in capitals of another product', config: at(lab, (c) => { c.gcp.cluster.releaseChannel = 'FAST'; }), where: one(lab), field: 'gcp.cluster.releaseChannel', value: 'FAST', rule: 'must be one of "RAPID", "REGULAR", "STABLE", "EXTENDED"' },
  { what: 'production as the string "false"', config: at(dev, (c) => { c.production = 'false'; }), where: one(dev), field: 'production', value: 'false', rule: 'must be a boolean (got a string)', only: true },
  { what: 'maxCount as a string reports the root cause only', config: at(dev, (c) => { c.azure.cluster.userPools[0].maxCount = '3'; }), where: one(dev), field: 'azure.cluster.userPools[0].maxCount', value: '3', rule: 'must be a number (got a string)', only: true },
  { what: 'misspelled field', config: at(dev, (c) => { c.azure.cluster.userpools = []; }), where: one(dev), field: 'azure.cluster.userpools', value: [], rule: 'is not a known field: did you mean "userPools"?' },
  { what: 'unknown top-level field', config: at(dev, (c) => { c.clouds = ['azure']; }), where: one(dev), field: 'clouds', value: ['azure'], rule: 'is not a known field here (known: $schema, name, production, azure, gcp' },
  { what: 'grant kind outside the tagged union', config: at(prod, (c) => { c.identities[0].google.grants[0].kind = 'storage-bucke'; }), where: one(prod), field: 'identities[0].google.grants[0].kind', value: 'storage-bucke', rule: 'must be one of "storage-bucket", "artifact-registry-repository", "secret-manager-secret"', only: true },
  { what: 'grant without its bucket', config: at(prod, (c) => delete c.identities[0].google.grants[0].bucket), where: one(prod), field: 'identities[0].google.grants[0].bucket', rule: 'is required', only: true },
  { what: 'failure accrual as "yes"', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.failureAccrual = 'yes'; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.failureAccrual', value: 'yes', rule: 'must be an object or "none"' },
  { what: 'label value as a number', config: at(prod, (c) => { c.azure.cluster.userPools[0].labels = { tier: 3 }; }), where: one(prod), field: 'azure.cluster.userPools[0].labels.tier', value: 3, rule: 'must be a string (got a number)' },
  { what: 'replicas as a string', config: at(prod, (c) => { c.azure.kubernetes.serving.featureStore.replicas = '2'; }), where: one(prod), field: 'azure.kubernetes.serving.featureStore.replicas', value: '2', rule: 'must be a number (got a string)' },
  { what: 'training jobs as an object', config: at(qa, (c) => { c.gcp.kubernetes.serving.trainingJobs = { fit: {} }; }), where: one(qa), field: 'gcp.kubernetes.serving.trainingJobs', value: { fit: {} }, rule: 'must be a list (got an object)' },
  { what: 'inbound policy outside the union', config: at(dev, (c) => { c.azure.kubernetes.mesh = { defaultInboundPolicy: 'open' }; }), where: one(dev), field: 'azure.kubernetes.mesh.defaultInboundPolicy', value: 'open', rule: 'must be one of "deny", "all-authenticated", "cluster-authenticated", "all-unauthenticated", "cluster-unauthenticated", "audit"' },
  { what: 'identity running on a third cloud', config: at(prod, (c) => { c.identities[1].runsOn = 'aws'; }), where: one(prod), field: 'identities[1].runsOn', value: 'aws', rule: 'must be one of "azure", "gcp"' },
  { what: 'serving null', config: at(lab, (c) => { c.gcp.kubernetes.serving = null; }), where: one(lab), field: 'gcp.kubernetes.serving', value: null, rule: 'must be an object (got null)', only: true },
  { what: 'acknowledged replacement without a reason', config: at(dev, (c) => { c.acknowledgedReplacements = [{ resource: 'azurerm_kubernetes_cluster.aks_cluster_D4B35EC5', attribute: 'network_profile.pod_cidr' }]; }), where: one(dev), field: 'acknowledgedReplacements[0].reason', rule: 'is required' },
  { what: 'alert thresholds as a string', config: at(dev, (c) => { c.observability = { thresholds: 'strict' }; }), where: one(dev), field: 'observability.thresholds', value: 'strict', rule: 'must be an object (got a string)' },
  { what: 'authorized network CIDR as a number', config: at(lab, (c) => { c.gcp.cluster.controlPlane.authorizedNetworks[0].cidrBlock = 19202; }), where: one(lab), field: 'gcp.cluster.controlPlane.authorizedNetworks[0].cidrBlock', value: 19202, rule: 'must be a string (got a number)' },
];

const IMPOSSIBLE: BadConfig[] = [
  { what: 'Azure region with a typo', config: at(dev, (c) => { c.azure.location = 'westeuropa'; }), where: one(dev), field: 'azure.location', value: 'westeuropa', rule: 'must be an Azure region name such as westeurope' },
  { what: 'Azure region display name', config: at(dev, (c) => { c.azure.location = 'West Europe'; }), where: one(dev), field: 'azure.location', value: 'West Europe', rule: '(did you mean "westeurope"?)' },
  { what: 'GCP region that does not exist', config: at(lab, (c) => { c.gcp.region = 'mars-north1'; }), where: one(lab), field: 'gcp.region', value: 'mars-north1', rule: 'is not a Google Cloud region' },
  { what: 'GCP zone letter the region lacks', config: at(lab, (c) => { c.gcp.cluster.nodePools[0].nodeLocations = ['asia-northeast1-z']; }), where: one(lab), field: 'gcp.cluster.nodePools[0].nodeLocations[0]', value: 'asia-northeast1-z', rule: 'is not a zone of asia-northeast1 (its zones: asia-northeast1-a, asia-northeast1-b, asia-northeast1-c)' },
  { what: 'GCP zone a of europe-west1 (b, c, d only)', config: at(prod, (c) => { c.gcp.region = 'europe-west1'; c.gcp.cluster.secretsEncryptionKey = 'projects/mlmesh-prod/locations/europe-west1/keyRings/gke/cryptoKeys/secrets'; c.gcp.cluster.nodePools[0].nodeLocations = ['europe-west1-a']; }), where: one(prod), field: 'gcp.cluster.nodePools[0].nodeLocations[0]', value: 'europe-west1-a', rule: 'is not a zone of europe-west1' },
  { what: 'Kubernetes version that does not exist', config: at(dev, (c) => { c.azure.cluster.kubernetesVersion = '1.99'; }), where: one(dev), field: 'azure.cluster.kubernetesVersion', value: '1.99', rule: 'must be a Kubernetes minor version AKS offers' },
  { what: 'Kubernetes version AKS retired', config: at(dev, (c) => { c.azure.cluster.kubernetesVersion = '1.28'; }), where: one(dev), field: 'azure.cluster.kubernetesVersion', value: '1.28', rule: 'must be a Kubernetes minor version AKS offers' },
  { what: 'DNS service IP at the broadcast address', config: at(dev, (c) => { c.azure.cluster.network.dnsServiceIp = '172.16.255.255'; }), where: one(dev), field: 'azure.cluster.network.dnsServiceIp', value: '172.16.255.255', rule: 'must not be the last (broadcast) address of serviceCidr' },
  { what: '0.0.0.0/0 as production AKS API range', config: at(prod, (c) => { c.azure.cluster.network.apiServer.authorizedIpRanges = ['0.0.0.0/0']; }), where: one(prod), field: 'azure.cluster.network.apiServer.authorizedIpRanges[0]', value: '0.0.0.0/0', rule: 'would open a production API server to the whole internet' },
  { what: 'image with an uppercase repository', config: at(dev, (c) => { c.azure.kubernetes.serving.featureStore.image = 'ghcr.io/Acme/features:1.0.0'; }), where: one(dev), field: 'azure.kubernetes.serving.featureStore.image', value: 'ghcr.io/Acme/features:1.0.0', rule: 'repository name must be lowercase' },
  { what: 'image with an over-long path', config: at(dev, (c) => { c.azure.kubernetes.serving.apiGateway.image = `ghcr.io/${'a'.repeat(260)}:1.0.0`; }), where: one(dev), field: 'azure.kubernetes.serving.apiGateway.image', value: `ghcr.io/${'a'.repeat(260)}:1.0.0`, rule: 'repository name must not be more than 255 characters' },
  { what: 'image with a space', config: at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.versions[0].image = 'ghcr.io/example/ranker:0.3.0 '; }), where: one(lab), field: 'gcp.kubernetes.serving.modelServer.versions[0].image', value: 'ghcr.io/example/ranker:0.3.0 ', rule: 'must be an image reference' },
  { what: 'env var name with "-"', config: at(prod, (c) => { c.azure.kubernetes.serving.featureStore.env = { 'MY-VAR': 'x' }; }), where: one(prod), field: 'azure.kubernetes.serving.featureStore.env.MY-VAR', value: 'MY-VAR', rule: 'must be a C identifier' },
  { what: 'env var name starting with a digit', config: at(prod, (c) => { c.gcp.kubernetes.serving.trainingJobs[0].env = { '1BATCH': '32' }; }), where: one(prod), field: 'gcp.kubernetes.serving.trainingJobs[0].env.1BATCH', value: '1BATCH', rule: 'must be a C identifier' },
  { what: 'memory as bare bytes', config: at(prod, (c) => { c.azure.kubernetes.serving.modelServer.versions[0].resources = { requests: { cpu: '1', memory: '512' }, limits: { cpu: '2', memory: '4Gi' } }; }), where: one(prod), field: 'azure.kubernetes.serving.modelServer.versions[0].resources.requests.memory', value: '512', rule: 'a bare number is bytes' },
  { what: 'model cache size as bare bytes', config: at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.modelCacheSize = '1000000'; }), where: one(lab), field: 'gcp.kubernetes.serving.modelServer.modelCacheSize', value: '1000000', rule: 'a bare number is bytes' },
  { what: 'training scratch as bare bytes', config: at(qa, (c) => { c.gcp.kubernetes.serving.trainingJobs[0].scratchSize = '100'; }), where: one(qa), field: 'gcp.kubernetes.serving.trainingJobs[0].scratchSize', value: '100', rule: 'a bare number is bytes' },
  { what: "model server on the proxy's inbound port", config: at(dev, (c) => { c.azure.kubernetes.serving.modelServer.port = 4143; }), where: one(dev), field: 'azure.kubernetes.serving.modelServer.port', value: 4143, rule: 'must not be a port of the Linkerd proxy (4140, 4143, 4190, 4191)' },
  { what: "public port on the proxy's admin port", config: at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.publicPort = 4191; }), where: one(lab), field: 'gcp.kubernetes.serving.modelServer.publicPort', value: 4191, rule: 'must not be a port of the Linkerd proxy' },
  { what: "training port on the proxy's outbound port", config: at(prod, (c) => { c.azure.kubernetes.serving.trainingJobs[0].port = 4140; }), where: one(prod), field: 'azure.kubernetes.serving.trainingJobs[0].port', value: 4140, rule: 'must not be a port of the Linkerd proxy' },
  { what: 'kube-system as serving namespace', config: at(dev, (c) => { c.azure.kubernetes.serving.namespace = 'kube-system'; }), where: one(dev), field: 'azure.kubernetes.serving.namespace', value: 'kube-system', rule: 'must not be a system namespace' },
  { what: 'linkerd as serving namespace', config: at(lab, (c) => { c.gcp.kubernetes.serving.namespace = 'linkerd'; }), where: one(lab), field: 'gcp.kubernetes.serving.namespace', value: 'linkerd', rule: 'must not be a system namespace' },
  { what: 'kube-public as an Azure ML compute namespace', config: at(prod, (c) => { c.azure.azureMl.computes[1].namespace = 'kube-public'; }), where: one(prod), field: 'azure.azureMl.computes[1].namespace', value: 'kube-public', rule: 'must not be a system namespace' },
  { what: 'cron minute 61', config: at(prod, (c) => { c.azure.kubernetes.serving.retraining[0].schedule = '61 3 * * *'; }), where: one(prod), field: 'azure.kubernetes.serving.retraining[0].schedule', value: '61 3 * * *', rule: 'Invalid value for minute: 61' },
  { what: 'cron with L, which CronJobs lack', config: at(prod, (c) => { c.azure.kubernetes.serving.retraining[0].schedule = '0 0 L * *'; }), where: one(prod), field: 'azure.kubernetes.serving.retraining[0].schedule', value: '0 0 L * *', rule: 'uses L, W or #' },
  { what: 'cron day of week 7', config: at(qa, (c) => { c.gcp.kubernetes.serving.retraining[0].schedule = '30 3 * * 7'; }), where: one(qa), field: 'gcp.kubernetes.serving.retraining[0].schedule', value: '30 3 * * 7', rule: 'has a day of week above 6' },
  { what: 'cron that never fires', config: at(qa, (c) => { c.gcp.kubernetes.serving.retraining[0].schedule = '0 0 31 2 *'; }), where: one(qa), field: 'gcp.kubernetes.serving.retraining[0].schedule', value: '0 0 31 2 *', rule: 'never fires' },
  { what: 'drift gate schedule with four fields', config: at(prod, (c) => { c.gcp.kubernetes.serving.driftGates[0].schedule = '*/5 * * *'; }), where: one(prod), field: 'gcp.kubernetes.serving.driftGates[0].schedule', value: '*/5 * * *', rule: 'has 4 fields' },
  { what: 'negative probe period (the canary progress deadline derives from it)', config: at(prod, (c) => { c.azure.kubernetes.serving.modelServer.probes = { startup: { path: '/h', periodSeconds: -10, failureThreshold: 60 }, readiness: { path: '/h' }, liveness: { path: '/l' } }; }), where: one(prod), field: 'azure.kubernetes.serving.modelServer.probes.startup.periodSeconds', value: -10, rule: 'must be a whole number >= 1' },
  { what: 'negative canary step', config: at(prod, (c) => { c.azure.kubernetes.serving.modelServer.traffic.canary.steps[0].durationMinutes = -5; }), where: one(prod), field: 'azure.kubernetes.serving.modelServer.traffic.canary.steps[0].durationMinutes', value: -5, rule: 'must be a whole number of minutes >= 1' },
];

/** Errors that used to name only a construct path, or a raw `constructs` error: now the environment and the field. */
const SAYS_WHERE: BadConfig[] = [
  { what: 'negative split weight', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: -10, v2: 110 }; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.split.v1', value: -10, rule: 'must be a whole number from 0 to 1000000' },
  { what: 'fractional split weight', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: 90.5, v2: 9.5 }; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.split.v2', value: 9.5, rule: 'must be a whole number from 0 to 1000000' },
  { what: 'split weight above the Gateway API maximum', config: at(qa, (c) => { c.azure.kubernetes.serving.modelServer.traffic.split = { stable: 2000000, next: 1 }; }), where: one(qa), field: 'azure.kubernetes.serving.modelServer.traffic.split.stable', value: 2000000, rule: 'must be a whole number from 0 to 1000000' },
  { what: 'split with every weight 0', config: at(qa, (c) => { c.azure.kubernetes.serving.modelServer.traffic.split = { stable: 0, next: 0 }; }), where: one(qa), field: 'azure.kubernetes.serving.modelServer.traffic.split', value: [0, 0], rule: 'must give at least one backend a weight above 0' },
  { what: 'split naming no version', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: 90, v2: 5, v3: 5 }; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.split.v3', value: 5, rule: 'names no version of this server (versions: v1, v2)' },
  { what: 'split missing a version', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: 100 }; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.split.v2', rule: 'every version needs a weight' },
  { what: 'route request timeout in words', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, timeouts: { request: '5 seconds' } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].timeouts.request', value: '5 seconds', rule: 'must be a positive whole number with one unit' },
  { what: 'route response timeout fractional', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, timeouts: { response: '1.5s' } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].timeouts.response', value: '1.5s', rule: 'must be a positive whole number with one unit' },
  { what: 'route idle timeout without unit', config: at(qa, (c) => { c.azure.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, timeouts: { idle: '10' } }]; }), where: one(qa), field: 'azure.kubernetes.serving.modelServer.traffic.routes[0].timeouts.idle', value: '10', rule: 'must be a positive whole number with one unit' },
  { what: 'retry attempt longer than the request', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, timeouts: { request: '2s' }, retry: { on: ['5xx'], timeout: '5s' } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].retry.timeout', value: '5s', rule: 'must be shorter than timeouts.request (2s)' },
  { what: 'retry limit 0', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, retry: { on: ['5xx'], limit: 0 } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].retry.limit', value: 0, rule: 'must be a whole number >= 1' },
  { what: 'retry on status 600', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' }, retry: { on: ['600'] } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].retry.on[0]', value: '600', rule: 'must be "5xx", "gateway-error"' },
  { what: 'two routes of one name', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: '/' } }, { name: 'all', path: { value: '/v2' } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes', value: 'all', rule: 'must name each rule once' },
  { what: 'route path without "/"', config: at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.routes = [{ name: 'all', path: { value: 'predict' } }]; }), where: one(prod), field: 'gcp.kubernetes.serving.modelServer.traffic.routes[0].path.value', value: 'predict', rule: "must start with '/'" },
  { what: 'routes without a split or a canary', config: at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.traffic = { routes: [{ name: 'all', path: { value: '/' } }] }; }), where: one(lab), field: 'gcp.kubernetes.serving.modelServer.traffic.routes', rule: 'apply only to a split or a canary' },
  { what: 'two training jobs of one name', config: at(prod, (c) => { c.gcp.kubernetes.serving.trainingJobs.push(c.gcp.kubernetes.serving.trainingJobs[0]); }), where: one(prod), field: 'gcp.kubernetes.serving.trainingJobs[1].name', value: 'fraud-train', rule: 'must be unique among trainingJobs' },
  { what: 'two retraining schedules of one name', config: at(qa, (c) => { c.gcp.kubernetes.serving.retraining.push(c.gcp.kubernetes.serving.retraining[0]); }), where: one(qa), field: 'gcp.kubernetes.serving.retraining[1].name', value: 'scorer-refit', rule: 'must be unique among retraining' },
  { what: 'two drift gates of one name', config: at(prod, (c) => { c.azure.kubernetes.serving.driftGates.push(c.azure.kubernetes.serving.driftGates[0]); }), where: one(prod), field: 'azure.kubernetes.serving.driftGates[1].name', value: 'fraud-drift-gate', rule: 'must be unique among driftGates' },
  { what: 'GKE egress to Entra ID with neither a VIP nor unfiltered HTTPS', config: at(prod, (c) => delete c.gcp.kubernetes.egress), where: one(prod), field: 'gcp.kubernetes.egress', value: 'entra-login', rule: 'needs FQDN egress to login.microsoftonline.com, but GKE Dataplane V2 enforces Kubernetes NetworkPolicy only' },
  { what: 'AKS egress by name without ACNS security', config: at(prod, (c) => { c.azure.cluster.network.advancedNetworking = { observability: true, security: false }; }), where: one(prod), field: 'azure.kubernetes.egress', value: 'google-sts', rule: 'AKS blocks FQDN and L7 Cilium policies unless Advanced Container Networking Services security is enabled' },
  { what: 'a Private Google Access VIP on AKS', config: at(prod, (c) => { c.azure.kubernetes.egress = { googleApiVip: 'private.googleapis.com' }; }), where: one(prod), field: 'azure.kubernetes.egress', value: 'private.googleapis.com', rule: 'applies only to GKE clusters' },
  { what: 'more than 20 identities sharing one managed identity (its credential limit)', config: at(prod, (c) => {
    for (let i = 0; i < 21; i++) c.identities.push({ name: `vault-reader-${i}`, runsOn: 'gcp', namespace: 'mlops', serviceAccount: `reader-${i}`, azure: { identityName: 'id-shared' } });
  }), where: one(prod), field: 'identities[22].azure.identityName', value: 'id-shared', rule: 'has 21 credentials; a managed identity holds at most 20 (use another identity): 21 identities of this environment share it' },
  { what: 'a nodeCount string beside autoscaling reports the type only', config: at(prod, (c) => { c.azure.cluster.userPools[0].minCount = 'three'; }), where: one(prod), field: 'azure.cluster.userPools[0].minCount', value: 'three', rule: 'must be a number (got a string)', only: true },
  { what: 'a GKE pool minNodes string reports the type only', config: at(lab, (c) => { c.gcp.cluster.nodePools[0].maxNodes = '3'; }), where: one(lab), field: 'gcp.cluster.nodePools[0].maxNodes', value: '3', rule: 'must be a number (got a string)', only: true },
];

/** Checks across environments: the whole list. */
const ACROSS: BadConfig[] = [
  { what: 'two environments of one name', config: () => [dev, edited(lab, (c) => { c.name = 'dev'; })], where: 'environments', field: '[1].name', value: 'dev', rule: 'environment names must be unique' },
  { what: 'an environment without a usable name is named by its position', config: () => [dev, edited(lab, (c) => { c.name = 7; })], where: 'environments[1]', field: 'name', value: 7, rule: 'must be a string (got a number)' },
  { what: 'environments not given as a list', config: () => ({ dev }), where: 'environments', field: '', value: { dev }, rule: 'must be a list of environment configs' },
];

describe('bad configs are refused with the environment, field, value and rule (issue 18)', () => {
  test.each([['shape (config read from JSON or YAML)', SHAPE], ['impossible values', IMPOSSIBLE], ['errors that say where', SAYS_WHERE]] as const)('the %s class has at least 20 cases', (_class, rows) => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => r.what)).size).toBe(rows.length);
  });

  describe('1. shape', () => {
    test.each(SHAPE.map((row) => [row.what, row] as const))('%s', (_what, row) => expect(refusalOf(row, validate)).toEqual(expectedRefusal(row)));
  });

  describe('2. impossible values', () => {
    test.each(IMPOSSIBLE.map((row) => [row.what, row] as const))('%s', (_what, row) => expect(refusalOf(row, validate)).toEqual(expectedRefusal(row)));
  });

  describe('4. errors that say where', () => {
    test.each(SAYS_WHERE.map((row) => [row.what, row] as const))('%s', (_what, row) => expect(refusalOf(row, validate)).toEqual(expectedRefusal(row)));
    test.each(ACROSS.map((row) => [row.what, row] as const))('%s', (_what, row) => expect(refusalOf(row, validateAll)).toEqual(expectedRefusal(row)));
  });
});

/** Valid inputs that used to be refused, and their neighbours: each must pass. */
const VALID: Array<[string, () => EnvironmentConfig]> = [
  ['tenant ID in capitals', at(dev, (c) => { c.azure.tenantId = UPPER_GUID; })],
  ['subscription ID in capitals', at(dev, (c) => { c.azure.subscriptionId = UPPER_GUID; })],
  ['tenant in capitals with cross-cloud identities', at(prod, (c) => { c.azure.tenantId = UPPER_GUID; })],
  ['AKS admin group in capitals', at(dev, (c) => { c.azure.cluster.identity = { adminGroupObjectIds: [UPPER_GUID] }; })],
  ['image from a registry with a port', at(dev, (c) => { c.azure.kubernetes.serving.modelServer.versions[0].image = 'registry.example.com:5000/acme/model:1.2.3'; })],
  ['image from localhost with a port', at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.versions[0].image = 'localhost:5000/ranker:0.3.0'; })],
  ['image from a registry IP with a port', at(dev, (c) => { c.azure.kubernetes.serving.featureStore.image = '10.0.0.5:5000/ml/features:2.3.1'; })],
  ['image pinned by digest only', at(dev, (c) => { c.azure.kubernetes.serving.apiGateway.image = `ghcr.io/acme/gateway@sha256:${'a'.repeat(64)}`; })],
  ['image with tag and digest', at(dev, (c) => { c.azure.kubernetes.serving.apiGateway.image = `ghcr.io/acme/gateway:0.9.4@sha256:${'b'.repeat(64)}`; })],
  ['Docker Hub short name', at(lab, (c) => { c.gcp.kubernetes.serving.modelServer.versions[0].image = 'python:3.12-slim'; })],
  ['image path with "_", "." and "__"', at(dev, (c) => { c.azure.kubernetes.serving.featureStore.image = 'ghcr.io/acme/feature__store.v2:2.3.1'; })],
  ['GKE zone b of europe-west1', at(lab, (c) => { c.gcp.region = 'europe-west1'; c.gcp.cluster.nodePools[0].nodeLocations = ['europe-west1-b', 'europe-west1-d']; })],
  ['GKE zone f of us-central1', at(lab, (c) => { c.gcp.region = 'us-central1'; c.gcp.cluster.nodePools[0].nodeLocations = ['us-central1-f']; })],
  ['newer GCP region', at(lab, (c) => { c.gcp.region = 'northamerica-south1'; })],
  ['newer Azure region', at(dev, (c) => { c.azure.location = 'italynorth'; })],
  ['pinned AKS minor', at(dev, (c) => { c.azure.cluster.kubernetesVersion = '1.34'; })],
  ['pinned AKS patch without an upgrade channel', at(dev, (c) => { c.azure.cluster.kubernetesVersion = '1.33.2'; c.azure.cluster.upgrades = { channel: 'none' }; })],
  ['cron macro', at(qa, (c) => { c.gcp.kubernetes.serving.retraining[0].schedule = '@daily'; })],
  ['cron with names and a step', at(qa, (c) => { c.gcp.kubernetes.serving.retraining[0].schedule = '*/15 8-18 * * MON-FRI'; })],
  ['cron with "?"', at(qa, (c) => { c.gcp.kubernetes.serving.retraining[0].schedule = '0 3 ? * *'; })],
  ['env var names with "_" and digits', at(dev, (c) => { c.azure.kubernetes.serving.featureStore.env = { _PRIVATE: '1', MODEL_PATH2: '/m' }; })],
  ['memory in decimal units', at(dev, (c) => { c.azure.kubernetes.serving.featureStore.resources = { requests: { cpu: '250m', memory: '500M' }, limits: { cpu: '1', memory: '1.5Gi' } }; })],
  ['relative split weights that do not sum to 100', at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: 9, v2: 1 }; })],
  ['split weight 0 keeps a version idle', at(prod, (c) => { c.gcp.kubernetes.serving.modelServer.traffic.split = { v1: 100, v2: 0 }; })],
  ['DNS service IP one below broadcast', at(dev, (c) => { c.azure.cluster.network.dnsServiceIp = '172.16.255.254'; })],
  ['serving namespace that merely starts like a system one', at(dev, (c) => { c.azure.kubernetes.serving.namespace = 'kubeflow-models'; })],
];

describe('3. valid inputs pass', () => {
  test('the class has at least 20 cases', () => expect(VALID.length).toBeGreaterThanOrEqual(20));
  test.each(VALID)('%s', (_what, config) => expect(() => validateEnvironment(config())).not.toThrow());
});
