import { parseAllDocuments } from 'yaml';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { renderEnvironmentClusters } from '../../lib/platform/kubernetes/environment-clusters';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { sharedSynth } from '../support/example-synth';
import { allEnvironments, lab } from '../support/test-environments';

// Work that runs to completion (training JobSets, the model publisher Job) is never in a folder GitOps syncs: after
// its TTL deletes it, Argo CD or Flux would create it again and the work would rerun. It goes to
// dist/<env>/run-once/<cluster>/, one file per run, with a README on starting it; what it needs stays synced.

const example = sharedSynth();
const parsed = new Map<string, any[]>();
function objectsOf(path: string): any[] {
  if (!parsed.has(path)) parsed.set(path, parseAllDocuments(example.files[path]).map((d) => d.toJS()).filter(Boolean));
  return parsed.get(path)!;
}
const filesUnder = (dir: string) => Object.keys(example.files).filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/'));

/** The runs the config asks for on a cluster: its training jobs and, on AKS, the Azure ML model publisher. */
function expectedRuns(target: ReturnType<typeof clusterTargets>[number]): string[] {
  const namespace = target.kubernetes.serving.namespace ?? 'mlops';
  const runs = (target.kubernetes.serving.trainingJobs ?? []).map((job) => `jobset-${namespace}-${job.name}.yaml`);
  const publisher = target.cloud === 'azure' ? target.environment.azure?.azureMl?.google?.publisher : undefined;
  if (publisher && target.environment.gcp?.modelRegistry) runs.push(`job-${publisher.namespace}-model-publisher.yaml`);
  return runs.sort();
}

const clusters = allEnvironments.flatMap((env) => clusterTargets(env).map((t) => [`${env.name}/${t.clusterName}`, t] as const));

test('the environments hold run-once work of both kinds on both clouds', () => {
  const runs = clusters.flatMap(([, t]) => expectedRuns(t).map((f) => `${t.cloud} ${f.split('-')[0]}`));
  expect(new Set(runs)).toEqual(new Set(['azure jobset', 'gcp jobset', 'azure job']));
});

describe.each(clusters)('%s', (label, target) => {
  const synced = filesUnder(`dist/${label}`);
  const runOnceDir = `dist/${target.environment.name}/run-once/${target.clusterName}`;
  const runFiles = filesUnder(runOnceDir);
  const expected = expectedRuns(target);

  test('the synced folder holds nothing that runs to completion or is deleted after it finishes', () => {
    for (const file of synced.filter((f) => f.endsWith('.yaml'))) {
      for (const o of objectsOf(file)) {
        expect({ file, object: `${o.kind} ${o.metadata.name}`, runsOnce: ['Job', 'JobSet'].includes(o.kind) || o.spec?.ttlSecondsAfterFinished !== undefined })
          .toEqual({ file, object: `${o.kind} ${o.metadata.name}`, runsOnce: false });
      }
    }
  });

  test('each run the config asks for is a file of its own in the run-once folder, with a README on starting it', () => {
    expect(runFiles.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(runOnceDir.length + 1)).sort()).toEqual(expected);
    if (expected.length === 0) {
      expect(runFiles).toEqual([]);
      return;
    }
    const readme = example.files[`${runOnceDir}/README.md`];
    expect(readme).toContain(`Argo CD or Flux syncs \`${label}/\``);
    for (const file of expected) {
      const [run] = objectsOf(`${runOnceDir}/${file}`);
      expect(readme).toContain(`kubectl create -f ${file}`);
      expect(readme).toContain(`kubectl -n ${run.metadata.namespace} delete ${run.kind.toLowerCase()} ${run.metadata.name}`);
    }
  });

  test('what each run needs (its ServiceAccounts) is in the synced folder', () => {
    const serviceAccounts = new Set(synced.filter((f) => f.endsWith('.yaml')).flatMap(objectsOf).filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const file of expected) {
      const [run] = objectsOf(`${runOnceDir}/${file}`);
      const templates = run.kind === 'JobSet' ? run.spec.replicatedJobs.map((r: any) => r.template.spec.template) : [run.spec.template];
      for (const template of templates) expect(serviceAccounts).toContain(`${run.metadata.namespace}/${template.spec.serviceAccountName}`);
    }
  });
});

test('a cluster named like the run-once folder is refused', () => {
  const clash = { ...lab, gcp: { ...lab.gcp!, cluster: { ...lab.gcp!.cluster, name: 'run-once' } } };
  expect(() => renderEnvironmentClusters(clash, DeployOutputs.none())).toThrow('gcp.cluster.name = "run-once": is the name of the run-once folder beside the cluster folders (dist/lab7/run-once/)');
});
