// cdk8s.yaml's app: `node build/stacks/cdk8s-main.js`. Writes dist/<env>/<cluster>/*.yaml.
// ML_MESH_OUTPUTS=<file from `cdktf output --outputs-file`> fills in values known after apply;
// ML_MESH_STRICT=1 fails on any value still missing (use it when deploying).
import { DeployOutputs } from '../lib/core/deploy-outputs';
import { synthKubernetes } from '../lib/platform/kubernetes/synth-kubernetes';
import { environments } from './environments';
import { runMain } from './run';

runMain(() => {
  // The cdk8s CLI passes its output folder as CDK8S_OUTDIR (cdk8s' own App reads it the same way).
  synthKubernetes(environments, { outdir: process.env.CDK8S_OUTDIR, outputs: outputsFromEnv() });
});

export function outputsFromEnv(): DeployOutputs {
  const file = process.env.ML_MESH_OUTPUTS;
  const strict = process.env.ML_MESH_STRICT === '1';
  if (file) return DeployOutputs.fromFile(file, strict);
  return DeployOutputs.fromObject({}, strict);
}
