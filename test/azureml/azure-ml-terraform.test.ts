import { validationMessageOf } from '../support/validation-message';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AksNodePoolSpec } from '../../lib/terraform/azure/aks-types';
import { AzureMlExtension, AzureMlExtensionProps } from '../../lib/terraform/azure/ml/azure-ml-extension';
import { azureMlExtensionSettings } from '../../lib/terraform/azure/ml/azure-ml-extension-settings';
import { AzureMlPipelineIdentities } from '../../lib/terraform/azure/ml/azure-ml-pipeline-identities';
import { AzureMlGoogleAccess } from '../../lib/terraform/azure/ml/azure-ml-google-access';
import { AzureMlKubernetesCompute, AzureMlKubernetesComputeProps } from '../../lib/terraform/azure/ml/azure-ml-kubernetes-compute';
import { azureMlNodePool } from '../../lib/terraform/azure/ml/azure-ml-pools';
import { AzureMlWorkspace } from '../../lib/terraform/azure/ml/azure-ml-workspace';
import { GoogleFederationPool } from '../../lib/terraform/federation/google-federation-pool';
import { AzapiProvider } from '../../lib/terraform/internal/azapi';
import { AzureMlInstanceTypeSpec } from '../../lib/contract/azure-ml/instance-types';

const CLUSTER_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod';
const TENANT = '11111111-2222-3333-4444-555555555555';
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

const POOLS: AksNodePoolSpec[] = [
  azureMlNodePool({ name: 'amlsys', vmSize: 'Standard_D4ds_v5', nodeCount: 3 }, { purpose: 'system' }),
  azureMlNodePool({ name: 'amlcpu', vmSize: 'Standard_D8ds_v5', minCount: 1, maxCount: 5, labels: { 'ml-mesh.io/pool': 'amlcpu' } }, { purpose: 'inference' }),
  azureMlNodePool({ name: 'amlgpu', vmSize: 'Standard_NC24ads_A100_v4', nodeCount: 2, gpu: {}, labels: { 'ml-mesh.io/pool': 'amlgpu' } }, { purpose: 'training' }),
];

