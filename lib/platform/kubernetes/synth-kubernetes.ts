import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { EnvironmentConfig } from '../../config/environment';
import { validateEnvironments } from '../../config/validate-environment';
import { DeployOutputs } from '../../core/deploy-outputs';
import { ClusterManifests, renderEnvironmentClusters, writeEnvironmentClusters } from './environment-clusters';

export interface KubernetesSynthOptions {
  /** @default 'dist' */
  readonly outdir?: string;
  /** Values from `cdktf output --outputs-file`. @default every such value is a placeholder */
  readonly outputs?: DeployOutputs;
}

/** Writes `<outdir>/<environment>/<cluster>/` for every cluster of every environment. */
export function synthKubernetes(environments: readonly EnvironmentConfig[], options: KubernetesSynthOptions = {}): ClusterManifests[] {
  const outputs = options.outputs ?? DeployOutputs.none();
  validateEnvironments(environments);
  // Everything is rendered and checked before the first file is written: a failing check or a missing value
  // in strict mode leaves the output folder as it was.
  const rendered = environments.map((env) => renderEnvironmentClusters(env, outputs));
  outputs.assertComplete();
  return rendered.flatMap((env) => writeEnvironmentClusters(env, options.outdir ?? 'dist'));
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
