import { readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import { App as K8sApp, YamlOutputType } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { DeployOutputs } from '../core/deploy-outputs';
import { EnvironmentConfig } from '../config/environment';
import { validateEnvironment } from '../config/validate-environment';
import { ClusterContext } from '../k8s/core/cluster-context';
import { AzurePlatformStack } from './azure-platform-stack';
import { ClusterTarget, clusterTargets } from './cluster-targets';
import { GcpPlatformStack } from './gcp-platform-stack';
import { ServingChart } from './cluster-workloads';

export interface TerraformSynthOptions {
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
}

/** Builds one Terraform stack per environment and cloud and writes cdktf.out/stacks/<stack>/cdk.tf.json. */
export function synthTerraform(environments: readonly EnvironmentConfig[], options: TerraformSynthOptions = {}): string[] {
  environments.forEach(validateEnvironment);
  const app = new TerraformApp({ outdir: options.outdir, skipValidation: false });
  const stacks: string[] = [];
  for (const env of environments) {
    if (env.azure) stacks.push(new AzurePlatformStack(app, env, env.azure).node.id);
    if (env.gcp) stacks.push(new GcpPlatformStack(app, env, env.gcp).node.id);
  }
  app.synth();
  return stacks;
}

export interface KubernetesSynthOptions {
  /** @default 'dist' */
  readonly outdir?: string;
  /** Values from `cdktf output --outputs-file`. @default every such value is a placeholder */
  readonly outputs?: DeployOutputs;
}

/** One cluster's synthesized manifests. */
export interface ClusterManifests {
  readonly environment: string;
  readonly cluster: string;
  readonly dir: string;
}

/** Writes dist/<environment>/<cluster>/, one YAML file per chart, for every cluster of every environment. */
export function synthKubernetes(environments: readonly EnvironmentConfig[], options: KubernetesSynthOptions = {}): ClusterManifests[] {
  environments.forEach(validateEnvironment);
  const root = options.outdir ?? 'dist';
  const outputs = options.outputs ?? DeployOutputs.none();
  const written: ClusterManifests[] = [];
  for (const target of environments.flatMap(clusterTargets)) {
    const dir = join(root, target.environment.name, target.clusterName);
    // A clean directory each time: a chart that disappears from config must disappear from dist/.
    rmSync(dir, { recursive: true, force: true });
    synthCluster(target, dir, outputs);
    written.push({ environment: target.environment.name, cluster: target.clusterName, dir });
  }
  outputs.assertComplete();
  return written;
}

function synthCluster(target: ClusterTarget, dir: string, outputs: DeployOutputs): void {
  const app = new K8sApp({ outdir: dir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.yaml' });
  ClusterContext.attach(app, {
    environment: target.environment.name,
    clusterName: target.clusterName,
    cloud: target.cloud,
    dataplane: target.dataplane,
    production: target.environment.production ?? false,
    acnsSecurity: target.acnsSecurity,
    outputs,
  });
  new ServingChart(app, 'serving', target.workloads);
  app.synth();
}

/** Counts objects per file for the synth summary. */
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
