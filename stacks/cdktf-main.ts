// cdktf.json's app: `node build/stacks/cdktf-main.js`. Writes cdktf.out/stacks/<env>-<cloud>/cdk.tf.json.
import { synthTerraform } from '../lib/platform/terraform/synth-terraform';
import { environments } from './environments';
import { runMain } from './run';

runMain(() => {
  synthTerraform(environments);
});
