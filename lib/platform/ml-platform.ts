import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../config/environment';
import { validateEnvironment } from '../config/validate-environment';
import { DeployOutputs } from '../core/deploy-outputs';
import { AzurePlatformStack } from './terraform/azure-platform-stack';
import { synthClusterApp } from './kubernetes/cluster-app';
import { clusterTargets } from '../config/cluster-targets';
import { GcpPlatformStack } from './terraform/gcp-platform-stack';
import { grafanaDashboard } from '../contract/observability/grafana-dashboard';
import { modelAlertTargets } from '../config/model-targets';

/** One cluster's synthesized manifests. */
export interface ClusterManifests {
  readonly environment: string;
  readonly cluster: string;
  readonly dir: string;
}

/**
 * One environment end to end, from one typed config: validated once, then built as Terraform stacks
 * (`<env>-azure`, `<env>-gcp`) and as one Kubernetes app per cluster. Either cloud may be absent.
 *
 * ```ts
 * const platform = new MlPlatform(prod);          // throws PlatformValidationError listing every problem
 * platform.addStacks(new App());                  // cdktf
 * platform.synthClusters('dist', outputs);        // cdk8s, dist/<env>/<cluster>/*.yaml
 * ```
 */
export class MlPlatform {
  public readonly env: EnvironmentConfig;

  constructor(env: EnvironmentConfig) {
    validateEnvironment(env);
    this.env = env;
  }

  /** Adds this environment's stacks to a cdktf app; the GCP stack reads the AKS issuer from the Azure one. */
  public addStacks(app: TerraformApp): TerraformStack[] {
    const env = this.env;
    const azure = env.azure ? new AzurePlatformStack(app, env, env.azure) : undefined;
    const gcp = env.gcp ? new GcpPlatformStack(app, env, env.gcp, azure) : undefined;
    return [azure, gcp].filter((s): s is AzurePlatformStack | GcpPlatformStack => s !== undefined);
  }

  /**
   * Writes `<root>/<env>/<cluster>/`, one YAML file per chart, for each of the environment's clusters, and
   * `<root>/<env>/grafana-dashboard.json`, the environment's dashboard for Grafana (Azure Managed Grafana reads the
   * Azure Monitor workspace; GKE's copy is a Cloud Monitoring dashboard in the `<env>-gcp` stack).
   */
  public synthClusters(root: string, outputs: DeployOutputs): ClusterManifests[] {
    const targets = clusterTargets(this.env);
    mkdirSync(join(root, this.env.name), { recursive: true });
    const dashboard = grafanaDashboard({ environment: this.env.name, models: targets.flatMap((t) => modelAlertTargets(t.kubernetes)) });
    writeFileSync(join(root, this.env.name, 'grafana-dashboard.json'), `${JSON.stringify(dashboard, null, 2)}\n`);
    return targets.map((target) => {
      const dir = join(root, this.env.name, target.clusterName);
      // A clean directory each time: a chart that disappears from config must disappear from dist/.
      rmSync(dir, { recursive: true, force: true });
      synthClusterApp(target, dir, outputs);
      return { environment: this.env.name, cluster: target.clusterName, dir };
    });
  }
}
