// `npm run synth`: Terraform JSON and Kubernetes YAML for every environment, then a short summary.
// Flags: --outputs <file> (from `cdktf output --outputs-file`), --strict (fail on placeholders),
// --outdir <dir> (write <dir>/cdktf.out and <dir>/dist instead of the repo's own).
import { mkdirSync } from 'fs';
import { join } from 'path';
import { DeployOutputs } from '../lib/core/deploy-outputs';
import { countObjects, synthKubernetes } from '../lib/platform/kubernetes/synth-kubernetes';
import { synthTerraform } from '../lib/platform/terraform/synth-terraform';
import { environments } from './environments';
import { runMain } from './run';

runMain(() => {
  const args = process.argv.slice(2);
  const outputsAt = args.indexOf('--outputs');
  const strict = args.includes('--strict');
  const outputs = outputsAt >= 0 ? DeployOutputs.fromFile(args[outputsAt + 1], strict) : DeployOutputs.fromObject({}, strict);

  const outdirAt = args.indexOf('--outdir');
  const base = outdirAt >= 0 ? args[outdirAt + 1] : '.';

  mkdirSync(base, { recursive: true });
  const stacks = synthTerraform(environments, { outdir: join(base, 'cdktf.out') });
  const clusters = synthKubernetes(environments, { outdir: join(base, 'dist'), outputs });

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