const INSTANCE_TYPES: AzureMlInstanceTypeSpec[] = [
  { name: 'defaultinstancetype', nodeSelector: { 'ml-mesh.io/pool': 'amlcpu' }, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  { name: 'gpu-a100', nodeSelector: { 'ml-mesh.io/pool': 'amlgpu' }, requests: { cpu: '8', memory: '60Gi' }, limits: { cpu: '16', memory: '110Gi' }, gpus: 1 },
];

const TLS_ROUTER = {
  type: 'internalLoadBalancer', sslSecretName: 'azureml-fe-tls', sslCname: 'ml.internal.example.com', certificateIssuer: { kind: 'ClusterIssuer', name: 'corp-ca' },
} as const;

function extensionProps(overrides: Partial<AzureMlExtensionProps> = {}): AzureMlExtensionProps {
  return { clusterId: CLUSTER_ID, clusterName: 'aks-prod', location: 'WestEurope', pools: POOLS, enableTraining: true, enableInference: true, production: true, inferenceRouter: TLS_ROUTER, ...overrides };
}

function synth(build: (scope: Construct) => void): any {
  return JSON.parse(Testing.synthScope((scope) => build(scope)));
}

function computeProps(scope: Construct, overrides: Partial<AzureMlKubernetesComputeProps> = {}): AzureMlKubernetesComputeProps {
  const extension = new AzureMlExtension(scope, 'ext', extensionProps());
  return {
    workspace: AzureMlWorkspace.fromId('/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod', 'mlw-prod', {
      containerRegistryId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/mlwprodacr',
      storageAccountId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/mlwprodst',
    }),
    name: 'aks-prod-ml', clusterId: CLUSTER_ID, location: 'westeurope', resourceGroupName: 'rg', namespace: 'mlops',
    instanceTypes: INSTANCE_TYPES, pools: POOLS, extension: extension.extension, ...overrides,
  };
}


describe('AzureMlWorkspace', () => {
  const SUBNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe';
  const VNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';
  const base = { name: 'mlw-prod', subscriptionId: SUBSCRIPTION, location: 'westeurope', resourceGroupName: 'rg', tenantId: TENANT };
  const out = synth((scope) => new AzureMlWorkspace(scope, 'ws', { ...base, publicNetworkAccess: false, privateNetwork: { subnetId: SUBNET, virtualNetworkId: VNET } }));
  const one = (type: string): any => Object.values(out.resource[type])[0];
  const all = (type: string): any[] => Object.values(out.resource[type] ?? {});

  test('the dependencies are locked down: shared keys off, selected networks with trusted services, registry closed', () => {
    expect(one('azurerm_storage_account')).toMatchObject({ shared_access_key_enabled: false, default_to_oauth_authentication: true, allow_nested_items_to_be_public: false, account_tier: 'Standard' });
    expect(one('azurerm_storage_account_network_rules')).toMatchObject({
      default_action: 'Deny', bypass: ['AzureServices'],
      private_link_access: [{ endpoint_resource_id: expect.stringMatching(/^\$\{azapi_resource\..+\.id\}$/), endpoint_tenant_id: TENANT }],
    });
    expect(one('azurerm_key_vault')).toMatchObject({ rbac_authorization_enabled: true, purge_protection_enabled: true, network_acls: { default_action: 'Deny', bypass: 'AzureServices' } });
    expect(one('azurerm_container_registry')).toMatchObject({ admin_enabled: false, anonymous_pull_enabled: false, public_network_access_enabled: false, sku: 'Premium', network_rule_bypass_option: 'AzureServices' });
    expect(one('azurerm_application_insights').workspace_id).toContain('azurerm_log_analytics_workspace');
  });

  test('the workspace is created closed, with a system identity, no legacy mode and identity-based system datastores', () => {
    const ws = one('azapi_resource');
    expect(ws).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', name: 'mlw-prod', parent_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`, identity: [{ type: 'SystemAssigned' }],
    });
    expect(ws.body.properties).toMatchObject({ publicNetworkAccess: 'Disabled', hbiWorkspace: true, v1LegacyMode: false, systemDatastoresAuthMode: 'identity' });
    expect(out.resource.azapi_update_resource).toBeUndefined();
  });

  test('private endpoints for the workspace, blob, file, vault and registry, with their zones linked to the VNet', () => {
    expect(all('azurerm_private_endpoint').map((e) => [e.private_service_connection.subresource_names[0], e.subnet_id]).sort()).toEqual([
      ['amlworkspace', SUBNET], ['blob', SUBNET], ['file', SUBNET], ['registry', SUBNET], ['vault', SUBNET],
    ]);
    expect(all('azurerm_private_dns_zone').map((z) => z.name).sort()).toEqual([
      'privatelink.api.azureml.ms', 'privatelink.azurecr.io', 'privatelink.blob.core.windows.net', 'privatelink.file.core.windows.net',
      'privatelink.notebooks.azure.net', 'privatelink.vaultcore.azure.net',
    ]);
    expect(all('azurerm_private_dns_zone_virtual_network_link').every((l) => l.virtual_network_id === VNET && l.registration_enabled === false)).toBe(true);
    expect(all('azurerm_private_dns_zone_virtual_network_link')).toHaveLength(6);
    const workspaceEndpoint = all('azurerm_private_endpoint').find((e) => e.private_service_connection.subresource_names[0] === 'amlworkspace');
    expect(workspaceEndpoint.private_dns_zone_group.private_dns_zone_ids).toHaveLength(2);
  });

  test('a public workspace has no endpoints and open firewalls; production refuses it', () => {
    const open = synth((s) => new AzureMlWorkspace(s, 'ws', { ...base, publicNetworkAccess: true }));
    expect(open.resource.azurerm_private_endpoint).toBeUndefined();
    expect(open.resource.azurerm_storage_account_network_rules).toBeUndefined();
    expect((Object.values(open.resource.azapi_resource)[0] as any).body.properties.publicNetworkAccess).toBe('Enabled');
    expect(validationMessageOf(() => synth((s) => new AzureMlWorkspace(s, 'ws', { ...base, publicNetworkAccess: true, production: true }))))
      .toContain('publicNetworkAccess = true: a production workspace and its storage, Key Vault and registry are reached through private endpoints');
  });

  test('closed with no way in is refused', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlWorkspace(s, 'ws', { ...base, publicNetworkAccess: false }))))
      .toContain('privateNetwork = (unset): is required when publicNetworkAccess is false: without private endpoints and DNS in the cluster\'s network');
  });

  test('workspace names follow Azure rules', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlWorkspace(s, 'ws', { ...base, name: 'x', publicNetworkAccess: true }))))
      .toContain('name = "x": an Azure ML workspace name must be 3-33 characters');
    expect(validationMessageOf(() => synth((s) => new AzureMlWorkspace(s, 'ws', { ...base, name: 'ml.prod', publicNetworkAccess: true }))))
      .toContain('name = "ml.prod"');
  });
});

