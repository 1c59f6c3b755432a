import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Synthesizes every environment once per test run (test/support/synth-all.ts, in a child process) and hands the
 * folder to the test workers through ML_MESH_SYNTH_DIR; the whole-output suites read it instead of each
 * synthesizing again (test/support/example-synth.ts `sharedSynth`).
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ml-mesh-synth-'));
  const root = join(__dirname, '..');
  execFileSync(process.execPath, ['-r', join(root, 'test', 'support', 'register-ts.cjs'), join(root, 'test', 'support', 'synth-all.ts'), dir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.ML_MESH_SYNTH_DIR = dir;
}
