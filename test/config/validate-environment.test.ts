import { EnvironmentConfig } from '../../lib/config/environment';
import { environmentIssues, validateEnvironment } from '../../lib/config/validate-environment';
import { PlatformValidationError } from '../../lib/core/validation';
import { dev } from '../../stacks/environments/dev';
import { environments } from '../../stacks/environments';

/** dev with a few fields replaced; deep enough for the network and workload sections. */
function devWith(patch: {
  name?: string;
  network?: Partial<NonNullable<EnvironmentConfig['azure']>['cluster']['network']>;
  azure?: Partial<NonNullable<EnvironmentConfig['azure']>>;
}): EnvironmentConfig {
  const azure = dev.azure!;
  return {
    ...dev,
    name: patch.name ?? dev.name,
    azure: {
      ...azure,
      ...(patch.azure ?? {}),
      cluster: { ...azure.cluster, network: { ...azure.cluster.network, ...(patch.network ?? {}) } },
    },
  };
}

function messagesOf(env: EnvironmentConfig): string[] {
  return environmentIssues(env).all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
}

describe('validateEnvironment', () => {
  test.each(environments.map((e) => [e.name, e] as const))('the example environment %s is valid', (_name, env) => {
    expect(messagesOf(env)).toEqual([]);
  });

  test('collects every problem in one pass and names the environment, field, value and rule', () => {
    const env = devWith({ name: 'Dev', network: { podCidr: '10.10.0.0/16', dnsServiceIp: '10.99.0.10' } });
    let error: unknown;
    try {
      validateEnvironment(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlatformValidationError);
    const message = (error as PlatformValidationError).message;
    expect(message).toContain('Invalid input in environment Dev');
    expect(message).toContain('environment Dev.name = "Dev": must be 2-12 lowercase letters or digits');
    expect(message).toContain('azure.cluster.network.podCidr = "10.10.0.0/16": overlaps vnetCidr (10.10.0.0/16)');
    expect(message).toContain('azure.cluster.network.dnsServiceIp = "10.99.0.10": must lie inside serviceCidr (172.16.0.0/16)');
    expect((error as PlatformValidationError).issues.length).toBe(3);
  });

  test('rejects malformed identifiers', () => {
    const messages = messagesOf(devWith({ azure: { subscriptionId: 'not-a-guid', location: 'West Europe', resourceGroupName: 'rg.' } }));
    expect(messages).toEqual([
      'azure.subscriptionId = "not-a-guid": must be a subscription GUID',
      'azure.location = "West Europe": must be an Azure region name such as westeurope (lowercase, no spaces)',
      'azure.resourceGroupName = "rg.": must be 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending in "."',
    ]);
  });

  test('rejects a model server image without a pinned tag, naming the nested field', () => {
    const azure = dev.azure!;
    const serving = azure.kubernetes.serving;
    const versions = [{ ...serving.modelServer.versions[0], image: 'ghcr.io/acme/model:latest' }];
    const env: EnvironmentConfig = { ...dev, azure: { ...azure, kubernetes: { ...azure.kubernetes, serving: { ...serving, modelServer: { ...serving.modelServer, versions } } } } };
    expect(messagesOf(env)).toEqual([
      expect.stringMatching(/^azure\.kubernetes\.serving\.modelServer\.versions\[0\]\.image = "ghcr\.io\/acme\/model:latest": /),
    ]);
  });
});
