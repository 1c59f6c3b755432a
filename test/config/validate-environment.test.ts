import { EnvironmentConfig } from '../../lib/config/environment';
import { environmentIssues, validateEnvironment } from '../../lib/config/validate-environment';
import { PlatformValidationError } from '../../lib/core/validation';
import { dev } from '../../stacks/environments/dev';
import { prod } from '../../stacks/environments/prod';
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
      'azure.location = "West Europe": must be an Azure region name such as westeurope (lowercase, no spaces) (did you mean "westeurope"?); the known regions are listed in lib/contract/known/azure-regions.ts',
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

describe('platform-level rules on the prod environment', () => {
  const azure = prod.azure!;
  const gcp = prod.gcp!;

  test('an Azure ML compute may not share the serving namespace', () => {
    const computes = azure.azureMl!.computes.map((c, i) => (i === 0 ? { ...c, namespace: 'mlops' } : c));
    const env: EnvironmentConfig = { ...prod, azure: { ...azure, azureMl: { ...azure.azureMl!, computes } } };
    expect(messagesOf(env)).toEqual([
      expect.stringContaining('azure.azureMl.computes[0].namespace = "mlops": must differ from the serving namespace'),
      // ... and the model server's ServiceAccount there carries a Google identity that Azure ML jobs could borrow.
      expect.stringContaining('azure.azureMl.computes[0].namespace = "mlops": Azure ML workspace mlw-mlmesh-prod (compute mlops-infer) may create workloads in this namespace'),
    ]);
  });

  test('drift checks and canaries need linkerd-viz', () => {
    const env: EnvironmentConfig = { ...prod, gcp: { ...gcp, kubernetes: { ...gcp.kubernetes, mesh: { viz: false } } } };
    expect(messagesOf(env)).toEqual(['gcp.kubernetes.mesh.viz = false: drift gates and drift ScaledJobs need linkerd-viz: they read the drift score from its Prometheus']);
  });

  test('a drift gate names a model server and a retraining schedule of its cluster', () => {
    const serving = gcp.kubernetes.serving;
    const driftGates = [{ ...serving.driftGates![0], server: 'nope', retrainingCronJob: 'missing' }];
    const env: EnvironmentConfig = { ...prod, gcp: { ...gcp, kubernetes: { ...gcp.kubernetes, serving: { ...serving, driftGates } } } };
    expect(messagesOf(env)).toEqual([
      'gcp.kubernetes.serving.driftGates[0].server = "nope": must name a model server of this cluster (model-server, model-server-gpu)',
      'gcp.kubernetes.serving.driftGates[0].retrainingCronJob = "missing": must name a retraining schedule of this cluster: its CronJob is the template of every drift-triggered Job',
    ]);
  });

  test('production alerts need somewhere to go', () => {
    const env: EnvironmentConfig = { ...prod, observability: {} };
    expect(messagesOf(env)).toEqual([
      'observability.azureActionGroupIds = undefined: a production environment on Azure needs at least one action group: without one its alerts notify nobody',
      'observability.googleNotificationChannelIds = undefined: a production environment on Google Cloud needs at least one notification channel: without one its alerts notify nobody',
    ]);
  });

  test('an identity reaches exactly one cloud, from a cluster the environment has', () => {
    const identities = [{ name: 'both', runsOn: 'azure' as const, namespace: 'mlops', serviceAccount: 'x', azure: {}, google: {} }];
    expect(messagesOf({ ...prod, identities })).toEqual(['identities[0].azure = {}: set exactly one of azure or google: a binding reaches one cloud identity']);
    expect(messagesOf({ ...dev, identities: [{ name: 'nogcp', runsOn: 'gcp', namespace: 'mlops', serviceAccount: 'x', azure: {} }] }))
      .toEqual(['identities[0].runsOn = "gcp": the environment has no gcp cluster for the workload to run on']);
  });

  test('the platform\'s Helm releases need an AKS User pool that takes ordinary pods', () => {
    const userPools = azure.cluster.userPools!.filter((p) => p.name !== 'cpu');
    const env: EnvironmentConfig = { ...prod, azure: { ...azure, cluster: { ...azure.cluster, userPools } } };
    expect(messagesOf(env)).toEqual([
      `azure.cluster.userPools = ${JSON.stringify(userPools.map((p) => p.name))}: needs a User pool without NoSchedule or NoExecute taints (not spot, GPU, Azure ML or retiring): the platform's Helm releases (cert-manager, Linkerd, ...) run there, and the system pool admits only CriticalAddonsOnly pods`,
    ]);
  });

  test('GKE serves the Gateway API CRDs itself: the platform\'s chart is refused there', () => {
    const env: EnvironmentConfig = { ...prod, gcp: { ...gcp, kubernetes: { ...gcp.kubernetes, mesh: { gatewayApiCrds: { source: 'chart' } } } } };
    expect(messagesOf(env)).toEqual(['gcp.kubernetes.mesh.gatewayApiCrds.source = "chart": GKE installs and manages the Gateway API CRDs itself (the cluster\'s gateway_api_config channel); use "cluster-managed"']);
  });

  test('the gateway\'s callers must not overlap the pod range, and must be known', () => {
    const azure = dev.azure!;
    const withIngress = (ingress: object, network = {}): EnvironmentConfig => ({
      ...dev,
      azure: {
        ...azure,
        cluster: { ...azure.cluster, network: { ...azure.cluster.network, ...network } },
        kubernetes: { ...azure.kubernetes, serving: { ...azure.kubernetes.serving, apiGateway: { ...azure.kubernetes.serving.apiGateway!, ingress } } },
      },
    });
    expect(messagesOf(withIngress({ clientCidrs: ['192.168.128.0/20'] }))).toEqual([
      'azure.kubernetes.serving.apiGateway.ingress.clientCidrs[0] = "192.168.128.0/20": must not overlap the pod range 192.168.0.0/16: the gateway\'s Linkerd authorization by address would admit unmeshed pods',
    ]);
    expect(messagesOf(withIngress({ clientCidrs: ['10.10.0.0/16'], port: 0 }))).toEqual(['azure.kubernetes.serving.apiGateway.ingress.port = 0: must be a TCP port 1-65535']);
    const existing = { existingSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s' };
    expect(messagesOf(withIngress({}, existing))).toContain(
      'azure.kubernetes.serving.apiGateway.ingress.clientCidrs = undefined: must be set: the cluster\'s private network is not in the config (an existing subnet without its CIDR), so the gateway\'s callers are unknown');
  });

  test('a training job\'s gs:// data location needs the environment\'s Google project', () => {
    const azure = prod.azure!;
    const env: EnvironmentConfig = { ...prod, gcp: undefined, identities: [], azure: { ...azure, azureMl: undefined } };
    expect(messagesOf(env)).toContain('azure.kubernetes.serving.trainingJobs[0].dataLocation = "gs://mlmesh-prod-training-data/fraud": a gs:// location needs the environment\'s gcp section: the readers\' grant on the bucket is made in its project');
  });
});
