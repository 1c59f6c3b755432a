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
import { ModelDeployerAccess } from '../../lib/k8s/azureml/model-deployer-access';
import { AzureMlRouterCertificate } from '../../lib/k8s/azureml/azureml-router-certificate';
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

  test('azureml stays unmeshed and states privileged with its reason, warning and auditing at baseline', () => {
    const ns = find(objects, 'Namespace', 'azureml');
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('disabled');
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/audit': 'baseline' });
    expect(ns.metadata.annotations['ml-mesh-platform.io/pod-security-reason']).toMatch(/DaemonSets mount host paths/);
  });

  test('inference is meshed at namespace level, deny by default, baseline with linkerd-cni', () => {
    const ns = find(objects, 'Namespace', 'mlops');
    expect(ns.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'deny' });
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.annotations['ml-mesh-platform.io/pod-security-reason']).toMatch(/Baseline Pod Security Standard at most/);
  });

  test('training is unmeshed by default', () => {
    const ns = find(objects, 'Namespace', 'mlops-training');
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('disabled');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('meshed with proxy-init enforces privileged as the documented exception', () => {
    const { chart: c } = clusterChart();
    new AzureMlComputeNamespace(c, 'ns', { name: 'mlops', purpose: 'inference' });
    const ns = find(synthObjects(c), 'Namespace', 'mlops');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations['ml-mesh-platform.io/pod-security-reason']).toMatch(/proxy-init.*NET_ADMIN/);
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
    googleProviderName: 'projects/123/locations/global/workloadIdentityPools/ml-mesh-prod/providers/azureml-entra',
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
    const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(envOf(containers[2])).toMatchObject({
      SOURCE_IMAGE: 'mlwprodmlacr.azurecr.io/azureml/fraud-model:3', TARGET_IMAGE: 'europe-west4-docker.pkg.dev/prod-ml-project/models/fraud-model:3',
    });
    expect(envOf(containers[0])).toMatchObject({ SOURCE_REGISTRY: 'mlwprodmlacr', ENTRA_SCOPE: 'api://12345678-aaaa-bbbb-cccc-1234567890ab/.default' });
    // crane's debug image has its shell in /busybox (distroless base:debug); the CLIs' images have /bin/sh.
    expect(containers.map((c: any) => c.command[0])).toEqual(['/bin/sh', '/bin/sh', '/busybox/sh']);
    // The Entra token file is written without a trailing newline; tokens reach crane on stdin, not in argv.
    expect(containers[0].command[2]).toContain('printf %s "$entra_token" > /tokens/entra');
    expect(containers[2].command[2]).not.toMatch(/--password[ =]/);
    const config = JSON.parse(find(objects, 'ConfigMap').data['credential-config.json']);
    expect(config).toEqual({
      type: 'external_account', audience: `//iam.googleapis.com/${props.googleProviderName}`, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token', credential_source: { file: '/tokens/entra', format: { type: 'text' } },
      token_info_url: 'https://sts.googleapis.com/v1/introspect',
    });
    expect(JSON.stringify(objects)).not.toMatch(/password"|client_secret|private_key/i);
  });

  test('no config or deploy value is written into a script: each one is an environment variable', () => {
    const hostile = 'api://x"; touch /tmp/pwned; echo "';
    const { chart: c } = clusterChart();
    new ModelPublisherJob(c, 'p', { ...props, appIdUri: hostile });
    const pod = find(synthObjects(c), 'Job').spec.template.spec;
    const scripts = [...pod.initContainers, ...pod.containers].map((container: any) => container.command[2]).join('\n');
    expect(scripts).not.toContain('pwned');
    for (const value of [props.sourceRegistry, props.targetRepository, props.sourceImage, 'azurecr.io']) expect(scripts).not.toContain(value);
    expect(pod.initContainers[0].env).toContainEqual({ name: 'ENTRA_SCOPE', value: `${hostile}/.default` });
  });

  test('a crane image without the debug shell is refused', () => {
    const { chart: c } = clusterChart();
    expect(validationMessageOf(() => new ModelPublisherJob(c, 'p', { ...props, images: { crane: 'gcr.io/go-containerregistry/crane:v0.20.2' } })))
      .toContain('images.crane = "gcr.io/go-containerregistry/crane:v0.20.2": must be a debug variant of crane');
    expect(() => new ModelPublisherJob(c, 'q', { ...props, images: { crane: 'mirror.example.com/tools/crane:debug-v0.20.2' } })).not.toThrow();
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
  const EMAIL = 'azureml-deployer@prod-ml-project.iam.gserviceaccount.com';

  test('binds the impersonated service account in one namespace only, an existing one when told so', () => {
    const { chart } = clusterChart({ cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
    new AzureMlGkeDeployerBinding(chart, 'deployer', { namespace: 'serving', deployerEmail: EMAIL, createNamespace: false });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    expect(objects.map((o) => o.kind).sort()).toEqual(['Role', 'RoleBinding']);
    const binding = find(objects, 'RoleBinding');
    expect(binding.metadata.namespace).toBe('serving');
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: EMAIL }]);
    expect(binding.roleRef.kind).toBe('Role');
    expect(validationMessageOf(() => new AzureMlGkeDeployerBinding(chart, 'bad', { namespace: 'serving', deployerEmail: 'someone@example.com' })))
      .toContain('deployerEmail = "someone@example.com": must be a Google service account email');
  });

  test('by default the deploy namespace is its own: restricted, unmeshed, denying both ways, with no ServiceAccount', () => {
    const { chart } = clusterChart({ cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
    new AzureMlGkeDeployerBinding(chart, 'deployer', { namespace: 'rollout', deployerEmail: EMAIL });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const ns = find(objects, 'Namespace', 'rollout');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('disabled');
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'rollout' && o.spec.podSelector && Object.keys(o.spec.podSelector).length === 0)).toBe(true);
  });
});

describe('ModelDeployerAccess', () => {
  test('a ServiceAccount only the deployer identity trusts, and a credential configuration that impersonates the GKE deployer', () => {
    const { chart } = clusterChart();
    new ModelDeployerAccess(chart, 'deployer', {
      namespace: 'ml-export', identityClientId: 'PLACEHOLDER(qa-azure.azureml_model_deployer_client_id)', appIdUri: 'api://abc',
      providerName: 'projects/1/locations/global/workloadIdentityPools/p/providers/azureml-entra', deployerEmail: 'deploy-sa@proj-123.iam.gserviceaccount.com',
    });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const sa = find(objects, 'ServiceAccount', 'model-deployer', 'ml-export');
    expect(sa.metadata.annotations['azure.workload.identity/client-id']).toBe('PLACEHOLDER(qa-azure.azureml_model_deployer_client_id)');
    const data = find(objects, 'ConfigMap', 'model-deployer-google').data;
    expect(data['entra-scope']).toBe('api://abc/.default');
    expect(JSON.parse(data['credential-config.json'])).toMatchObject({
      audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/azureml-entra',
      credential_source: { file: '/tokens/entra' },
      service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/deploy-sa@proj-123.iam.gserviceaccount.com:generateAccessToken',
    });
  });
});

describe('AzureMlRouterCertificate', () => {
  const { chart } = clusterChart();
  new AzureMlRouterCertificate(chart, 'tls', { sslSecretName: 'router-tls', sslCname: 'ml.internal.example.com', issuer: { kind: 'ClusterIssuer', name: 'corp-ca' } });
  const objects = synthObjects(chart);

  test('cert-manager issues the router certificate in azureml, for the router name only', () => {
    expectValidManifests(objects);
    const certificate = find(objects, 'Certificate', 'router-tls', 'azureml');
    expect(certificate.spec).toMatchObject({
      secretName: 'router-tls-issued', dnsNames: ['ml.internal.example.com'], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'corp-ca' },
      privateKey: { algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' },
    });
  });

  test('a CronJob copies it to the Secret the extension reads, as cert.pem and key.pem, with no shell and no key in any manifest', () => {
    const cronJob = find(objects, 'CronJob', 'router-tls-export', 'azureml');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const [container] = pod.containers;
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['apply', '--server-side', '--field-manager=azureml-fe-certificate', '--force-conflicts', '-k', '/export']);
    const projected = pod.volumes.find((v: any) => v.name === 'export').projected.sources;
    expect(projected).toContainEqual({ secret: { name: 'router-tls-issued', items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }] } });
    const kustomization = find(objects, 'ConfigMap', 'router-tls-export').data['kustomization.yaml'];
    expect(kustomization).toContain('- name: router-tls\n  type: Opaque\n  files: [cert.pem, key.pem]');
    expect(kustomization).toContain('disableNameSuffixHash: true');
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('its ServiceAccount may read and update that one Secret, and create it', () => {
    const role = find(objects, 'Role', 'router-tls-export');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['router-tls'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    expect(find(objects, 'RoleBinding', 'router-tls-export').subjects).toEqual([{ kind: 'ServiceAccount', name: 'router-tls-export', namespace: 'azureml' }]);
  });

  test('an unpinned kubectl image is refused', () => {
    const { chart: c } = clusterChart();
    expect(validationMessageOf(() => new AzureMlRouterCertificate(c, 't', { sslSecretName: 'x', sslCname: 'a.b', issuer: { kind: 'Issuer', name: 'i' }, kubectlImage: 'registry.k8s.io/kubectl' })))
      .toContain('kubectlImage = "registry.k8s.io/kubectl": must carry a pinned tag');
  });
});
