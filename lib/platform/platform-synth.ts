import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { App as TerraformApp } from 'cdktf';
import { EnvironmentConfig } from '../config/environment';
import { DeployOutputs } from '../core/deploy-outputs';
import { ClusterManifests, MlPlatform } from './ml-platform';

export type { ClusterManifests } from './ml-platform';

export interface TerraformSynthOptions {
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
}

/** Builds one Terraform stack per environment and cloud and writes `<outdir>/stacks/<stack>/cdk.tf.json`. */
export function synthTerraform(environments: readonly EnvironmentConfig[], options: TerraformSynthOptions = {}): string[] {
  const platforms = environments.map((env) => new MlPlatform(env));
  // Stack traces on every construct cost time at synth and end up in no output we write.
  const app = new TerraformApp({ outdir: options.outdir, stackTraces: false });
  const stacks = platforms.flatMap((platform) => platform.addStacks(app).map((stack) => stack.node.id));
  app.synth();
  return stacks;
}

export interface KubernetesSynthOptions {
  /** @default 'dist' */
  readonly outdir?: string;
  /** Values from `cdktf output --outputs-file`. @default every such value is a placeholder */
  readonly outputs?: DeployOutputs;
}

/** Writes `<outdir>/<environment>/<cluster>/` for every cluster of every environment. */
export function synthKubernetes(environments: readonly EnvironmentConfig[], options: KubernetesSynthOptions = {}): ClusterManifests[] {
  const outputs = options.outputs ?? DeployOutputs.none();
  const platforms = environments.map((env) => new MlPlatform(env));
  const written = platforms.flatMap((platform) => platform.synthClusters(options.outdir ?? 'dist', outputs));
  outputs.assertComplete();
  return written;
}

/** Counts YAML files and the objects in them, for the synth summary. */
export function countObjects(dir: string): { files: number; objects: number } {
  let files = 0;
  let objects = 0;
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const nested = countObjects(path);
      files += nested.files;
      objects += nested.objects;
    } else if (entry.endsWith('.yaml')) {
      files += 1;
      objects += readFileSync(path, 'utf8').split(/^---$/m).filter((doc) => doc.trim().length > 0).length;
    }
  }
  return { files, objects };
}
