import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { clusterTargets } from '../../config/cluster-targets';
import { EnvironmentConfig } from '../../config/environment';
import { modelAlertTargets } from '../../config/model-targets';
import { grafanaDashboard } from '../../contract/observability/grafana-dashboard';
import { DeployOutputs } from '../../core/deploy-outputs';
import { synthClusterApp } from './cluster-app';

/** One cluster's synthesized manifests. */
export interface ClusterManifests {
  readonly environment: string;
  readonly cluster: string;
  readonly dir: string;
}

/**
 * Writes `<root>/<env>/<cluster>/`, one YAML file per chart, for each of a validated environment's clusters, and
 * `<root>/<env>/grafana-dashboard.json`, the environment's dashboard for Grafana (Azure Managed Grafana reads the
 * Azure Monitor workspace; GKE's copy is a Cloud Monitoring dashboard in the `<env>-gcp` stack).
 */
export function synthEnvironmentClusters(env: EnvironmentConfig, root: string, outputs: DeployOutputs): ClusterManifests[] {
  const targets = clusterTargets(env);
  mkdirSync(join(root, env.name), { recursive: true });
  const dashboard = grafanaDashboard({ environment: env.name, models: targets.flatMap((t) => modelAlertTargets(t.kubernetes)) });
  writeFileSync(join(root, env.name, 'grafana-dashboard.json'), `${JSON.stringify(dashboard, null, 2)}\n`);
  return targets.map((target) => {
    const dir = join(root, env.name, target.clusterName);
    // A clean directory each time: a chart that disappears from config must disappear from dist/.
    rmSync(dir, { recursive: true, force: true });
    synthClusterApp(target, dir, outputs);
    return { environment: env.name, cluster: target.clusterName, dir };
  });
}
