import { App as TerraformApp, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../../config/environment';
import { inEnvironment } from '../environment-context';
import { AzurePlatformStack } from './azure-platform-stack';
import { GcpPlatformStack } from './gcp-platform-stack';

/**
 * Adds one validated environment's stacks to a cdktf app: `<env>-azure` and `<env>-gcp`, either may be absent.
 * The GCP stack reads the AKS issuer and the Azure ML identities from the Azure one.
 */
export function addEnvironmentStacks(app: TerraformApp, env: EnvironmentConfig): TerraformStack[] {
  const azure = env.azure ? inEnvironment(env.name, 'azure', () => new AzurePlatformStack(app, env, env.azure!)) : undefined;
  const gcp = env.gcp ? inEnvironment(env.name, 'gcp', () => new GcpPlatformStack(app, env, env.gcp!, azure)) : undefined;
  return [azure, gcp].filter((s): s is AzurePlatformStack | GcpPlatformStack => s !== undefined);
}
