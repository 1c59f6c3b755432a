// Synthesizes every environment the whole-output suites check (the examples and the test environments) into
// <dir>/cdktf.out and <dir>/dist. Run once per test run by test/global-setup.ts, in a child process so the
// memory it takes goes away with it: `node -r ./test/support/register-ts.cjs test/support/synth-all.ts <dir>`.
import { join } from 'path';
import { synthKubernetes } from '../../lib/platform/kubernetes/synth-kubernetes';
import { synthTerraform } from '../../lib/platform/terraform/synth-terraform';
import { allEnvironments } from './test-environments';

const dir = process.argv[2];
if (!dir) throw new Error('usage: synth-all.ts <dir>');
synthTerraform(allEnvironments, { outdir: join(dir, 'cdktf.out') });
synthKubernetes(allEnvironments, { outdir: join(dir, 'dist') });
