import { App as TerraformApp, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../config/environment';
import { validateEnvironment } from '../config/validate-environment';
import { DeployOutputs } from '../core/deploy-outputs';
import { ClusterManifests, synthEnvironmentClusters } from './kubernetes/environment-clusters';
import { addEnvironmentStacks } from './terraform/environment-stacks';

/**
 * One environment end to end, from one typed config: validated once, then built as Terraform stacks
 * (`<env>-azure`, `<env>-gcp`) and as one Kubernetes app per cluster. Either cloud may be absent.
 * It loads both halves; an app that builds only one imports `synthTerraform` or `synthKubernetes` instead.
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
    return addEnvironmentStacks(app, this.env);
  }

  /** Writes `<root>/<env>/<cluster>/` for each cluster and `<root>/<env>/grafana-dashboard.json`. */
  public synthClusters(root: string, outputs: DeployOutputs): ClusterManifests[] {
    return synthEnvironmentClusters(this.env, root, outputs);
  }
}
