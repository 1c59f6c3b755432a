import { join } from 'path';
import { BUILT_IN_API_GROUPS, clusterInstallPlan, plannedApiGroups } from '../../lib/config/cluster-install-plan';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { API_SERVER_CALLED_PORTS } from '../../lib/contract/chart-components';
import { apiGroup, KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { CHART_VERSIONS } from '../../lib/terraform/addons/chart-versions';
import { sharedSynth, stackJson } from '../support/example-synth';
import { loadYamlDir } from '../support/k8s-schema';
import { attribute, dependsOn, named, poolAddress, resources } from '../support/terraform-json';
import { allEnvironments } from '../support/test-environments';

// The install graph, whole output: every cluster of every environment (examples and test environments). What the
// Terraform stack installs must be exactly what the cluster's install plan says, in its order and on its pools, and
// every API group a cluster folder uses must be built in or planned.

const synth = sharedSynth();
const targets = allEnvironments.flatMap(clusterTargets);
const cases = targets.map((t) => [`${t.environment.name}/${t.clusterName}`, t] as const);

describe.each(cases)('install graph of %s', (_, target) => {
  const plan = clusterInstallPlan(target);
  const stack = stackJson(synth, target.stack);
  const releaseAddress = (name: string) => named(stack, 'helm_release', name).address;

  // What a release waits for: the release it comes after, or the settle wait after that one.
  const readyAddress = (id: string): string => {
    const before = plan.releases.find((r) => r.id === id)!;
    const address = releaseAddress(before.name);
    if (before.settle === undefined) return address;
    const waits = resources(stack, 'time_sleep').filter((r) => dependsOn(r).includes(address) && r.body.create_duration === before.settle);
    expect(waits).toHaveLength(1);
    return waits[0].address;
  };

  test('each planned release is a helm_release of its pinned chart, after the releases and on the pools the plan names', () => {
    for (const planned of plan.releases) {
      const release = named(stack, 'helm_release', planned.name);
      expect({ name: planned.name, namespace: release.body.namespace, createNamespace: release.body.create_namespace, atomic: release.body.atomic, wait: release.body.wait })
        .toEqual({ name: planned.name, namespace: planned.namespace, createNamespace: planned.createNamespace, atomic: true, wait: true });
      if ('local' in planned.chart) {
        // The platform's chart, shipped with the stack: its path is inside the stack folder and holds Chart.yaml.
        expect(release.body.chart).toMatch(/^\.\/assets\//);
        expect(synth.files[join('cdktf.out', 'stacks', target.stack, release.body.chart, 'Chart.yaml')]).toContain('name: manifests');
      } else {
        expect({ name: planned.name, repository: release.body.repository, chart: release.body.chart, version: release.body.version }).toEqual({ name: planned.name, ...planned.chart });
      }
      const deps = dependsOn(release);
      for (const after of planned.after) expect({ release: planned.name, after, deps }).toEqual({ release: planned.name, after, deps: expect.arrayContaining([readyAddress(after)]) });
      expect(planned.pools.length).toBeGreaterThan(0);
      for (const pool of planned.pools) expect({ release: planned.name, pool, deps }).toEqual({ release: planned.name, pool, deps: expect.arrayContaining([poolAddress(stack, pool)]) });
    }
  });

  test('the stack installs no Helm release the plan does not list', () => {
    expect(resources(stack, 'helm_release').map((r) => r.body.name).sort()).toEqual(plan.releases.map((r) => r.name).sort());
  });

  test('a release that renders a published chart renders exactly that pinned chart', () => {
    for (const planned of plan.releases) {
      if (!('local' in planned.chart) || !planned.chart.rendering) continue;
      const templates = Object.values(stack.data?.helm_template ?? {}) as any[];
      expect(templates.map((t) => ({ repository: t.repository, chart: t.chart, version: t.version }))).toEqual([planned.chart.rendering]);
      expect(named(stack, 'helm_release', planned.name).body.values[0]).toContain('data.helm_template.');
    }
  });

  test('each managed feature is switched on in the stack', () => {
    for (const feature of plan.managed) {
      const { resourceType, attribute: path, value } = feature.switchedOnBy;
      const owners = resources(stack, resourceType).filter((r) => {
        const actual = attribute(r.body, path);
        return value === undefined ? actual !== undefined && actual !== null : actual === value;
      });
      expect({ feature: feature.id, switchedOn: owners.length }).toEqual({ feature: feature.id, switchedOn: 1 });
      for (const pool of feature.pools) expect({ feature: feature.id, deps: dependsOn(owners[0]) }).toEqual({ feature: feature.id, deps: expect.arrayContaining([poolAddress(stack, pool)]) });
    }
  });

  test('every API group the cluster folder uses is built into Kubernetes or installed by the plan', () => {
    const objects = loadYamlDir(join(synth.dir, 'dist', target.environment.name, target.clusterName)) as KubeObject[];
    expect(objects.length).toBeGreaterThan(0);
    const installed = plannedApiGroups(plan);
    const missing = [...new Set(objects.map(apiGroup))].filter((g) => !BUILT_IN_API_GROUPS.has(g) && !installed.has(g));
    expect(missing).toEqual([]);
  });
});

describe('install plans', () => {
  const plans = targets.map(clusterInstallPlan);
  const plan = (env: string, cloud: 'azure' | 'gcp') => plans.find((p) => p.target.environment.name === env && p.target.cloud === cloud)!;
  const ids = (env: string, cloud: 'azure' | 'gcp') => plan(env, cloud).releases.map((r) => r.id);
  const managed = (env: string, cloud: 'azure' | 'gcp') => plan(env, cloud).managed.map((m) => m.id);

  test('the environments cover every release and managed feature the plan can hold, except linkerd-cni', () => {
    expect(new Set(plans.flatMap((p) => p.releases.map((r) => r.id)))).toEqual(new Set(['cert-manager', 'trust-manager', 'linkerd-pki', 'gateway-api-crds', 'linkerd-crds',
      'linkerd-control-plane', 'linkerd-viz', 'flagger', 'flagger-loadtester', 'jobset', 'keda', 'nvidia-device-plugin', 'azureml-namespaces']));
    expect(new Set(plans.flatMap((p) => p.managed.map((m) => m.id)))).toEqual(new Set(['aks-cilium', 'aks-managed-prometheus', 'azureml-extension', 'gke-managed-prometheus', 'gke-gateway-api']));
  });

  test('AKS runs managed Prometheus wherever the platform emits PodMonitors, development included', () => {
    for (const p of plans.filter((x) => x.target.cloud === 'azure')) expect(p.managed.map((m) => m.id)).toContain('aks-managed-prometheus');
    expect(managed('dev', 'azure')).toContain('aks-managed-prometheus');
  });

  test('the Gateway API CRDs come from the chart on AKS, before the control plane, and from GKE itself on GKE', () => {
    for (const p of plans) {
      const cp = p.releases.find((r) => r.id === 'linkerd-control-plane')!;
      if (p.target.cloud === 'azure') {
        expect(cp.after).toContain('gateway-api-crds');
        expect(p.releases.find((r) => r.id === 'gateway-api-crds')!.chart).toEqual({ local: 'manifests', rendering: CHART_VERSIONS.gatewayApiCrds });
      } else {
        expect(p.releases.map((r) => r.id)).not.toContain('gateway-api-crds');
        expect(p.managed.map((m) => m.id)).toContain('gke-gateway-api');
      }
    }
  });

  test('Azure ML computes attach only after a release created their namespaces, on every cluster that has computes', () => {
    for (const env of allEnvironments.filter((e) => (e.azure?.azureMl?.computes ?? []).length > 0)) {
      const stack = stackJson(sharedSynth(), `${env.name}-azure`);
      const releases = Object.entries(stack.resource.helm_release) as [string, any][];
      const [address, release] = releases.find(([, r]) => r.name === 'azureml-namespaces')!;
      const created = (JSON.parse(release.values[0]).objects as any[]).map((o) => `${o.kind}/${o.metadata.name}`);
      const namespaces = env.azure!.azureMl!.computes.map((c) => c.namespace);
      expect(created.sort()).toEqual([...new Set(namespaces)].map((n) => `Namespace/${n}`).sort());
      const computes = Object.values(stack.resource.azapi_resource as Record<string, any>).filter((r) => r.type.includes('/workspaces/computes@'));
      expect(computes).toHaveLength(env.azure!.azureMl!.computes.length);
      for (const compute of computes) expect(compute.depends_on).toContain(`helm_release.${address}`);
    }
  });

  test('the trust chain is installed after trust-manager and before the Linkerd CRDs and control plane', () => {
    for (const p of plans) {
      const after = (id: string) => p.releases.find((r) => r.id === id)!.after;
      expect(after('linkerd-pki')).toEqual(['trust-manager']);
      expect(after('trust-manager')).toEqual(['cert-manager']);
      expect(after('linkerd-crds')).toEqual(['linkerd-pki']);
      expect(after('linkerd-control-plane')).toEqual(expect.arrayContaining(['linkerd-crds', 'linkerd-pki']));
    }
  });

  test('the trust chain waits 30 s after trust-manager is ready, for the cainjector to give its webhook a CA bundle', () => {
    for (const env of allEnvironments) {
      for (const cloud of ['azure', 'gcp'] as const) {
        if (!env[cloud]) continue;
        const stack = stackJson(sharedSynth(), `${env.name}-${cloud}`);
        const trustManager = named(stack, 'helm_release', 'trust-manager');
        const settle = resources(stack, 'time_sleep').filter((r) => dependsOn(r).includes(trustManager.address));
        expect(settle.map((r) => r.body.create_duration)).toEqual(['30s']);
        const pki = named(stack, 'helm_release', 'linkerd-pki');
        expect(dependsOn(pki)).toContain(settle[0].address);
        expect(dependsOn(pki)).not.toContain(trustManager.address);
      }
    }
  });

  test('JobSet where training jobs run, KEDA where drift ScaledJobs run, nothing where they do not', () => {
    for (const p of plans) {
      expect(p.releases.some((r) => r.id === 'jobset')).toBe((p.target.kubernetes.serving.trainingJobs ?? []).length > 0);
      expect(p.releases.some((r) => r.id === 'keda')).toBe((p.target.kubernetes.serving.driftScaledJobs ?? []).length > 0);
    }
    expect(ids('prod', 'azure')).toContain('jobset');
    expect(ids('prod', 'gcp')).toContain('jobset');
    expect(ids('lab7', 'gcp')).toContain('keda');
  });

  test('the NVIDIA device plugin serves exactly the AKS GPU pools outside Azure ML', () => {
    expect(plan('prod', 'azure').releases.find((r) => r.id === 'nvidia-device-plugin')!.pools).toEqual(['gput4']);
    expect(plan('qa', 'azure').releases.find((r) => r.id === 'nvidia-device-plugin')!.pools).toEqual(['gpua100']);
    expect(ids('dev', 'azure')).not.toContain('nvidia-device-plugin');
    for (const p of plans.filter((x) => x.target.cloud === 'gcp')) expect(p.releases.map((r) => r.id)).not.toContain('nvidia-device-plugin');
  });

  test('the AzureML extension waits for the Azure ML system pools, found by purpose', () => {
    expect(plan('prod', 'azure').managed.find((m) => m.id === 'azureml-extension')!.pools).toEqual(['amlsys']);
    expect(plan('qa', 'azure').managed.find((m) => m.id === 'azureml-extension')!.pools).toEqual(['amlctl']);
  });

  test('every port a planned release serves to the API server is one the control-plane firewall opens', () => {
    for (const p of plans) for (const r of p.releases) for (const port of r.webhookPorts) expect({ release: r.id, port, open: API_SERVER_CALLED_PORTS.includes(port) }).toEqual({ release: r.id, port, open: true });
  });
});
