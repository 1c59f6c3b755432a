import { join } from 'path';
import { App as TerraformApp } from 'cdktf';
import { EnvironmentConfig } from '../../config/environment';
import { validateEnvironments } from '../../config/validate-environment';
import { withoutTokenCreationTraces } from '../../terraform/internal/token-stack-traces';
import { removeStaleStacks } from '../output-folders';
import { addEnvironmentStacks } from './environment-stacks';

export interface TerraformSynthOptions {
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
}

/** Builds one Terraform stack per environment and cloud and writes `<outdir>/stacks/<stack>/cdk.tf.json`. */
export function synthTerraform(environments: readonly EnvironmentConfig[], options: TerraformSynthOptions = {}): string[] {
  validateEnvironments(environments);
  // Stack traces on every construct and token cost time at synth and end up in no output we write.
  return withoutTokenCreationTraces(() => {
    const app = new TerraformApp({ outdir: options.outdir, stackTraces: false });
    const stacks = environments.flatMap((env) => addEnvironmentStacks(app, env).map((stack) => stack.node.id));
    app.synth();
    removeStaleStacks(join(app.outdir, 'stacks'), stacks);
    return stacks;
  });
}