describe('AzureMlExtension', () => {
  test('emits every setting the CLI adds, with the router internal and HA in production', () => {
    const out = synth((scope) => new AzureMlExtension(scope, 'ext', extensionProps({ production: false, inferenceRouter: undefined })));
    const ext: any = Object.values(out.resource.azurerm_kubernetes_cluster_extension)[0];
    expect(ext.extension_type).toBe('microsoft.azureml.kubernetes');
    expect(ext.release_namespace).toBe('azureml');
    expect(ext.release_train).toBe('stable');
    expect(ext.version).toBeUndefined();
    expect(ext.configuration_settings).toMatchObject({
      enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'clusterIP', allowInsecureConnections: 'True',
      inferenceRouterHA: 'False', clusterPurpose: 'DevTest', installNvidiaDevicePlugin: 'True',
      'nodeSelector.ml-mesh.io/azureml': 'true',
      cluster_name: CLUSTER_ID, clusterId: CLUSTER_ID, 'prometheus.prometheusSpec.externalLabels.cluster_name': CLUSTER_ID,
      cluster_name_friendly: 'aks-prod', location: 'westeurope', jobSchedulerLocation: 'westeurope', domain: 'westeurope.cloudapp.azure.com',
      'servicebus.enabled': 'false', 'relayserver.enabled': 'false', 'nginxIngress.enabled': 'true',
    });
  });

  test('an internal load balancer carries TLS from a Secret, never a PEM', () => {
    const settings = azureMlExtensionSettings({ ...extensionProps(), inferenceRouterHa: false, installNvidiaDevicePlugin: false, inferenceRouter: TLS_ROUTER });
    expect(settings).toMatchObject({ inferenceRouterServiceType: 'loadBalancer', internalLoadBalancerProvider: 'azure', allowInsecureConnections: 'False', sslSecret: 'azureml-fe-tls', 'scoringFe.sslSecret': 'azureml-fe-tls', sslCname: 'ml.internal.example.com', clusterPurpose: 'DevTest' });
    expect(Object.keys(settings).filter((k) => /sslCert|sslKey|PemFile/i.test(k))).toEqual([]);
  });

  test('production inference in clear text is refused; HA and FastProd come with production', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ inferenceRouter: { type: 'clusterIP' } })))))
      .toContain('inferenceRouter = {"type":"clusterIP"}: production inference serves TLS at azureml-fe');
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ inferenceRouter: undefined })))))
      .toContain('production inference serves TLS at azureml-fe');
    const ext: any = Object.values(synth((s) => new AzureMlExtension(s, 'ext', extensionProps())).resource.azurerm_kubernetes_cluster_extension)[0];
    expect(ext.configuration_settings).toMatchObject({ inferenceRouterHA: 'True', clusterPurpose: 'FastProd', allowInsecureConnections: 'False' });
    // Training only has no router to secure.
    expect(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ enableInference: false, inferenceRouter: undefined })))).not.toThrow();
  });

  test('training only leaves the inference router out; a pin replaces the release train', () => {
    const out = synth((scope) => new AzureMlExtension(scope, 'ext', extensionProps({ enableInference: false, version: '1.1.88' })));
    const ext: any = Object.values(out.resource.azurerm_kubernetes_cluster_extension)[0];
    expect(ext.configuration_settings.enableInference).toBe('False');
    expect(ext.configuration_settings.inferenceRouterServiceType).toBeUndefined();
    expect(ext.version).toBe('1.1.88');
    expect(ext.release_train).toBeUndefined();
  });

  test('an autoscaled Azure ML training pool is refused', () => {
    const pools = [...POOLS, azureMlNodePool({ name: 'amltrain', vmSize: 'Standard_D8ds_v5', minCount: 0, maxCount: 4 }, { purpose: 'training' })];
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ pools })))))
      .toContain('pools[3].nodeCount = "0-4": pool "amltrain" runs Azure ML training, which does not support node autoscaling');
  });

  test('a GPU pool with the platform GPU taint is one Azure ML cannot use', () => {
    const gpu = { ...azureMlNodePool({ name: 'amlgpu2', vmSize: 'Standard_NC24ads_A100_v4', nodeCount: 1 }, { purpose: 'training' }), gpu: { taint: true } };
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ pools: [...POOLS, gpu] })))))
      .toContain('pools[3].gpu.taint = "nvidia.com/gpu=present:NoSchedule": Azure ML pods tolerate only ml.azure.com/amlarc* taints');
  });

  test('a pool labelled for Azure ML without the amlarc taints is refused', () => {
    const bare: AksNodePoolSpec = { name: 'amlbare', vmSize: 'Standard_D4ds_v5', nodeCount: 1, labels: { 'ml-mesh.io/azureml': 'true', 'ml-mesh.io/azureml-purpose': 'inference' } };
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ pools: [...POOLS, bare] })))))
      .toContain('must carry the taint ml.azure.com/amlarc=true:NoSchedule');
  });

  test('Azure ML pools without a system pool leave the extension nowhere to run', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ pools: POOLS.slice(1), production: false })))))
      .toContain('no Azure ML system pool');
  });

  test('two device plugins, neither workload, and too few system nodes for HA are refused', () => {
    const message = validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({
      enableTraining: false, enableInference: false, installNvidiaDevicePlugin: true, platformDevicePlugin: true,
    }))));
    expect(message).toContain('enableTraining = false: at least one of enableTraining and enableInference must be true');
    expect(message).toContain('installNvidiaDevicePlugin = true: the platform already installs an NVIDIA device plugin');
    const small = [azureMlNodePool({ name: 'amlsys', vmSize: 'Standard_D4ds_v5', nodeCount: 2 }, { purpose: 'system' }), ...POOLS.slice(1)];
    expect(validationMessageOf(() => synth((s) => new AzureMlExtension(s, 'ext', extensionProps({ pools: small })))))
      .toContain('pools = 2: production inference runs three azureml-fe replicas');
  });
});

