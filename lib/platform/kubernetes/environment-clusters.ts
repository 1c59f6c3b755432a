import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { clusterTargets } from '../../config/cluster-targets';
import { EnvironmentConfig } from '../../config/environment';
import { modelAlertTargets } from '../../config/model-targets';
import { grafanaDashboard } from '../../contract/observability/grafana-dashboard';
import { DeployOutputs } from '../../core/deploy-outputs';
import { inEnvironment } from '../environment-context';
import { DASHBOARD_FILE } from '../output-folders';
import { buildClusterApp } from './cluster-app';
import { ClusterOutput, renderClusterOutput, writeClusterOutput } from './cluster-output';
import { checkClusterOutput } from './output-checks';

/** One cluster's synthesized manifests. */
export interface ClusterManifests {
  readonly environment: string;
  readonly cluster: string;
  readonly dir: string;
}

/** An environment's Kubernetes side, rendered and checked but not written yet. */
export interface RenderedEnvironment {
  readonly environment: string;
  readonly clusters: readonly ClusterOutput[];
  /** The environment's Grafana dashboard (JSON model). */
  readonly dashboard: unknown;
}

/**
 * Builds every cluster app of a validated environment and runs the whole-output checks on each (output-checks/),
 * so that nothing is written when any cluster folder would not apply.
 */
export function renderEnvironmentClusters(env: EnvironmentConfig, outputs: DeployOutputs): RenderedEnvironment {
  const targets = clusterTargets(env);
  const clusters = targets.map((target) => inEnvironment(env.name, `${target.cloud}.kubernetes`, () => {
    const output = renderClusterOutput(target, buildClusterApp(target, outputs));
    checkClusterOutput(output);
    return output;
  }));
  const dashboard = grafanaDashboard({ environment: env.name, models: targets.flatMap((t) => modelAlertTargets(t.kubernetes)) });
  return { environment: env.name, clusters, dashboard };
}

/**
 * Writes `<root>/<env>/<cluster>/`, one YAML file per chart, for each cluster, and `<root>/<env>/grafana-dashboard.json`,
 * the environment's dashboard for Grafana (Azure Managed Grafana reads the Azure Monitor workspace; GKE's copy is a
 * Cloud Monitoring dashboard in the `<env>-gcp` stack).
 */
export function writeEnvironmentClusters(rendered: RenderedEnvironment, root: string): ClusterManifests[] {
  const envDir = join(root, rendered.environment);
  mkdirSync(envDir, { recursive: true });
  // The environment's folder is synth's: a cluster that is no longer produced disappears with its files.
  const produced = new Set([DASHBOARD_FILE, ...rendered.clusters.map((c) => c.target.clusterName)]);
  for (const entry of readdirSync(envDir)) if (!produced.has(entry)) rmSync(join(envDir, entry), { recursive: true, force: true });
  writeFileSync(join(envDir, DASHBOARD_FILE), `${JSON.stringify(rendered.dashboard, null, 2)}\n`);
  return rendered.clusters.map((output) => {
    const dir = join(root, rendered.environment, output.target.clusterName);
    // A clean directory each time: a chart that disappears from config must disappear from dist/.
    rmSync(dir, { recursive: true, force: true });
    writeClusterOutput(output, dir);
    return { environment: rendered.environment, cluster: output.target.clusterName, dir };
  });
}

/** Renders, checks and writes one validated environment's cluster folders and dashboard. */
export function synthEnvironmentClusters(env: EnvironmentConfig, root: string, outputs: DeployOutputs): ClusterManifests[] {
  return writeEnvironmentClusters(renderEnvironmentClusters(env, outputs), root);
}
