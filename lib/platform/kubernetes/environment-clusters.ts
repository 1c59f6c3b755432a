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
import { RUN_ONCE_FOLDER, runOnceDir } from './run-once-folder';
import { PlatformValidationError } from '../../core/validation';
import { clusterFlowReport } from './flows/cluster-flows';
import { flowsDocument } from './flows/flows-document';

/** One cluster's synthesized manifests. */
export interface ClusterManifests {
  readonly environment: string;
  readonly cluster: string;
  /** The folder GitOps syncs. */
  readonly dir: string;
  /** The folder of run-once work (Jobs, JobSets) started by hand, when the cluster has any. */
  readonly runOnceDir?: string;
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
 * so that nothing is written when any cluster folder would not apply; then adds each folder's FLOWS.md, drawn from the
 * same flow report the checks read.
 */
export function renderEnvironmentClusters(env: EnvironmentConfig, outputs: DeployOutputs): RenderedEnvironment {
  const targets = clusterTargets(env);
  for (const target of targets) {
    if (target.clusterName === RUN_ONCE_FOLDER) {
      throw new PlatformValidationError(`environment ${env.name}`, [{ field: `${target.cloud}.cluster.name`, value: target.clusterName, rule: `is the name of the run-once folder beside the cluster folders (dist/${env.name}/${RUN_ONCE_FOLDER}/); rename the cluster` }]);
    }
  }
  for (const target of targets) {
    if (target.clusterName === RUN_ONCE_FOLDER) {
      throw new PlatformValidationError(`environment ${env.name}`, [{ field: `${target.cloud}.cluster.name`, value: target.clusterName, rule: `is the name of the run-once folder beside the cluster folders (dist/${env.name}/${RUN_ONCE_FOLDER}/); rename the cluster` }]);
    }
  }
  const clusters = targets.map((target) => inEnvironment(env.name, `${target.cloud}.kubernetes`, (): ClusterOutput => {
    const output = renderClusterOutput(target, buildClusterApp(target, outputs));
    checkClusterOutput(output);
    return { ...output, documents: [flowsDocument(clusterFlowReport(output))] };
  }));
  const dashboard = grafanaDashboard({ environment: env.name, clusters: targets.map((t) => t.clusterName), models: targets.flatMap((t) => modelAlertTargets(t.kubernetes)) });
  return { environment: env.name, clusters, dashboard };
}

/**
 * Writes `<root>/<env>/<cluster>/`, one YAML file per chart and FLOWS.md, for each cluster; `<root>/<env>/run-once/<cluster>/`,
 * the run-once work GitOps must not apply, with a README on starting it; and `<root>/<env>/grafana-dashboard.json`, the
 * environment's dashboard for Grafana (Azure Managed Grafana reads the Azure Monitor workspace; GKE's copy is a
 * Cloud Monitoring dashboard in the `<env>-gcp` stack).
 */
export function writeEnvironmentClusters(rendered: RenderedEnvironment, root: string): ClusterManifests[] {
  const envDir = join(root, rendered.environment);
  mkdirSync(envDir, { recursive: true });
  // The environment's folder is synth's: a cluster that is no longer produced disappears with its files.
  const produced = new Set([DASHBOARD_FILE, RUN_ONCE_FOLDER, ...rendered.clusters.map((c) => c.target.clusterName)]);
  // A run that disappears from config must disappear too: the run-once folder is rewritten whole.
  rmSync(join(envDir, RUN_ONCE_FOLDER), { recursive: true, force: true });
  for (const entry of readdirSync(envDir)) if (!produced.has(entry)) rmSync(join(envDir, entry), { recursive: true, force: true });
  writeFileSync(join(envDir, DASHBOARD_FILE), `${JSON.stringify(rendered.dashboard, null, 2)}\n`);
  return rendered.clusters.map((output) => {
    const dir = join(root, rendered.environment, output.target.clusterName);
    const runOnce = runOnceDir(root, rendered.environment, output.target.clusterName);
    rmSync(dir, { recursive: true, force: true });
    writeClusterOutput(output, dir, runOnce);
    const hasRuns = output.files.some((f) => f.folder === 'run-once');
    return { environment: rendered.environment, cluster: output.target.clusterName, dir, ...(hasRuns ? { runOnceDir: runOnce } : {}) };
  });
}

/** Renders, checks and writes one validated environment's cluster folders and dashboard. */
export function synthEnvironmentClusters(env: EnvironmentConfig, root: string, outputs: DeployOutputs): ClusterManifests[] {
  return writeEnvironmentClusters(renderEnvironmentClusters(env, outputs), root);
}
