import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { EnvironmentConfig } from '../../config/environment';
import { validateEnvironment } from '../../config/validate-environment';
import { DeployOutputs } from '../../core/deploy-outputs';
import { ClusterManifests, synthEnvironmentClusters } from './environment-clusters';

export interface KubernetesSynthOptions {
  /** @default 'dist' */
  readonly outdir?: string;
  /** Values from `cdktf output --outputs-file`. @default every such value is a placeholder */
  readonly outputs?: DeployOutputs;
}

/** Writes `<outdir>/<environment>/<cluster>/` for every cluster of every environment. */
export function synthKubernetes(environments: readonly EnvironmentConfig[], options: KubernetesSynthOptions = {}): ClusterManifests[] {
  const outputs = options.outputs ?? DeployOutputs.none();
  environments.forEach(validateEnvironment);
  const written = environments.flatMap((env) => synthEnvironmentClusters(env, options.outdir ?? 'dist', outputs));
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
