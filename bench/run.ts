// `npm run bench`: synth wall time and peak memory of the compiled apps, measured in child processes.
// Only a crash fails it; the numbers are for reading, not asserting.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

interface Sample {
  readonly label: string;
  readonly seconds: number;
  readonly peakMb: number;
}

const RUNS = 3;

/** Runs `node <args>` under /usr/bin/time; returns the median wall time and the largest peak RSS. */
function measure(label: string, args: string[], cwd: string): Sample {
  const seconds: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) {
      process.stderr.write(run.stdout + run.stderr);
      throw new Error(`${label}: exited with ${run.status}`);
    }
    const lines = run.stderr.trim().split('\n');
    peakKb = Math.max(peakKb, Number(lines[lines.length - 1]));
    seconds.push(elapsed);
  }
  seconds.sort((a, b) => a - b);
  return { label, seconds: seconds[Math.floor(RUNS / 2)], peakMb: peakKb / 1024 };
}

const root = join(__dirname, '..', '..');
const build = join(root, 'build');
const scratch = mkdtempSync(join(tmpdir(), 'ml-mesh-bench-'));

const floor = measure('floor (load cdktf, cdk8s, cdk8s-plus-28)', [join(build, 'bench', 'floor.js')], root);
const providerFloor = measure('floor + provider bindings used', [join(build, 'bench', 'floor-with-providers.js')], root);
// The example synth writes into a scratch copy location so the repo's dist/ and cdktf.out/ stay as they are.
const example = measure('example platform (npm run synth app)', [join(build, 'stacks', 'synth.js'), '--outdir', scratch], root);
const fleet = [1, 10, 100, 1000].map((n) => ({ n, sample: measure(`${n} model deployment(s), one cluster`, [join(build, 'bench', 'model-fleet.js'), String(n)], root) }));
rmSync(scratch, { recursive: true, force: true });

const rows = [floor, providerFloor, example, ...fleet.map((f) => f.sample)];
const width = Math.max(...rows.map((r) => r.label.length));
const lines = [`${'case'.padEnd(width)}  wall (s)  peak (MB)  per model (ms)`];
for (const r of [floor, providerFloor, example]) lines.push(`${r.label.padEnd(width)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.peakMb.toFixed(0).padStart(9)}`);
// The marginal cost of a model: time above the one-model run, spread over the extra models.
const single = fleet[0].sample.seconds;
for (const { n, sample } of fleet) {
  const perModel = n === 1 ? '-' : (((sample.seconds - single) / (n - 1)) * 1000).toFixed(2);
  lines.push(`${sample.label.padEnd(width)}  ${sample.seconds.toFixed(2).padStart(8)}  ${sample.peakMb.toFixed(0).padStart(9)}  ${perModel.padStart(14)}`);
}
lines.push('');
lines.push(`example / floor: ${(example.seconds / floor.seconds).toFixed(2)}x (target <= 1.5x), example peak ${example.peakMb.toFixed(0)} MB (target <= 150 MB)`);
lines.push(`example / (floor + provider bindings): ${(example.seconds / providerFloor.seconds).toFixed(2)}x`);
lines.push(`median of ${RUNS} runs each; per model = (wall(N) - wall(1)) / (N - 1)`);
process.stdout.write(`${lines.join('\n')}\n`);
