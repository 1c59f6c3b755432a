import { execFileSync } from 'child_process';
import { mkdtempSync,readdirSync,readFileSync,statSync } from 'fs';
import { tmpdir } from 'os';
import { join,relative } from 'path';
import { parseAllDocuments } from 'yaml';
import { ClusterTarget } from '../../lib/config/cluster-targets';
import { ClusterOutput } from '../../lib/platform/kubernetes/cluster-output';
import { DeployOutputs, type Placeholder } from '../../lib/core/deploy-outputs';
import { ANOTHER_MACHINE_ENV, TEST_RUN_ENV } from './test-run-env';
import { textOrder } from '../../lib/core/text-order';

// Reads synthesized output; loads none of the library's synth code, so a suite that only reads stays light.

/** Synthesized environments in a folder: every file by relative path. */
export interface ExampleSynth {
  readonly dir: string;
  readonly files: Readonly<Record<string, string>>;
  readonly stacks: readonly string[];
  readonly outputs: DeployOutputs;
}

let shared: ExampleSynth | undefined;

/**
 * Every environment as synthesized once for the whole test run (test/global-setup.ts), without outputs: what the
 * whole-output suites check. Falls back to synthesizing here when Jest ran without the global setup.
 */
export function sharedSynth(): ExampleSynth {
  if (shared) return shared;
  const dir = process.env[TEST_RUN_ENV.synthDir];
  return (shared = dir ? readSynth(dir) : synthInChildProcess());
}

/**
 * Every environment synthesized again by another process, from another working directory (`cwd`), locale and time
 * zone (ANOTHER_MACHINE_ENV), for the determinism test: test/global-setup.ts runs it alongside the shared synth, or
 * it runs here without the global setup.
 */
export function synthElsewhere(): ExampleSynth & { readonly cwd: string } {
  const handed = process.env[TEST_RUN_ENV.synthElsewhere];
  if (handed) {
    const { dir, cwd } = JSON.parse(handed) as { dir: string; cwd: string };
    return { ...readSynth(dir), cwd };
  }
  const cwd = mkdtempSync(join(tmpdir(), 'ml-mesh-cwd-'));
  return { ...synthInChildProcess(cwd, { ...process.env, ...ANOTHER_MACHINE_ENV }), cwd };
}

function readSynth(dir: string): ExampleSynth {
  return { dir, files: readTree(dir, dir), stacks: readdirSync(join(dir, 'cdktf.out', 'stacks')).sort(), outputs: DeployOutputs.none() };
}

/**
 * Every environment synthesized by a separate Node process into a fresh temp dir, as test/global-setup.ts does, from
 * `cwd` as the working directory (default: this process's).
 */
export function synthInChildProcess(cwd?: string, env: NodeJS.ProcessEnv = process.env): ExampleSynth {
  const dir = mkdtempSync(join(tmpdir(), 'ml-mesh-example-'));
  const support = __dirname;
  execFileSync(process.execPath, ['-r', join(support, 'register-ts.cjs'), join(support, 'synth-all.ts'), dir], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return readSynth(dir);
}

/**
 * One cluster's output exactly as the synth-time checks saw it (every manifest file, synced and run-once, and the
 * recorded intents), as test/support/synth-all.ts saved it.
 */
export function clusterOutput(example: ExampleSynth, target: ClusterTarget): ClusterOutput {
  const saved = example.files[`outputs/${target.environment.name}/${target.clusterName}.json`];
  if (saved === undefined) throw new Error(`no saved output for ${target.environment.name}/${target.clusterName}: synthesize with synth-all.ts`);
  return { target, ...(JSON.parse(saved) as Pick<ClusterOutput, 'files' | 'intents'>) };
}

/**
 * Every object synthesized for one cluster: its synced folder (dist/<env>/<cluster>/) and its run-once folder
 * (dist/<env>/run-once/<cluster>/), parsed.
 */
export function clusterObjects(example: ExampleSynth, environment: string, cluster: string): any[] {
  const saved = example.files[`outputs/${environment}/${cluster}.json`];
  if (saved !== undefined) return (JSON.parse(saved) as Pick<ClusterOutput, 'files'>).files.flatMap((f) => f.objects);
  const prefixes = [`dist/${environment}/${cluster}/`, `dist/${environment}/run-once/${cluster}/`];
  return Object.keys(example.files)
    .filter((path) => path.endsWith('.yaml') && prefixes.some((p) => path.startsWith(p)))
    .flatMap((path) => parseAllDocuments(example.files[path]).map((d) => d.toJS()).filter((o) => o !== null));
}

/** Every object of every cluster (synced and run-once), as the synth-time checks saw them. */
export function allClusterObjects(example: ExampleSynth): any[] {
  return Object.keys(example.files)
    .filter((path) => path.startsWith('outputs/') && path.endsWith('.json'))
    .flatMap((path) => (JSON.parse(example.files[path]) as Pick<ClusterOutput, 'files'>).files.flatMap((f) => f.objects));
}

/**
 * The Linkerd trust chain a cluster's stack installs before the control plane: the objects of its `linkerd-pki`
 * Helm release (lib/platform/terraform/cluster-addons.ts), as the release's values carry them.
 */
export function linkerdPkiRelease(example: ExampleSynth, stack: string): any[] {
  const releases = Object.values((stackJson(example, stack).resource?.helm_release ?? {}) as Record<string, any>).filter((r) => r.name === 'linkerd-pki');
  if (releases.length !== 1) throw new Error(`stack ${stack}: expected one linkerd-pki release, found ${releases.length}`);
  return (JSON.parse(releases[0].values[0]) as { objects: any[] }).objects;
}

/**
 * The placeholders the synth wrote for these environments without an outputs file (what a review synth of them
 * records), sorted as DeployOutputs sorts them.
 */
export function placeholdersOf(example: ExampleSynth, environments: readonly { readonly name: string }[]): Placeholder[] {
  const all = environments.flatMap((env) => JSON.parse(example.files[`placeholders/${env.name}.json`]) as Placeholder[]);
  const unique = new Map(all.map((p) => [`${p.stack}.${p.output}`, p]));
  return [...unique.values()].sort((a, b) => textOrder(a.text, b.text));
}

/** The parsed Terraform JSON of one stack. */
export function stackJson(example: ExampleSynth, stack: string): any {
  return JSON.parse(example.files[`cdktf.out/stacks/${stack}/cdk.tf.json`]);
}

/**
 * Every file below `root` by relative path, read on first access: a suite pays only for the files it reads
 * (`Object.keys` reads none, `Object.entries` reads all).
 */
export function readTree(root: string, dir: string = root, files: Record<string, string> = {}): Record<string, string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      readTree(root, path, files);
      continue;
    }
    let text: string | undefined;
    Object.defineProperty(files, relative(root, path), { enumerable: true, get: () => (text ??= readFileSync(path, 'utf8')) });
  }
  return files;
}
