import { clusterInstallPlan } from '../../lib/config/cluster-install-plan';
import { clusterTarget } from '../../lib/config/cluster-targets';
import { AKS_AGENT_POOL_LABEL } from '../../lib/terraform/addons/nvidia-device-plugin';
import { resolveAksPool } from '../../lib/terraform/azure/aks-pool-defaults';
import { isAzureMlPool } from '../../lib/terraform/azure/ml/azure-ml-pools';
import { sharedSynth, stackJson } from '../support/example-synth';
import { dependsOn, named, resources } from '../support/terraform-json';
import { allEnvironments } from '../support/test-environments';

// What would fail when an Azure stack is applied for the first time, or later when a pool rotates, checked on every
// environment with an AKS cluster.

const synth = sharedSynth();
const azureEnvs = allEnvironments.filter((env) => env.azure);

describe.each(azureEnvs.map((env) => [`${env.name}-azure`, env] as const))('%s', (stackName, env) => {
  const azure = env.azure!;
  const stack = stackJson(synth, stackName);
  const cluster = resources(stack, 'azurerm_kubernetes_cluster')[0];

  test('spot pools carry no upgrade_settings block (AKS refuses max_surge there); every other pool does', () => {
    for (const spec of azure.cluster.userPools ?? []) {
      const pool = named(stack, 'azurerm_kubernetes_cluster_node_pool', spec.name).body;
      if (spec.spot) expect({ pool: spec.name, upgrade: pool.upgrade_settings }).toEqual({ pool: spec.name, upgrade: undefined });
      else expect({ pool: spec.name, surge: pool.upgrade_settings?.max_surge }).toEqual({ pool: spec.name, surge: expect.stringMatching(/^\d+%?$/) });
    }
  });

  test('the provider leaves the storage data plane alone, which a storage account without public access refuses', () => {
    expect(stack.provider.azurerm[0].features).toEqual([{ storage: [{ data_plane_available: false }] }]);
  });

  test('the identity running Terraform may use the cluster, and every Helm release waits for that grant to propagate', () => {
    const grant = resources(stack, 'azurerm_role_assignment').find((r) => r.body.role_definition_name === 'Azure Kubernetes Service RBAC Cluster Admin');
    expect(grant?.body).toMatchObject({ scope: `\${${cluster.address}.id}`, principal_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\./) });
    const waits = resources(stack, 'time_sleep').filter((r) => dependsOn(r).includes(grant!.address));
    expect(waits).toHaveLength(1);
    const wait = waits[0];
    expect(dependsOn(wait)).toEqual([grant!.address]);
    for (const release of resources(stack, 'helm_release')) expect({ release: release.body.name, deps: dependsOn(release) }).toEqual({ release: release.body.name, deps: expect.arrayContaining([wait.address]) });
  });

  test('no Azure lock blocks a pool rotation: every User pool can be recreated under its rotation name', () => {
    expect(resources(stack, 'azurerm_management_lock')).toEqual([]);
    for (const pool of resources(stack, 'azurerm_kubernetes_cluster_node_pool')) {
      expect({ pool: pool.body.name, rotation: pool.body.temporary_name_for_rotation, preventDestroy: pool.body.lifecycle?.prevent_destroy })
        .toEqual({ pool: pool.body.name, rotation: expect.stringMatching(/^[a-z][a-z0-9]{0,8}tmp$/), preventDestroy: undefined });
    }
    expect(cluster.body.default_node_pool.temporary_name_for_rotation).toMatch(/tmp$/);
    expect(cluster.body.lifecycle.prevent_destroy).toBe(env.production ?? false);
  });

  test('managed Prometheus runs wherever its pipeline does', () => {
    const pipeline = resources(stack, 'azurerm_monitor_data_collection_rule_association').length > 0;
    expect(pipeline).toBe(true);
    expect(cluster.body.monitor_metrics).toEqual({});
  });

  test('NVIDIA\'s device plugin runs exactly on the GPU pools outside Azure ML, tolerating their taints', () => {
    const gpuPools = (azure.cluster.userPools ?? []).filter((p) => p.gpu && !isAzureMlPool(p));
    const plugin = resources(stack, 'helm_release').find((r) => r.body.name === 'nvidia-device-plugin');
    if (gpuPools.length === 0) {
      expect(plugin).toBeUndefined();
      return;
    }
    const values = JSON.parse(plugin!.body.values[0]);
    expect(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: AKS_AGENT_POOL_LABEL, operator: 'In', values: gpuPools.map((p) => p.name) }] }]);
    for (const taint of gpuPools.flatMap((p) => resolveAksPool(p).taints)) expect(values.tolerations).toContainEqual({ key: taint.key, operator: 'Exists', effect: taint.effect });
    const plan = clusterInstallPlan(clusterTarget(env, 'azure'));
    expect(plan.releases.find((r) => r.id === 'nvidia-device-plugin')!.pools).toEqual(gpuPools.map((p) => p.name));
  });
});
