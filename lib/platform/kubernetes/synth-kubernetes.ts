import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { EnvironmentConfig } from '../../config/environment';
import { validateEnvironments } from '../../config/validate-environment';
import { DeployOutputs } from '../../core/deploy-outputs';
import { removeStaleEnvironments } from '../output-folders';
import { ClusterManifests, renderEnvironmentClusters, RenderedEnvironment, writeEnvironmentClusters } from './environment-clusters';

export interface KubernetesSynthOptions {
  /** @default 'dist' */
  readonly outdir?: string;
  /** Values from `cdktf output --outputs-file`. @default every such value is a placeholder */
  readonly outputs?: DeployOutputs;
}

/**
 * Validates every environment, builds and checks every cluster folder and, in strict mode, fails on any value missing
 * from the outputs file: all before anything is written, so a failing check leaves the output folder as it was.
 */
export function renderKubernetes(environments: readonly EnvironmentConfig[], outputs: DeployOutputs = DeployOutputs.none()): RenderedEnvironment[] {
  validateEnvironments(environments);
  const rendered = environments.map((env) => renderEnvironmentClusters(env, outputs));
  outputs.assertComplete();
  return rendered;
}

/**
 * Writes `<outdir>/<environment>/<cluster>/` for every rendered cluster. The folder is synth's: an environment or
 * cluster that is no longer produced is removed (only folders synth wrote, marked by their grafana-dashboard.json).
 */
export function writeKubernetes(rendered: readonly RenderedEnvironment[], outdir = 'dist'): ClusterManifests[] {
  removeStaleEnvironments(outdir, rendered.map((env) => env.environment));
  return rendered.flatMap((env) => writeEnvironmentClusters(env, outdir));
}

/** Renders, checks and writes every cluster of every environment. */
export function synthKubernetes(environments: readonly EnvironmentConfig[], options: KubernetesSynthOptions = {}): ClusterManifests[] {
  return writeKubernetes(renderKubernetes(environments, options.outputs), options.outdir);
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
