import { validationMessageOf } from '../support/validation-message';
import { MeshNetworks } from '../../lib/k8s/mesh/mesh-networks';
import { TrafficIntents } from '../../lib/k8s/policy/traffic-intents';
import { AzureMlComputeNamespace, AzureMlSystemNamespace } from '../../lib/k8s/azureml/azureml-namespaces';
import { AzureMlInferenceAccess } from '../../lib/k8s/azureml/azureml-inference-access';
import { AzureMlNetworkPolicies } from '../../lib/k8s/azureml/azureml-network-policies';
import { AzureMlInstanceTypes } from '../../lib/k8s/azureml/instance-type';
import { modelPublisherCalls, ModelPublisherJob, ModelPublisherJobProps } from '../../lib/k8s/azureml/model-publisher-job';
import { destinationOf } from '../../lib/k8s/network/cloud-endpoints';
import { AzureMlGkeDeployerBinding } from '../../lib/k8s/azureml/gke-deployer-binding';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';


const find = (objects: any[], kind: string, name?: string, namespace?: string): any =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name) && (namespace === undefined || o.metadata.namespace === namespace));

// InstanceType has no published CRD (see lib/k8s/azureml/instance-type.ts); everything else is schema-checked.
const schemaChecked = (objects: any[]): any[] => objects.filter((o) => o.kind !== 'InstanceType');

