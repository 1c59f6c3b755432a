import { existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { App as TerraformApp } from 'cdktf';
import { EnvironmentConfig } from '../../config/environment';
import { validateEnvironments } from '../../config/validate-environment';
import { addEnvironmentStacks } from './environment-stacks';

export interface TerraformSynthOptions {
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
}

/** Builds one Terraform stack per environment and cloud and writes `<outdir>/stacks/<stack>/cdk.tf.json`. */
export function synthTerraform(environments: readonly EnvironmentConfig[], options: TerraformSynthOptions = {}): string[] {
  validateEnvironments(environments);
  // Stack traces on every construct cost time at synth and end up in no output we write.
  const app = new TerraformApp({ outdir: options.outdir, stackTraces: false });
  const stacks = environments.flatMap((env) => addEnvironmentStacks(app, env).map((stack) => stack.node.id));
  app.synth();
  removeStaleStacks(join(app.outdir, 'stacks'), stacks);
  return stacks;
}

/** `<outdir>/stacks/` is synth's: a stack no environment produces any more (a folder with a cdk.tf.json) is removed. */
function removeStaleStacks(dir: string, stacks: readonly string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (!stacks.includes(entry) && existsSync(join(dir, entry, 'cdk.tf.json'))) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