describe('azureMlNodePool', () => {
  test('system and workload pools get the amlarc taints, one shared label and no platform GPU taint', () => {
    expect(POOLS[0].taints).toEqual([
      { key: 'ml.azure.com/amlarc', value: 'true', effect: 'NoSchedule' },
      { key: 'ml.azure.com/amlarc-system', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(POOLS[2].taints).toEqual([
      { key: 'ml.azure.com/amlarc', value: 'true', effect: 'NoSchedule' },
      { key: 'ml.azure.com/amlarc-workload', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(POOLS.every((p) => p.labels?.['ml-mesh.io/azureml'] === 'true')).toBe(true);
    expect(POOLS[2].gpu).toEqual({ taint: false });
    const shared = azureMlNodePool({ name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', nodeCount: 1 }, { purpose: 'inference', gpuSharing: 'shared-with-platform' });
    expect(shared.labels).toMatchObject({ 'ml-mesh.io/accelerator': 'nvidia-gpu', 'ml-mesh.io/azureml-purpose': 'inference' });
  });
});

describe('AzureMlKubernetesCompute', () => {
  const out = synth((scope) => {
    new AzapiProvider(scope, 'azapi');
    new AzureMlKubernetesCompute(scope, 'compute', computeProps(scope));
  });

  test('is an azapi Kubernetes compute bound to the namespace with one user-assigned identity', () => {
    const compute: any = Object.values(out.resource.azapi_resource)[0];
    expect(compute.type).toBe('Microsoft.MachineLearningServices/workspaces/computes@2025-06-01');
    expect(compute.name).toBe('aks-prod-ml');
    expect(compute.identity).toEqual([{ type: 'UserAssigned', identity_ids: [expect.stringContaining('azurerm_user_assigned_identity')] }]);
    // azapi v2 takes body as an object; a JSON string would be a v1-style body.
    const body = JSON.parse(JSON.stringify(compute.body));
    expect(typeof compute.body).toBe('object');
    expect(body.properties.computeType).toBe('Kubernetes');
    expect(body.properties.resourceId).toBe(CLUSTER_ID);
    expect(body.properties.properties.namespace).toBe('mlops');
    expect(body.properties.properties.defaultInstanceType).toBe('defaultinstancetype');
    expect(body.properties.properties.instanceTypes['gpu-a100']).toEqual({
      nodeSelector: { 'ml-mesh.io/azureml': 'true', 'ml-mesh.io/pool': 'amlgpu' },
      resources: { requests: { cpu: '8', memory: '60Gi' }, limits: { cpu: '16', memory: '110Gi', 'nvidia.com/gpu': '1' } },
    });
  });

  test('binds the workspace with Trusted Access and is created after the binding, the extension and the grants', () => {
    const binding: any = Object.values(out.resource.azurerm_kubernetes_cluster_trusted_access_role_binding)[0];
    expect(binding.roles).toEqual(['Microsoft.MachineLearningServices/workspaces/mlworkload']);
    expect(binding.kubernetes_cluster_id).toBe(CLUSTER_ID);
    expect(binding.source_resource_id).toContain('/workspaces/mlw-prod');
    const compute: any = Object.values(out.resource.azapi_resource)[0];
    expect(compute.depends_on).toEqual(expect.arrayContaining([
      expect.stringContaining('azurerm_kubernetes_cluster_extension.'),
      expect.stringContaining('azurerm_kubernetes_cluster_trusted_access_role_binding.'),
      expect.stringContaining('azurerm_role_assignment.'),
    ]));
    expect(compute.provider).toBeUndefined();
    const roles = Object.values(out.resource.azurerm_role_assignment).map((r: any) => r.role_definition_name).sort();
    expect(roles).toEqual(['AcrPull', 'Storage Blob Data Contributor']);
    expect(out.resource.azurerm_machine_learning_inference_cluster).toBeUndefined();
  });

  test('declares and pins the azapi provider', () => {
    expect(out.terraform.required_providers.azapi).toEqual({ source: 'Azure/azapi', version: '2.12.0' });
  });

  test('local accounts off without Trusted Access is refused', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlKubernetesCompute(s, 'c', computeProps(s, { trustedAccess: false })))))
      .toContain('trustedAccess = false: the cluster has local accounts disabled, which Azure ML supports only through an AKS Trusted Access binding');
  });

  test('compute names follow Azure rules (2-16, letter first)', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlKubernetesCompute(s, 'c', computeProps(s, { name: 'aks-prod-ml-compute' })))))
      .toContain('name = "aks-prod-ml-compute": an Azure ML compute name must be 2-16 letters, digits or "-"');
    expect(validationMessageOf(() => synth((s) => new AzureMlKubernetesCompute(s, 'c', computeProps(s, { name: '1ml' })))))
      .toContain('name = "1ml"');
  });

  test('instance types must land on Azure ML pools that can run them, with a CPU default', () => {
    const message = validationMessageOf(() => synth((s) => new AzureMlKubernetesCompute(s, 'c', computeProps(s, { instanceTypes: [
      { name: 'gpu-any', requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' }, gpus: 1 },
      { name: 'nowhere', nodeSelector: { 'ml-mesh.io/pool': 'missing' }, requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    ] }))));
    expect(message).toContain('instanceTypes = ["gpu-any","nowhere"]: must include "defaultinstancetype"');
    expect(message).toContain('instanceTypes[0].nodeSelector = {"ml-mesh.io/azureml":"true"}: asks for 1 GPU(s) but also selects pools without GPUs (amlsys, amlcpu)');
    expect(message).toContain('instanceTypes[1].nodeSelector = {"ml-mesh.io/azureml":"true","ml-mesh.io/pool":"missing"}: selects no Azure ML pool');
  });
});

describe('AzureMlGoogleAccess', () => {
  const PUBLISHER = '99999999-8888-7777-6666-555555555555';
  const DEPLOYER = '11111111-2222-3333-4444-666666666666';
  const props = (pool: GoogleFederationPool) => ({
    tenantId: TENANT, publisherObjectId: PUBLISHER, deployerObjectId: DEPLOYER, pool,
    applicationDisplayName: 'prod-azureml-to-google',
    publishTo: { projectId: 'prod-ml-project', location: 'europe-west4', repository: 'models' },
    gkeDeployer: { projectId: 'prod-ml-project', serviceAccountId: 'azureml-deployer' },
  });
  const out = synth((scope) => {
    new AzureMlGoogleAccess(scope, 'google', props(new GoogleFederationPool(scope, 'pool', { projectId: 'prod-ml-project', poolId: 'ml-mesh-prod' })));
  });
  const all = (type: string): any[] => Object.values(out.resource[type] ?? {});

  test('an App ID URI that only the publisher and the deployer can get tokens for', () => {
    expect(all('azuread_application_registration')[0]).toMatchObject({ requested_access_token_version: 2, sign_in_audience: 'AzureADMyOrg' });
    expect(all('azuread_application_identifier_uri')[0].identifier_uri).toMatch(/^api:\/\/\$\{azuread_application_registration\..+\.client_id\}$/);
    expect(all('azuread_service_principal')[0].app_role_assignment_required).toBe(true);
    expect(all('azuread_app_role_assignment').map((a) => a.principal_object_id).sort()).toEqual([DEPLOYER, PUBLISHER].sort());
    expect(all('azuread_application_password')).toEqual([]);
  });

  test('a WIF provider trusting the Entra issuer for this tenant and the two pipeline identities only', () => {
    const provider = all('google_iam_workload_identity_pool_provider')[0];
    expect(provider.oidc.issuer_uri).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    expect(provider.attribute_condition).toBe(`assertion.tid == '${TENANT}' && assertion.sub in ['${PUBLISHER}', '${DEPLOYER}']`);
  });

  test('Artifact Registry writer for the publisher alone; the deployer alone impersonates a cluster viewer', () => {
    const writers = all('google_artifact_registry_repository_iam_member');
    expect(writers).toHaveLength(1);
    expect(writers[0]).toMatchObject({ repository: 'models', location: 'europe-west4', role: 'roles/artifactregistry.writer' });
    expect(writers[0].member).toMatch(new RegExp(`/subject/${PUBLISHER}$`));
    expect(all('google_project_iam_member').map((m) => m.role)).toEqual(['roles/container.clusterViewer']);
    const impersonation = all('google_service_account_iam_member');
    expect(impersonation).toHaveLength(1);
    expect(impersonation[0].role).toBe('roles/iam.workloadIdentityUser');
    expect(impersonation[0].member).toMatch(new RegExp(`/subject/${DEPLOYER}$`));
  });

  test('one identity for both jobs, or a deployer without deploy rights, is refused', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlGoogleAccess(s, 'g', { ...props(new GoogleFederationPool(s, 'pool', { projectId: 'prod-ml-project', poolId: 'ml-mesh-prod' })), deployerObjectId: PUBLISHER }))))
      .toContain(`deployerObjectId = "${PUBLISHER}": must differ from publisherObjectId`);
    expect(validationMessageOf(() => synth((s) => new AzureMlGoogleAccess(s, 'g', { ...props(new GoogleFederationPool(s, 'pool', { projectId: 'prod-ml-project', poolId: 'ml-mesh-prod' })), gkeDeployer: undefined }))))
      .toContain('deployerObjectId = "11111111-2222-3333-4444-666666666666": is required with gkeDeployer and only with it');
  });
});

