import { LocalBackend, TerraformStack } from 'cdktf';

/**
 * Local state for a stack without a remote backend, at `terraform.<stack>.tfstate` next to the synth output folder,
 * where cdktf's default puts it when synth runs in the project root. cdktf's default writes that place as an absolute
 * path taken from the working directory at synth (backends/local-backend.js: `path.join(process.cwd(), ...)`), so the
 * generated cdk.tf.json differs between machines. Terraform runs in `<outdir>/stacks/<stack>`, so this relative path
 * names the same file from any checkout; the output folder itself is disposable (hashicorp/terraform-cdk#116), the
 * state is not.
 */
export function localStateBackend(stack: TerraformStack): LocalBackend {
  return new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
}
