// Synthesizes every environment the whole-output suites check (the examples and the test environments) into
// <dir>/cdktf.out and <dir>/dist, as `npm run synth` does, and writes each cluster's rendered output (every manifest
// file, synced and run-once, and the recorded traffic intents) to <dir>/outputs/<env>/<cluster>.json and each
// environment's placeholders (the values only an outputs file gives) to <dir>/placeholders/<env>.json, so
// whole-output suites read exactly what the synth-time checks saw, without synthesizing again. Run once per test run by test/global-setup.ts, in a child process so the memory it takes goes
// away with it: `node -r ./test/support/register-ts.cjs test/support/synth-all.ts <dir>`.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { validateEnvironment } from '../../lib/config/validate-environment';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { renderEnvironmentClusters, writeEnvironmentClusters } from '../../lib/platform/kubernetes/environment-clusters';
import { synthTerraform } from '../../lib/platform/terraform/synth-terraform';
import { allEnvironments } from './test-environments';

const dir = process.argv[2];
if (!dir) throw new Error('usage: synth-all.ts <dir>');
synthTerraform(allEnvironments, { outdir: join(dir, 'cdktf.out') });
// synthKubernetes, step by step: validate and render everything (checks included), then write.
allEnvironments.forEach(validateEnvironment);
mkdirSync(join(dir, 'placeholders'));
const rendered = allEnvironments.map((env) => {
  const outputs = DeployOutputs.none();
  const clusters = renderEnvironmentClusters(env, outputs);
  writeFileSync(join(dir, 'placeholders', `${env.name}.json`), JSON.stringify(outputs.placeholders));
  return clusters;
});
for (const env of rendered) {
  writeEnvironmentClusters(env, join(dir, 'dist'));
  mkdirSync(join(dir, 'outputs', env.environment), { recursive: true });
  for (const cluster of env.clusters) {
    writeFileSync(join(dir, 'outputs', env.environment, `${cluster.target.clusterName}.json`), JSON.stringify({ files: cluster.files, intents: cluster.intents }));
  }
}
