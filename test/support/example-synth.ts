import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { synthKubernetes } from '../../lib/platform/kubernetes/synth-kubernetes';
import { synthTerraform } from '../../lib/platform/terraform/synth-terraform';
import { environments } from '../../stacks/environments';

/** The example platform synthesized into a fresh temp dir: every file by relative path. */
export interface ExampleSynth {
  readonly dir: string;
  readonly files: Readonly<Record<string, string>>;
  readonly stacks: readonly string[];
  readonly outputs: DeployOutputs;
}

export function synthExample(outputs: DeployOutputs = DeployOutputs.none()): ExampleSynth {
  const dir = mkdtempSync(join(tmpdir(), 'ml-mesh-example-'));
  const stacks = synthTerraform(environments, { outdir: join(dir, 'cdktf.out') });
  synthKubernetes(environments, { outdir: join(dir, 'dist'), outputs });
  return { dir, files: readTree(dir, dir), stacks, outputs };
}

/** The parsed Terraform JSON of one stack. */
export function stackJson(example: ExampleSynth, stack: string): any {
  return JSON.parse(example.files[`cdktf.out/stacks/${stack}/cdk.tf.json`]);
}

function readTree(root: string, dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(root, path));
    else files[relative(root, path)] = readFileSync(path, 'utf8');
  }
  return files;
}