describe('Azure ML namespaces', () => {
  const { chart } = clusterChart();
  new AzureMlSystemNamespace(chart, 'system');
  new AzureMlComputeNamespace(chart, 'inference', { name: 'mlops', purpose: 'inference', trafficRedirect: 'linkerd-cni' });
  new AzureMlComputeNamespace(chart, 'training', { name: 'mlops-training', purpose: 'training' });
  const objects = synthObjects(chart);

  test('are valid manifests', () => expectValidManifests(schemaChecked(objects)));

  test('azureml stays unmeshed without an enforce level', () => {
    const ns = find(objects, 'Namespace', 'azureml');
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('disabled');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBeUndefined();
  });

  test('inference is meshed at namespace level, deny by default, baseline with linkerd-cni', () => {
    const ns = find(objects, 'Namespace', 'mlops');
    expect(ns.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'deny' });
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('training is unmeshed by default', () => {
    const ns = find(objects, 'Namespace', 'mlops-training');
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('disabled');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('meshed with proxy-init enforces privileged as the documented exception', () => {
    const { chart: c } = clusterChart();
    new AzureMlComputeNamespace(c, 'ns', { name: 'mlops', purpose: 'inference' });
    expect(find(synthObjects(c), 'Namespace', 'mlops').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('restricted Pod Security on an Azure ML namespace is refused', () => {
    const { chart: c } = clusterChart();
    expect(validationMessageOf(() => new AzureMlComputeNamespace(c, 'ns', { name: 'mlops', purpose: 'inference', podSecurity: 'restricted', trafficRedirect: 'linkerd-cni' })))
      .toContain('podSecurity = "restricted": Azure ML supports the Kubernetes Baseline Pod Security Standard at most');
  });

  test('baseline with proxy-init meshing is refused, and azureml is not a compute namespace', () => {
    const { chart: c } = clusterChart();
    expect(validationMessageOf(() => new AzureMlComputeNamespace(c, 'ns', { name: 'mlops', purpose: 'inference', podSecurity: 'baseline' })))
      .toContain('podSecurity = "baseline": a meshed namespace with trafficRedirect proxy-init runs linkerd-init with NET_ADMIN/NET_RAW');
    expect(validationMessageOf(() => new AzureMlComputeNamespace(c, 'ns2', { name: 'azureml', purpose: 'training' })))
      .toContain('name = "azureml": must not be "azureml"');
  });
});

describe('AzureMlInstanceTypes', () => {
  const { chart } = clusterChart();
  new AzureMlInstanceTypes(chart, 'types', { instanceTypes: [
    { name: 'defaultinstancetype', nodeSelector: { 'ml-mesh.io/pool': 'amlcpu' }, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    { name: 'gpu-a100', nodeSelector: { 'ml-mesh.io/pool': 'amlgpu' }, requests: { cpu: '8', memory: '60Gi' }, limits: { cpu: '16', memory: '110Gi' }, gpus: 1 },
  ] });
  const objects = synthObjects(chart);

  test('are cluster-scoped amlarc InstanceTypes with the shared Azure ML selector and GPUs in limits only', () => {
    const gpu = find(objects, 'InstanceType', 'gpu-a100');
    expect(gpu.apiVersion).toBe('amlarc.azureml.com/v1alpha1');
    expect(gpu.metadata.namespace).toBeUndefined();
    expect(gpu.spec).toEqual({
      nodeSelector: { 'ml-mesh.io/azureml': 'true', 'ml-mesh.io/pool': 'amlgpu' },
      resources: { requests: { cpu: '8', memory: '60Gi' }, limits: { cpu: '16', memory: '110Gi', 'nvidia.com/gpu': 1 } },
    });
    expect(find(objects, 'InstanceType', 'defaultinstancetype').spec.resources.limits['nvidia.com/gpu']).toBeUndefined();
  });

  test('a missing default and a GPU default are refused', () => {
    const { chart: c } = clusterChart();
    expect(validationMessageOf(() => new AzureMlInstanceTypes(c, 't', { instanceTypes: [
      { name: 'big', requests: { cpu: '0', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    ] }))).toMatch(/instanceTypes = \["big"\]: must include "defaultinstancetype"[\s\S]*instanceTypes\[0\]\.requests\.cpu = "0"/);
    expect(validationMessageOf(() => new AzureMlInstanceTypes(c, 't2', { instanceTypes: [
      { name: 'defaultinstancetype', requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' }, gpus: 1 },
    ] }))).toContain('instanceTypes[0].gpus = 1: "defaultinstancetype" must not ask for GPUs');
  });
});

describe('AzureMlInferenceAccess', () => {
  const { chart } = clusterChart();
  MeshNetworks.of(chart).define(MeshNetworks.PODS, ['10.244.0.0/16']);
  new AzureMlNetworkPolicies(chart, 'policies', { computeNamespaces: [{ name: 'mlops', purpose: 'inference' }] });
  new AzureMlInferenceAccess(chart, 'access', { namespace: 'mlops' });
  const objects = synthObjects(chart);

  test('records one intent from azureml-fe (unmeshed, pinned by namespace and label) to port 5001', () => {
    const intents = TrafficIntents.of(chart).all;
    expect(intents).toHaveLength(1);
    expect(intents[0].source).toEqual({ kind: 'unmeshed', name: 'azureml-fe', namespace: 'azureml', selector: { 'ml.azure.com/infra-app': 'azureml-fe' } });
    expect(intents[0].target.ports).toEqual([{ name: 'scoring', port: 5001, protocol: 'http1' }]);
  });

  test('authorizes it in Linkerd with a Server and a NetworkAuthentication', () => {
    expectValidManifests(schemaChecked(objects));
    const server = find(objects, 'Server', undefined, 'mlops');
    expect(server.spec).toMatchObject({ port: 5001, accessPolicy: 'deny' });
    expect(find(objects, 'NetworkAuthentication', undefined, 'mlops').spec.networks).toEqual([{ cidr: '10.244.0.0/16' }]);
    expect(find(objects, 'AuthorizationPolicy', undefined, 'mlops').spec.requiredAuthenticationRefs[0].kind).toBe('NetworkAuthentication');
  });

  test('the network layer pins the source to azureml-fe on 5001', () => {
    const text = JSON.stringify(objects.filter((o) => o.metadata.namespace === 'mlops' && /NetworkPolicy/.test(o.kind)));
    expect(text).toContain('"ml.azure.com/infra-app":"azureml-fe"');
    expect(text).toContain('5001');
  });
});

describe('AzureMlNetworkPolicies', () => {
  const build = (acnsSecurity: boolean): any[] => {
    const { chart } = clusterChart({ acnsSecurity });
    new AzureMlNetworkPolicies(chart, 'policies', {
      computeNamespaces: [{ name: 'mlops', purpose: 'inference' }, { name: 'mlops-training', purpose: 'training' }],
      ingressGateway: { namespace: 'ingress', selector: { app: 'gateway' } },
    });
    return synthObjects(chart);
  };

  test('azureml reaches DNS, the API server, Azure by name (ACNS) and the models on 5001', () => {
    const objects = build(true);
    expectValidManifests(schemaChecked(objects));
    const system = find(objects, 'CiliumNetworkPolicy', 'azureml-system', 'azureml');
    const egress = system.spec.egress;
    expect(egress.some((r: any) => r.toEntities?.includes('kube-apiserver'))).toBe(true);
    expect(egress.find((r: any) => r.toFQDNs)?.toFQDNs).toEqual(expect.arrayContaining([{ matchPattern: '*.api.azureml.ms' }, { matchPattern: 'login.microsoftonline.com' }]));
    const toModels = egress.find((r: any) => r.toPorts?.[0]?.ports?.[0]?.port === '5001');
    expect(toModels.toEndpoints).toEqual([{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'mlops' } }]);
    const identityProxy = system.spec.ingress.find((r: any) => r.toPorts?.[0]?.ports?.[0]?.port === '9999');
    expect(identityProxy.fromEndpoints.map((e: any) => e.matchLabels['k8s:io.kubernetes.pod.namespace'])).toEqual(['mlops', 'mlops-training']);
    const gateway = system.spec.ingress.find((r: any) => r.toPorts?.[0]?.ports?.[0]?.port === '80');
    expect(gateway.fromEndpoints).toEqual([{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ingress', app: 'gateway' } }]);
  });

  test('extra hosts (Google, when Azure ML publishes there) join the compute namespaces\' allow-list by name; bad names are refused', () => {
    const { chart } = clusterChart({ acnsSecurity: true });
    new AzureMlNetworkPolicies(chart, 'policies', { computeNamespaces: [{ name: 'aml', purpose: 'inference' }], extraEgressHosts: ['sts.googleapis.com', 'europe-west4-docker.pkg.dev'] });
    const compute = find(synthObjects(chart), 'CiliumNetworkPolicy', 'azureml-compute-egress', 'aml');
    expect(compute.spec.egress.find((r: any) => r.toFQDNs).toFQDNs).toEqual(expect.arrayContaining([{ matchName: 'sts.googleapis.com' }, { matchName: 'europe-west4-docker.pkg.dev' }]));
    const { chart: c } = clusterChart();
    expect(() => new AzureMlNetworkPolicies(c, 'p', { computeNamespaces: [], extraEgressHosts: ['https://sts.googleapis.com'] }))
      .toThrow('extraEgressHosts[0] = "https://sts.googleapis.com": must be a lowercase DNS name');
  });

  test('without ACNS, Azure egress is world:443 and compute namespaces reach the identity proxy', () => {
    const objects = build(false);
    const system = find(objects, 'CiliumNetworkPolicy', 'azureml-system', 'azureml');
    expect(system.spec.egress.some((r: any) => r.toFQDNs)).toBe(false);
    expect(system.spec.egress.some((r: any) => r.toEntities?.includes('world') && r.toPorts[0].ports[0].port === '443')).toBe(true);
    const compute = find(objects, 'CiliumNetworkPolicy', 'azureml-compute-egress', 'mlops-training');
    expect(compute.spec.egress[1]).toEqual({
      toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'azureml', 'ml.azure.com/infra-app': 'identity-proxy' } }],
      toPorts: [{ ports: [{ port: '9999', protocol: 'TCP' }] }],
    });
  });
});

describe('ModelPublisherJob', () => {
  const props: ModelPublisherJobProps = {
    namespace: 'mlops-publisher', identityClientId: 'PLACEHOLDER(prod-azure.azureml_client_id)', appIdUri: 'api://12345678-aaaa-bbbb-cccc-1234567890ab',
    googleAudience: '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-mesh-prod/providers/azureml-entra',
    sourceRegistry: 'mlwprodmlacr', sourceImage: 'azureml/fraud-model:3', targetRepository: 'europe-west4-docker.pkg.dev/prod-ml-project/models',
  };
  const { chart } = clusterChart();
  new ModelPublisherJob(chart, 'publisher', props);
  const objects = synthObjects(chart);

  test('copies ACR -> Artifact Registry with workload identity and short-lived tokens only', () => {
    expectValidManifests(objects);
    const job = find(objects, 'Job', 'model-publisher');
    const pod = job.spec.template;
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(find(objects, 'ServiceAccount', 'model-publisher').metadata.annotations['azure.workload.identity/client-id']).toBe(props.identityClientId);
    const containers = [...pod.spec.initContainers, ...pod.spec.containers];
    expect(containers.map((c: any) => c.name)).toEqual(['azure-tokens', 'google-token', 'copy']);
    expect(containers.every((c: any) => c.securityContext.readOnlyRootFilesystem && c.resources.limits)).toBe(true);
    expect(pod.spec.volumes.find((v: any) => v.name === 'tokens').emptyDir.medium).toBe('Memory');
    expect(containers[2].command[2]).toContain('crane copy mlwprodmlacr.azurecr.io/azureml/fraud-model:3 europe-west4-docker.pkg.dev/prod-ml-project/models/fraud-model:3');
    const config = JSON.parse(find(objects, 'ConfigMap').data['credential-config.json']);
    expect(config).toEqual({
      type: 'external_account', audience: props.googleAudience, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token', credential_source: { file: '/tokens/entra' },
    });
    expect(JSON.stringify(objects)).not.toMatch(/password"|client_secret|private_key/i);
  });

  test('its calls follow its steps: Entra, ARM, the registry and its storage, Google STS, Artifact Registry (review R2)', () => {
    expect(modelPublisherCalls(props).map((c) => [destinationOf(c.endpoint).fqdn, c.credential])).toEqual([
      ['login.microsoftonline.com', 'azure'],
      ['management.azure.com', 'azure'],
      ['mlwprodmlacr.azurecr.io', 'azure'],
      ['*.blob.core.windows.net', 'azure'],
      ['sts.googleapis.com', 'google'],
      ['europe-west4-docker.pkg.dev', 'google'],
    ]);
  });

  test('unpinned images and a bad target are refused', () => {
    const { chart: c } = clusterChart();
    const message = validationMessageOf(() => new ModelPublisherJob(c, 'p', { ...props, sourceImage: 'azureml/fraud-model:latest', targetRepository: 'gcr.io/x', images: { crane: 'gcr.io/go-containerregistry/crane:latest' } }));
    expect(message).toContain('sourceImage = "azureml/fraud-model:latest": must be a repository with a pinned tag');
    expect(message).toContain('targetRepository = "gcr.io/x": must be an Artifact Registry Docker repository');
    expect(message).toContain('images.crane = "gcr.io/go-containerregistry/crane:latest": must carry a pinned tag');
  });
});

describe('AzureMlGkeDeployerBinding', () => {
  test('binds the impersonated service account in one namespace only', () => {
    const { chart } = clusterChart({ cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
    new AzureMlGkeDeployerBinding(chart, 'deployer', { namespace: 'serving', deployerEmail: 'azureml-deployer@prod-ml-project.iam.gserviceaccount.com' });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(objects.map((o) => o.kind).sort()).toEqual(['Role', 'RoleBinding']);
    const binding = find(objects, 'RoleBinding');
    expect(binding.metadata.namespace).toBe('serving');
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'azureml-deployer@prod-ml-project.iam.gserviceaccount.com' }]);
    expect(binding.roleRef.kind).toBe('Role');
    expect(validationMessageOf(() => new AzureMlGkeDeployerBinding(chart, 'bad', { namespace: 'serving', deployerEmail: 'someone@example.com' })))
      .toContain('deployerEmail = "someone@example.com": must be a Google service account email');
  });
});