describe('AzureMlPipelineIdentities', () => {
  const REGISTRY = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/mlwprodmlacr';
  const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/t/c/';
  const out = synth((scope) => {
    new AzureMlPipelineIdentities(scope, 'pipeline', {
      workspaceName: 'mlw-prod', containerRegistryId: REGISTRY, namespace: 'ml-export', issuerUrl: ISSUER, resourceGroupName: 'rg', location: 'westeurope',
    });
  });
  const all = (type: string): any[] => Object.values(out.resource[type] ?? {});

  test('the publisher and the deployer each have an identity, trusting only their own ServiceAccount', () => {
    expect(all('azurerm_user_assigned_identity').map((i) => i.name).sort()).toEqual(['mlw-prod-model-deployer', 'mlw-prod-model-publisher']);
    expect(all('azurerm_federated_identity_credential').map((c) => [c.subject, c.issuer]).sort()).toEqual([
      ['system:serviceaccount:ml-export:model-deployer', ISSUER],
      ['system:serviceaccount:ml-export:model-publisher', ISSUER],
    ]);
  });

  test('the publisher may pull from the one registry; nothing else is granted to either', () => {
    const grants = all('azurerm_role_assignment');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ scope: REGISTRY, role_definition_name: 'AcrPull', principal_type: 'ServicePrincipal' });
    expect(grants[0].principal_id).toContain('model-publisher');
  });

  test('a scope wider than one registry is refused', () => {
    expect(validationMessageOf(() => synth((s) => new AzureMlPipelineIdentities(s, 'p', {
      workspaceName: 'mlw-prod', containerRegistryId: '/subscriptions/s/resourceGroups/rg', namespace: 'ml-export', issuerUrl: ISSUER, resourceGroupName: 'rg', location: 'westeurope',
    })))).toContain('containerRegistryId = "/subscriptions/s/resourceGroups/rg": must be the resource ID of one container registry');
  });
});
