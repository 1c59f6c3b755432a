// `npm run synth`: Terraform JSON and Kubernetes YAML for every environment, then a short summary.
// Flags: --outputs <file> (from `cdktf output --outputs-file`), --strict (fail on placeholders),
// --outdir <dir> (write <dir>/cdktf.out and <dir>/dist instead of the repo's own).
import { mkdirSync } from 'fs';
import { join } from 'path';
import { DeployOutputs } from '../lib/core/deploy-outputs';
import { countObjects, renderKubernetes, writeKubernetes } from '../lib/platform/kubernetes/synth-kubernetes';
import { synthTerraform } from '../lib/platform/terraform/synth-terraform';
import { environments } from './environments';
import { runMain } from './run';
import { parseSynthArgs } from './synth-args';

runMain(() => {
  const args = parseSynthArgs(process.argv.slice(2));
  const outputs = args.outputs !== undefined ? DeployOutputs.fromFile(args.outputs, args.strict) : DeployOutputs.fromObject({}, args.strict);
  const base = args.outdir;

  // Every check runs before the first file is written: the Kubernetes side (whole-output checks, outputs-file values,
  // strict mode) is rendered first, then Terraform is written, then the YAML.
  const rendered = renderKubernetes(environments, outputs);
  mkdirSync(base, { recursive: true });
  const stacks = synthTerraform(environments, { outdir: join(base, 'cdktf.out') });
  const clusters = writeKubernetes(rendered, join(base, 'dist'));

  const lines = ['Synthesized:'];
  for (const stack of stacks) lines.push(`  terraform  ${join(base, 'cdktf.out', 'stacks', stack, 'cdk.tf.json')}`);
  for (const c of clusters) {
    const { files, objects } = countObjects(c.dir);
    lines.push(`  kubernetes ${c.dir}/ (${files} files, ${objects} objects)`);
    if (c.runOnceDir) {
      const runs = countObjects(c.runOnceDir);
      lines.push(`  run-once   ${c.runOnceDir}/ (${runs.objects} run${runs.objects === 1 ? '' : 's'}, started by hand: see its README.md)`);
    }
  }
  const placeholders = outputs.placeholders;
  lines.push(placeholders.length === 0 ? 'Placeholders: none' : `Placeholders (${placeholders.length}; pass --outputs <file> after apply, --strict to forbid):`);
  for (const p of placeholders) lines.push(`  ${p.text}  ${p.description}`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
