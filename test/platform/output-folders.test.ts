import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ClusterTarget } from '../../lib/config/cluster-targets';
import { writeEnvironmentClusters } from '../../lib/platform/kubernetes/environment-clusters';
import { writeKubernetes } from '../../lib/platform/kubernetes/synth-kubernetes';
import { DASHBOARD_FILE, removeStaleEnvironments, removeStaleStacks } from '../../lib/platform/output-folders';
import { synthTerraform } from '../../lib/platform/terraform/synth-terraform';
import { allEnvironments, lab } from '../support/test-environments';

// Class 6 of issue 18: synth owns dist/ and cdktf.out/stacks/. What no environment produces any more is removed (a
// deleted environment must not stay in the folder GitOps applies); what synth did not write is left alone.

const names = allEnvironments.map((e) => e.name);

function fresh(): string {
  return mkdtempSync(join(tmpdir(), 'output-folders-'));
}

/** `<root>/<env>/` as synth leaves it: the dashboard and one cluster folder. */
function synthesizedEnvironment(root: string, env: string, cluster = `${env}-cluster`): void {
  mkdirSync(join(root, env, cluster), { recursive: true });
  writeFileSync(join(root, env, DASHBOARD_FILE), '{}\n');
  writeFileSync(join(root, env, cluster, 'serving.yaml'), 'kind: Namespace\n');
}

/** An environment rendered with the given clusters and no objects. */
function rendered(environment: string, clusters: readonly string[]) {
  return { environment, dashboard: {}, clusters: clusters.map((clusterName) => ({ target: { clusterName } as ClusterTarget, files: [], intents: [] })) };
}

describe('dist/: environments and clusters no config produces are removed', () => {
  test.each(names)('a removed environment %s disappears with its clusters', (env) => {
    const root = fresh();
    for (const name of names) synthesizedEnvironment(root, name);
    expect(removeStaleEnvironments(root, names.filter((n) => n !== env))).toEqual([env]);
    expect(readdirSync(root).sort()).toEqual(names.filter((n) => n !== env).sort());
  });

  test.each(names)('the environment %s is kept while it is produced', (env) => {
    const root = fresh();
    synthesizedEnvironment(root, env);
    expect(removeStaleEnvironments(root, [env])).toEqual([]);
    expect(existsSync(join(root, env, `${env}-cluster`, 'serving.yaml'))).toBe(true);
  });

  test.each(names)('a folder synth did not write beside %s is left alone', (env) => {
    const root = fresh();
    synthesizedEnvironment(root, env);
    mkdirSync(join(root, 'kustomize-overlays'));
    writeFileSync(join(root, 'README.md'), 'reviewers: read dist/<env>/\n');
    removeStaleEnvironments(root, []);
    expect(readdirSync(root).sort()).toEqual(['README.md', 'kustomize-overlays']);
  });

  test.each(allEnvironments.map((e) => [e.name, e] as const))('a cluster %s no longer has is removed from its folder', (_name, env) => {
    const root = fresh();
    synthesizedEnvironment(root, env.name, 'retired-cluster');
    const clusters = [env.azure?.cluster.name, env.gcp?.cluster.name].filter((c): c is string => c !== undefined);
    writeEnvironmentClusters(rendered(env.name, clusters), root);
    expect(readdirSync(join(root, env.name)).sort()).toEqual([...clusters, DASHBOARD_FILE].sort());
  });

  test.each(names)('writing the current environments removes the others (%s stays)', (env) => {
    const root = fresh();
    synthesizedEnvironment(root, 'gone');
    writeKubernetes([rendered(env, ['c1'])], root);
    expect(readdirSync(root)).toEqual([env]);
  });

  test('no folder yet: nothing to remove', () => {
    expect(removeStaleEnvironments(join(fresh(), 'dist'), names)).toEqual([]);
  });
});

describe('cdktf.out/stacks/: stacks no environment produces are removed', () => {
  const stacks = allEnvironments.flatMap((e) => [...(e.azure ? [`${e.name}-azure`] : []), ...(e.gcp ? [`${e.name}-gcp`] : [])]);

  test.each(stacks)('the stack %s disappears once no environment produces it, and only it', (stack) => {
    const dir = fresh();
    for (const name of [...stacks, 'not-a-stack']) mkdirSync(join(dir, name));
    for (const name of stacks) writeFileSync(join(dir, name, 'cdk.tf.json'), '{}');
    expect(removeStaleStacks(dir, stacks.filter((s) => s !== stack))).toEqual([stack]);
    expect(readdirSync(dir).sort()).toEqual([...stacks.filter((s) => s !== stack), 'not-a-stack'].sort());
  });

  test('synthTerraform removes the stacks of an environment taken out of the list', () => {
    const outdir = fresh();
    // What an earlier synth with a second environment left behind.
    mkdirSync(join(outdir, 'stacks', 'lab8-gcp'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'lab8-gcp', 'cdk.tf.json'), '{}');
    synthTerraform([lab], { outdir });
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['lab7-gcp']);
  });
});
