import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ANOTHER_MACHINE_ENV, TEST_RUN_ENV } from './support/test-run-env';

const ROOT = join(__dirname, '..');

/** Runs a TypeScript file of test/support in a child Node process (stderr shown), from `cwd`. */
function runSupport(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const support = join(ROOT, 'test', 'support');
  const child = spawn(process.execPath, ['-r', join(support, 'register-ts.cjs'), join(support, script), ...args], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`test/support/${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`))));
  });
}

/**
 * The work every test run needs once, in child processes at the same time (the memory they take goes away with
 * them), handed to the test workers through environment variables under one temp folder (removed by
 * test/global-teardown.ts):
 * - every environment synthesized (test/support/synth-all.ts), which the whole-output suites read instead of each
 *   synthesizing again (test/support/example-synth.ts `sharedSynth`);
 * - the same again from another working directory, locale and time zone, which the determinism test compares byte
 *   for byte;
 * - the validator of every CRD version compiled (test/support/crd-precompile.ts), which expectValidManifests loads
 *   instead of every test file compiling the schemas it meets.
 */
export default async function globalSetup(): Promise<void> {
  const run = mkdtempSync(join(tmpdir(), 'ml-mesh-test-'));
  const [synth, elsewhere, crds] = ['synth', 'elsewhere', 'crds'].map((name) => join(run, name));
  const cwdElsewhere = join(run, 'cwd');
  for (const dir of [synth, elsewhere, crds, cwdElsewhere]) mkdirSync(dir);
  try {
    // Two lanes for two cores, each a synth and then half of the CRD folder.
    await Promise.all([
      runSupport('synth-all.ts', [synth], ROOT).then(() => runSupport('crd-precompile.ts', [crds, '0', '2'], ROOT)),
      runSupport('synth-all.ts', [elsewhere], cwdElsewhere, { ...process.env, ...ANOTHER_MACHINE_ENV }).then(() => runSupport('crd-precompile.ts', [crds, '1', '2'], ROOT)),
    ]);
  } catch (error) {
    rmSync(run, { recursive: true, force: true });
    throw error;
  }
  process.env[TEST_RUN_ENV.runDir] = run;
  process.env[TEST_RUN_ENV.synthDir] = synth;
  process.env[TEST_RUN_ENV.synthElsewhere] = JSON.stringify({ dir: elsewhere, cwd: cwdElsewhere });
  process.env[TEST_RUN_ENV.crdCatalog] = crds;
}
