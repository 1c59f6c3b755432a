import { join } from 'path';
import { AKS_CLUSTER_FORCE_NEW } from '../lib/terraform/azure/aks-replacement';
import {
  AcknowledgedReplacement,
  acknowledgedReplacementRules,
  acknowledgementsByStack,
  checkReplacements,
  fingerprintOutdir,
  fingerprintStack,
  ForceNewRule,
  formatReplacementReport,
  readAttribute,
  readReplacementBaseline,
  writeReplacementBaseline,
} from '../lib/core/replacement-guard';
import { formatIssue, Issues } from '../lib/core/validation';
import { PLATFORM_FORCE_NEW_RULES } from '../lib/platform/terraform/force-new-rules';
import { environments } from '../stacks/environments';
import { sharedSynth } from './support/example-synth';

const RULES: readonly ForceNewRule[] = PLATFORM_FORCE_NEW_RULES;
const BASELINE = join(__dirname, 'baselines', 'replacement-baseline.json');
const REGENERATE = 'UPDATE_REPLACEMENT_BASELINE=1 npx jest test/replacement-guard.test.ts';

/** The example environments' stacks (`<name>-azure`, `<name>-gcp`, lib/config/environment.ts) of the shared synth. */
function exampleFingerprints(): ReturnType<typeof fingerprintOutdir> {
  const all = fingerprintOutdir(join(sharedSynth().dir, 'cdktf.out'), RULES);
  const examples = new Set(environments.flatMap((env) => [`${env.name}-azure`, `${env.name}-gcp`]));
  return Object.fromEntries(Object.entries(all).filter(([stack]) => examples.has(stack)));
}

describe('replacement guard on the example platform', () => {
  test('no ForceNew attribute changed against the committed baseline, unless acknowledged', () => {
    const current = exampleFingerprints();
    expect(Object.keys(current).sort()).toEqual(environments.flatMap((env) => [...(env.azure ? [`${env.name}-azure`] : []), ...(env.gcp ? [`${env.name}-gcp`] : [])]).sort());
    if (process.env.UPDATE_REPLACEMENT_BASELINE === '1') writeReplacementBaseline(BASELINE, current, REGENERATE);
    const acks = acknowledgementsByStack(environments as Parameters<typeof acknowledgementsByStack>[0], Object.keys(current));
    const report = checkReplacements(readReplacementBaseline(BASELINE), current, RULES, acks);
    expect(formatReplacementReport(report, REGENERATE)).toBe('');
  });

  test('the baseline covers the example clusters and pools', () => {
    const baseline = readReplacementBaseline(BASELINE);
    const resources = Object.values(baseline).flatMap((stack) => Object.keys(stack));
    expect(resources.some((r) => r.startsWith('azurerm_kubernetes_cluster.'))).toBe(true);
    expect(resources.some((r) => r.startsWith('azurerm_kubernetes_cluster_node_pool.'))).toBe(true);
  });
});

