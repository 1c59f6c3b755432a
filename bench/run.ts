// `npm run bench`: wall time and peak memory of the compiled apps, each measured in a child process and paired with
// the floor in the same round, so the ratios hold on any machine. Only a crash fails it; the verdicts are for reading.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

const ROUNDS = 5;
const root = join(__dirname, '..', '..');
const build = join(root, 'build');
const scratch = mkdtempSync(join(tmpdir(), 'ml-mesh-bench-'));

/** Runs `node <args>` under /usr/bin/time: wall seconds and peak resident memory. */
function run(c: Case): Sample {
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...c.args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...c.env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stderr.write(child.stdout + child.stderr);
    throw new Error(`${c.label}: exited with ${child.status}`);
  }
  const lines = child.stderr.trim().split('\n');
  return { seconds, peakMb: Number(lines[lines.length - 1]) / 1024 };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const floor: Case = { label: 'floor: node loading cdktf, cdk8s and cdk8s-plus-28', args: [join(build, 'bench', 'floor.js')] };
const apps: readonly (Case & { readonly target?: number })[] = [
  { label: 'YAML app (cdk8s.yaml: every cluster folder)', args: [join(build, 'stacks', 'cdk8s-main.js')], env: { CDK8S_OUTDIR: join(scratch, 'dist') }, target: 1.5 },
  { label: 'Terraform app (cdktf.json: every stack)', args: [join(build, 'stacks', 'cdktf-main.js')], env: { CDKTF_OUTDIR: join(scratch, 'cdktf.out') }, target: 2 },
  { label: 'full synth (npm run synth)', args: [join(build, 'stacks', 'synth.js'), '--outdir', join(scratch, 'full')] },
  { label: 'floor + the provider bindings the stacks load', args: [join(build, 'bench', 'floor-with-providers.js')] },
];

// Paired rounds: the floor and every app once per round, so a slower moment of the machine affects both.
const floors: Sample[] = [];
const samples = apps.map(() => [] as Sample[]);
for (let round = 0; round < ROUNDS; round++) {
  floors.push(run(floor));
  apps.forEach((app, i) => samples[i].push(run(app)));
}

const fleetSizes = [1, 10, 100, 1000];
const fleet = fleetSizes.map((n) => {
  const runs = [0, 1, 2].map(() => run({ label: `${n} models`, args: [join(build, 'bench', 'model-fleet.js'), String(n)] }));
  return { n, seconds: median(runs.map((r) => r.seconds)), peakMb: Math.max(...runs.map((r) => r.peakMb)) };
});
rmSync(scratch, { recursive: true, force: true });

const width = Math.max(floor.label.length, ...apps.map((a) => a.label.length));
const lines = [`${'case'.padEnd(width)}  wall (s)  peak (MB)  / floor (paired median)`];
lines.push(`${floor.label.padEnd(width)}  ${median(floors.map((s) => s.seconds)).toFixed(2).padStart(8)}  ${Math.max(...floors.map((s) => s.peakMb)).toFixed(0).padStart(9)}`);
const verdicts: string[] = [];
apps.forEach((app, i) => {
  const ratio = median(samples[i].map((s, round) => s.seconds / floors[round].seconds));
  const peak = Math.max(...samples[i].map((s) => s.peakMb));
  lines.push(`${app.label.padEnd(width)}  ${median(samples[i].map((s) => s.seconds)).toFixed(2).padStart(8)}  ${peak.toFixed(0).padStart(9)}  ${ratio.toFixed(2).padStart(6)}x`);
  if (app.target !== undefined) verdicts.push(`${app.label}: ${ratio.toFixed(2)}x the floor (target <= ${app.target}x) ${ratio <= app.target ? 'ok' : 'MISSED'}`);
  if (app.label.startsWith('full synth')) verdicts.push(`full synth peak: ${peak.toFixed(0)} MB (target <= 150 MB) ${peak <= 150 ? 'ok' : 'MISSED'}`);
});
lines.push('');
lines.push(`${'models on one cluster'.padEnd(width)}  wall (s)  peak (MB)  per model (ms)`);
const one = fleet[0].seconds;
for (const f of fleet) {
  const perModel = f.n === 1 ? '-' : (((f.seconds - one) / (f.n - 1)) * 1000).toFixed(2);
  lines.push(`${`${f.n}`.padEnd(width)}  ${f.seconds.toFixed(2).padStart(8)}  ${f.peakMb.toFixed(0).padStart(9)}  ${perModel.padStart(14)}`);
}
const perModel = (n: number): number => (fleet.find((f) => f.n === n)!.seconds - one) / (n - 1);
const thousand = fleet[fleet.length - 1].seconds;
const linear = perModel(1000) / perModel(100);
verdicts.push(`1000 models: ${thousand.toFixed(2)} s (target <= 5 s) ${thousand <= 5 ? 'ok' : 'MISSED'}`);
verdicts.push(`time per model, 1000 vs 100: ${linear.toFixed(2)}x (linear: <= 1.5x) ${linear <= 1.5 ? 'ok' : 'MISSED'}`);
lines.push('', ...verdicts, '', `${ROUNDS} paired rounds (floor, then each app); fleet: median of 3 runs; per model = (wall(N) - wall(1)) / (N - 1)`);
process.stdout.write(`${lines.join('\n')}\n`);
