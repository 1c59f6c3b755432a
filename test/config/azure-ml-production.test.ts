import { AzureMlPrivateEndpointsConfig, EnvironmentConfig } from '../../lib/config/environment';
import { AzureMlInferenceRouter } from '../../lib/terraform/azure/ml/azure-ml-extension-settings';
import { environmentIssues } from '../../lib/config/validate-environment';
import { qa } from '../support/test-environments';

const messagesOf = (env: EnvironmentConfig): string[] => environmentIssues(env).all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
const azure = qa.azure!;
const withAzureMl = (patch: { publicNetworkAccess?: boolean; privateEndpoints?: AzureMlPrivateEndpointsConfig; inferenceRouter?: AzureMlInferenceRouter }, production = true): EnvironmentConfig =>
  ({ ...qa, production, azure: { ...azure, azureMl: { ...azure.azureMl!, ...patch } } });

describe('Azure ML is private, and reachable', () => {
  test('closed with no private endpoints is refused', () => {
    expect(messagesOf(withAzureMl({ privateEndpoints: undefined }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.privateEndpoints = undefined: is required when publicNetworkAccess is false: without private endpoints and DNS/),
    ]);
  });

  test('production refuses a public workspace; elsewhere it is public without endpoints', () => {
    expect(messagesOf(withAzureMl({ publicNetworkAccess: true, privateEndpoints: undefined }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.publicNetworkAccess = true: a production workspace and its storage, Key Vault and registry are reached through private endpoints/),
    ]);
    expect(messagesOf(withAzureMl({ publicNetworkAccess: true, privateEndpoints: undefined }, false)).filter((m) => m.includes('azureMl'))).toEqual([]);
  });

  test('the endpoint subnet lies inside the cluster VNet, clear of the node subnet, and is big enough', () => {
    expect(messagesOf(withAzureMl({ privateEndpoints: { subnetCidr: '10.61.0.0/26' } }))).toEqual([
      'azure.azureMl.privateEndpoints.subnetCidr = "10.61.0.0/26": must lie inside the cluster\'s vnetCidr (10.60.0.0/16)',
    ]);
    expect(messagesOf(withAzureMl({ privateEndpoints: { subnetCidr: '10.60.8.0/26' } }))).toEqual([
      'azure.azureMl.privateEndpoints.subnetCidr = "10.60.8.0/26": overlaps the node subnet (10.60.8.0/21)',
    ]);
    expect(messagesOf(withAzureMl({ privateEndpoints: { subnetCidr: '10.60.32.0/29' } }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.privateEndpoints\.subnetCidr = "10\.60\.32\.0\/29": must be \/28 or larger/),
    ]);
  });

  test('an existing subnet comes with the VNet its DNS zones link to, and not both ways at once', () => {
    const subnet = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe';
    expect(messagesOf(withAzureMl({ privateEndpoints: { existingSubnetId: subnet } }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.privateEndpoints\.virtualNetworkId = undefined: must be the resource ID of the VNet/),
    ]);
    expect(messagesOf(withAzureMl({ privateEndpoints: { existingSubnetId: subnet, virtualNetworkId: '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub' } }))).toEqual([]);
    expect(messagesOf(withAzureMl({ privateEndpoints: { existingSubnetId: subnet, subnetCidr: '10.60.32.0/27' } }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.privateEndpoints\.subnetCidr = "10\.60\.32\.0\/27": set exactly one of subnetCidr/),
    ]);
  });
});

describe('Azure ML inference is encrypted in production', () => {
  test('the plain-HTTP router is refused in production, naming the field', () => {
    expect(messagesOf(withAzureMl({ inferenceRouter: { type: 'clusterIP' } }))).toEqual([
      expect.stringMatching(/^azure\.azureMl\.extension\.inferenceRouter = \{"type":"clusterIP"\}: production inference serves TLS at azureml-fe/),
    ]);
    expect(messagesOf(withAzureMl({ inferenceRouter: { type: 'clusterIP' } }, false)).filter((m) => m.includes('inferenceRouter'))).toEqual([]);
  });
});