describe('replacement guard mechanism', () => {
  const stack = (cluster: Record<string, unknown>, pools: Record<string, Record<string, unknown>> = {}): unknown => ({
    resource: { azurerm_kubernetes_cluster: { aks_cluster_ABCD: cluster }, azurerm_kubernetes_cluster_node_pool: pools },
  });
  const cluster = (dataPlane: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: 'aks-prod',
    network_profile: { network_plugin: 'azure', network_data_plane: dataPlane, network_policy: 'cilium', pod_cidr: '192.168.0.0/16' },
    default_node_pool: { name: 'system', vm_size: 'Standard_D4ds_v5' },
    ...extra,
  });
  const fingerprints = (json: unknown): ReturnType<typeof fingerprintOutdir> => ({ 'prod-azure': fingerprintStack(json, RULES) });
  const ack: AcknowledgedReplacement = { resource: 'azurerm_kubernetes_cluster.aks_cluster_ABCD', attribute: 'network_profile.network_data_plane', reason: 'planned migration to Cilium, blue/green cluster' };

  test('a changed ForceNew attribute fails, naming stack, resource, attribute, old and new value', () => {
    const report = checkReplacements(fingerprints(stack(cluster('azure'))), fingerprints(stack(cluster('cilium'))), RULES);
    expect(report.ok).toBe(false);
    expect(report.violations).toEqual([expect.objectContaining({ stack: 'prod-azure', resource: 'azurerm_kubernetes_cluster.aks_cluster_ABCD', attribute: 'network_profile.network_data_plane', before: 'azure', after: 'cilium', effect: 'replace' })]);
    expect(formatReplacementReport(report)).toBe(
      'prod-azure: azurerm_kubernetes_cluster.aks_cluster_ABCD attribute network_profile.network_data_plane changed from "azure" to "cilium": ' +
        'Terraform destroys and recreates the resource (azurerm 4.55 CustomizeDiff). If intended, add ' +
        "{ resource: 'azurerm_kubernetes_cluster.aks_cluster_ABCD', attribute: 'network_profile.network_data_plane', reason: '...' } " +
        'to acknowledgedReplacements of the environment; otherwise revert the input.',
    );
  });

  test('an acknowledged change passes', () => {
    const report = checkReplacements(fingerprints(stack(cluster('azure'))), fingerprints(stack(cluster('cilium'))), RULES, { 'prod-azure': [ack] });
    expect(report.ok).toBe(true);
    expect(report.acknowledged).toEqual([expect.objectContaining({ attribute: 'network_profile.network_data_plane', acknowledgedBy: ack })]);
  });

  test('an acknowledgement that matches nothing fails, so it cannot wave a later change through', () => {
    const same = fingerprints(stack(cluster('cilium')));
    const report = checkReplacements(same, same, RULES, { 'prod-azure': [ack] });
    expect(report.ok).toBe(false);
    expect(formatReplacementReport(report)).toContain('prod-azure: acknowledgement of azurerm_kubernetes_cluster.aks_cluster_ABCD network_profile.network_data_plane matches no change; remove it');
  });

  test('attributes that do not force replacement are ignored', () => {
    const report = checkReplacements(fingerprints(stack(cluster('cilium', { sku_tier: 'Free' }))), fingerprints(stack(cluster('cilium', { sku_tier: 'Standard' }))), RULES);
    expect(report.ok).toBe(true);
  });

  test('a stack with guarded resources and no baseline fails, printing the command that makes one', () => {
    const report = checkReplacements({}, fingerprints(stack(cluster('cilium'))), RULES);
    expect(report.ok).toBe(false);
    expect(report.missingBaselines).toEqual(['prod-azure']);
    expect(formatReplacementReport(report, 'UPDATE_REPLACEMENT_BASELINE=1 npx jest test/replacement-guard.test.ts')).toBe(
      'prod-azure: no replacement baseline, so nothing guards its clusters and pools against replacement; once its config is what you mean to apply, ' +
        'run `UPDATE_REPLACEMENT_BASELINE=1 npx jest test/replacement-guard.test.ts` and commit the baseline.',
    );
  });

  test('new resources are fine; removed ones are reported, not failed', () => {
    const before = fingerprints(stack(cluster('cilium'), { aks_pool_old: { name: 'old', priority: 'Regular' } }));
    const after = fingerprints(stack(cluster('cilium'), { aks_pool_new: { name: 'new', priority: 'Spot' } }));
    const report = checkReplacements(before, after, RULES);
    expect(report.ok).toBe(true);
    expect(report.removedResources).toEqual([{ stack: 'prod-azure', resource: 'azurerm_kubernetes_cluster_node_pool.aks_pool_old' }]);
  });

  test('a pool priority change fails, and a default-pool vm_size change is reported as an undrained rotation', () => {
    const before = fingerprints(stack(cluster('cilium'), { aks_pool_gpu: { name: 'gpu', priority: 'Regular' } }));
    const after = fingerprints(stack(cluster('cilium', { default_node_pool: { name: 'system', vm_size: 'Standard_D8ds_v5' } }), { aks_pool_gpu: { name: 'gpu', priority: 'Spot' } }));
    const report = checkReplacements(before, after, RULES);
    expect(report.violations.map((v) => [v.resource, v.attribute, v.effect])).toEqual([
      ['azurerm_kubernetes_cluster.aks_cluster_ABCD', 'default_node_pool.vm_size', 'rotate'],
      ['azurerm_kubernetes_cluster_node_pool.aks_pool_gpu', 'priority', 'replace'],
    ]);
    expect(formatReplacementReport(report)).toContain("default_node_pool.vm_size changed from \"Standard_D4ds_v5\" to \"Standard_D8ds_v5\": AKS recreates the pool's nodes without draining them");
  });

  test('network_policy: adding one is in place, changing or removing one replaces', () => {
    const withPolicy = (policy: string | undefined): ReturnType<typeof fingerprintOutdir> =>
      fingerprints(stack({ name: 'aks', network_profile: { network_data_plane: 'cilium', ...(policy ? { network_policy: policy } : {}) } }));
    expect(checkReplacements(withPolicy(undefined), withPolicy('cilium'), RULES).ok).toBe(true);
    expect(checkReplacements(withPolicy('cilium'), withPolicy('azure'), RULES).violations).toHaveLength(1);
    expect(checkReplacements(withPolicy('cilium'), withPolicy(undefined), RULES).violations).toHaveLength(1);
  });

  test('drain timeout: setting or changing it is in place, removing it (or zero) replaces the pool or the cluster', () => {
    const withDrain = (minutes: number | undefined): ReturnType<typeof fingerprintOutdir> => {
      const upgrade = minutes === undefined ? {} : { upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: minutes } };
      return fingerprints(stack(cluster('cilium', { default_node_pool: { name: 'system', ...upgrade } }), { aks_pool_cpu: { name: 'cpu', ...upgrade } }));
    };
    expect(checkReplacements(withDrain(undefined), withDrain(30), RULES).ok).toBe(true);
    expect(checkReplacements(withDrain(30), withDrain(45), RULES).ok).toBe(true);
    for (const removed of [undefined, 0]) {
      expect(checkReplacements(withDrain(30), withDrain(removed), RULES).violations.map((v) => [v.resource, v.attribute, v.effect])).toEqual([
        ['azurerm_kubernetes_cluster.aks_cluster_ABCD', 'default_node_pool.upgrade_settings.drain_timeout_in_minutes', 'replace'],
        ['azurerm_kubernetes_cluster_node_pool.aks_pool_cpu', 'upgrade_settings.drain_timeout_in_minutes', 'replace'],
      ]);
    }
  });

  test('Azure ML: a renamed or moved workspace, or an extension on another release train, is a new resource', () => {
    const ml = (workspace: string, train: string): ReturnType<typeof fingerprintOutdir> => fingerprints({
      resource: {
        azapi_resource: { azureml_workspace_ABCD: { type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', name: workspace, location: 'westeurope', parent_id: '/subscriptions/x/resourceGroups/rg' } },
        azurerm_kubernetes_cluster_extension: { azureml_extension_ABCD: { name: 'azureml', extension_type: 'Microsoft.AzureML.Kubernetes', release_train: train } },
      },
    });
    expect(checkReplacements(ml('mlw-prod', 'stable'), ml('mlw-prod', 'stable'), RULES).ok).toBe(true);
    expect(checkReplacements(ml('mlw-prod', 'stable'), ml('mlw-prod2', 'preview'), RULES).violations.map((v) => `${v.resource} ${v.attribute}`)).toEqual([
      'azapi_resource.azureml_workspace_ABCD name',
      'azurerm_kubernetes_cluster_extension.azureml_extension_ABCD release_train',
    ]);
  });

  test('Azure ML: a workspace on another storage account is refused in place', () => {
    const workspace = (storageAccount: string): ReturnType<typeof fingerprintOutdir> => fingerprints({
      resource: { azapi_resource: { azureml_workspace_ABCD: { name: 'mlw-prod', body: { properties: { storageAccount, publicNetworkAccess: 'Disabled' } } } } },
    });
    const report = checkReplacements(workspace('/subscriptions/x/storageAccounts/a'), workspace('/subscriptions/x/storageAccounts/b'), RULES);
    expect(report.violations.map((v) => [v.attribute, v.effect])).toEqual([['body.properties.storageAccount', 'refused-in-place']]);
  });

  test('acknowledgements in an environment reach that environment\'s stacks only', () => {
    const acks = acknowledgementsByStack([{ name: 'prod', acknowledgedReplacements: [ack] }, { name: 'dev' }], ['dev-azure', 'prod-azure', 'prod-gcp']);
    expect(Object.keys(acks).sort()).toEqual(['prod-azure', 'prod-gcp']);
    // Offered to two stacks but used in one: not stale.
    const report = checkReplacements(fingerprints(stack(cluster('azure'))), fingerprints(stack(cluster('cilium'))), RULES, acks);
    expect(report.ok).toBe(true);
  });

  test('switching a VPC-peering GKE cluster\'s private endpoint is refused: the API rejects the in-place update', () => {
    const gke = (privateEndpoint: boolean): unknown => ({ resource: { google_container_cluster: { gke_cluster_ABCD: {
      name: 'gke-x', private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: privateEndpoint, master_ipv4_cidr_block: '172.16.0.0/28' },
    } } } });
    const report = checkReplacements({ 'lab-gcp': fingerprintStack(gke(false), RULES) }, { 'lab-gcp': fingerprintStack(gke(true), RULES) }, RULES);
    expect(report.violations).toEqual([expect.objectContaining({ attribute: 'private_cluster_config.enable_private_endpoint', effect: 'refused-in-place', before: false, after: true })]);
    expect(formatReplacementReport(report)).toContain('lab-gcp: google_container_cluster.gke_cluster_ABCD attribute private_cluster_config.enable_private_endpoint changed from false to true: '
      + 'Terraform plans an update the API refuses; only a new resource takes it (terraform apply -replace=google_container_cluster.gke_cluster_ABCD) '
      + '("Updating private endpoint on vpc peering private clusters is not supported", terraform-google-kubernetes-engine#1919)');
  });

  test('reads nested blocks and lists of blocks', () => {
    expect(readAttribute({ a: [{ b: 1 }, { b: 2 }] }, 'a.b')).toEqual([1, 2]);
    expect(readAttribute({ a: { c: { z: 1, y: 2 } } }, 'a.c')).toEqual({ y: 2, z: 1 });
    expect(readAttribute({}, 'a.b')).toBeNull();
    expect(AKS_CLUSTER_FORCE_NEW.attributes.length).toBeGreaterThan(20);
  });

  test('acknowledgement entries are checked', () => {
    const issues = new Issues('acknowledgedReplacements');
    acknowledgedReplacementRules([{ resource: 'cluster', attribute: 'Network Profile', reason: 'ok' }, ack, ack], issues);
    expect(issues.all.map((i) => formatIssue('', i))).toEqual([
      'acknowledgedReplacements[0].resource = "cluster": must be a Terraform resource address <type>.<name>, as the replacement guard prints it',
      'acknowledgedReplacements[0].attribute = "Network Profile": must be a dotted attribute path such as network_profile.network_data_plane',
      'acknowledgedReplacements[0].reason = "ok": must say why the replacement is acceptable (at least 10 characters), for review',
      'acknowledgedReplacements[2].attribute = "network_profile.network_data_plane": repeats acknowledgement [1] for the same resource and attribute',
    ]);
  });
});
