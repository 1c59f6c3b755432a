// `npm run diff`: what the current code would change in the synthesized output.
//
// Synthesizes into a temp dir, then compares
//   - the flows of each cluster (dist/<env>/<cluster>/FLOWS.md) with dist/ as committed at HEAD (or --base <rev>),
//     first: a flow added, removed or with another verdict is what a reviewer reads before the YAML;
//   - Kubernetes YAML with the same dist/: the YAML GitOps applies;
//   - Terraform JSON with cdktf.out/ in the work tree: the last `npm run synth` (cdktf.out/ is not committed).
// Prints a summary (files, then objects and resources by address) and the unified diff; exits 0 either way.
//
// Flags: --base <rev>  compare dist/ with this commit instead of HEAD
//        --summary     skip the unified diff
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import { textOrder } from '../lib/core/text-order';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');

/** One comparable unit of a file: a Kubernetes object or a Terraform block, keyed by its address. */
export type Entries = Map<string, string>;

export interface FileChange {
  readonly file: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

function git(args: readonly string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Relative paths of every file under dir, sorted; empty when dir does not exist. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Writes `<rev>:dist/**` under target/dist, so both sides of the comparison are plain directories. */
function checkoutDist(rev: string, target: string): void {
  const paths = git(['ls-tree', '-r', '-z', '--name-only', rev, '--', 'dist']).split('\0').filter((p) => p.length > 0);
  for (const path of paths) {
    const out = join(target, path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, git(['show', `${rev}:${path}`]));
  }
}

/** Key order must not count as a change: cdktf and cdk8s are deterministic, a hand-edited baseline may not be. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => textOrder(a, b)))
      : v);
}

export function kubernetesObjects(text: string): Entries {
  const out: Entries = new Map();
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (o === null || typeof o !== 'object') continue;
    const namespace = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
    out.set(`${o.kind} ${namespace}${o.metadata?.name}`, canonical(o));
  }
  return out;
}

/** Splits a Markdown table row into its cells, keeping escaped pipes (`\\|`) inside cells. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * The flows of a FLOWS.md, keyed `<section>: <source> -> <destination> <port>` and valued by the rest of the row (wire
 * port, each layer's verdict, why), so a changed verdict shows as a changed flow.
 */
export function flowRows(text: string): Entries {
  const out: Entries = new Map();
  let section = '';
  for (const line of text.split('\n')) {
    if (/^#{2,3} /.test(line)) section = line.replace(/^#+ /, '').replace(/ \(\d+\).*$/, '');
    if (!line.startsWith('| ') || line.startsWith('| Source ')) continue;
    const [source, destination, port, ...rest] = cells(line);
    out.set(`${section}: ${source} -> ${destination} ${port}`, rest.join(' | '));
  }
  return out;
}

/** Resources and data sources by Terraform address; every other top-level block (provider, output, ...) by name. */
export function terraformBlocks(text: string): Entries {
  const out: Entries = new Map();
  const stack = JSON.parse(text) as Record<string, unknown>;
  for (const [block, body] of Object.entries(stack)) {
    if (block === 'resource' || block === 'data') {
      for (const [type, byName] of Object.entries(body as Record<string, Record<string, unknown>>)) {
        for (const [name, config] of Object.entries(byName)) {
          out.set(`${block === 'data' ? 'data.' : ''}${type}.${name}`, canonical(config));
        }
      }
    } else if (block !== '//') {
      // "//" is cdktf's metadata (construct paths, version): not part of what Terraform plans.
      out.set(block, canonical(body));
    }
  }
  return out;
}

/** A YAML file's objects; any other file of dist/ (a run-once README, the dashboard JSON) is one entry. */
export function distEntries(text: string, file: string): Entries {
  return file.endsWith('.yaml') ? kubernetesObjects(text) : new Map([[file, text]]);
}

export function compareDirs(before: string, after: string, parse: (text: string, file: string) => Entries, include: (file: string) => boolean = () => true): FileChange[] {
  const files = [...new Set([...listFiles(before), ...listFiles(after)])].filter(include).sort();
  const changes: FileChange[] = [];
  for (const file of files) {
    const read = (dir: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
    const [a, b] = [read(before), read(after)];
    if (a === b) continue;
    const [x, y] = [a === undefined ? new Map() : parse(a, file), b === undefined ? new Map() : parse(b, file)];
    changes.push({
      file,
      status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
      added: [...y.keys()].filter((k) => !x.has(k)),
      removed: [...x.keys()].filter((k) => !y.has(k)),
      changed: [...y.keys()].filter((k) => x.has(k) && x.get(k) !== y.get(k)),
    });
  }
  return changes;
}

/** Copies the files under from that match keep to the same relative paths under to. */
function copyFiles(from: string, to: string, keep: (file: string) => boolean): void {
  mkdirSync(to, { recursive: true });
  for (const file of listFiles(from).filter(keep)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), readFileSync(join(from, file)));
  }
}

export function summarize(title: string, changes: readonly FileChange[]): string[] {
  const lines = [title];
  if (changes.length === 0) return [...lines, '  no changes'];
  for (const c of changes) {
    if (c.status !== 'changed') {
      // A whole file coming or going: its count says enough, the unified diff has the rest.
      lines.push(`  ${c.status.padEnd(7)} ${c.file}  (${c.status === 'added' ? `+${c.added.length}` : `-${c.removed.length}`})`);
      continue;
    }
    lines.push(`  changed ${c.file}  (+${c.added.length} -${c.removed.length} ~${c.changed.length})`);
    for (const [mark, keys] of [['+', c.added], ['-', c.removed], ['~', c.changed]] as const) {
      for (const key of keys) lines.push(`      ${mark} ${key}`);
    }
  }
  return lines;
}

/** `git diff --no-index` of two directories; its exit code 1 only means "different". */
function unifiedDiff(cwd: string, before: string, after: string, color: boolean): string {
  const result = spawnSync('git', ['diff', '--no-index', color ? '--color' : '--no-color', '--', before, after], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed: ${result.stderr}`);
  return result.stdout;
}

/** Returns the exit code: 0 whether or not anything changed, non-zero only when the synth itself fails. */
function main(args: readonly string[]): number {
  const baseAt = args.indexOf('--base');
  const base = baseAt >= 0 ? args[baseAt + 1] : 'HEAD';
  const summaryOnly = args.includes('--summary');

  // Both sides of each comparison are plain directories under work/, named for the diff headers.
  const work = mkdtempSync(join(tmpdir(), 'ml-mesh-diff-'));
  try {
    mkdirSync(join(work, 'synth'));
    const synth = spawnSync(process.execPath, [join(ROOT, 'build', 'stacks', 'synth.js'), '--outdir', join(work, 'synth')], { cwd: ROOT, encoding: 'utf8' });
    if (synth.status !== 0) {
      process.stderr.write(synth.stderr || synth.stdout);
      return synth.status ?? 1;
    }

    const committed = base.replace(/[^\w.-]/g, '_');
    checkoutDist(base, join(work, committed));
    // Only the stack files: cdktf's manifest.json would be noise.
    const isStack = (f: string) => /^stacks\/[^/]+\/cdk\.tf\.json$/.test(f);
    const previous = join(ROOT, 'cdktf.out');
    copyFiles(previous, join(work, 'previous', 'cdktf.out'), isStack);
    copyFiles(join(work, 'synth', 'cdktf.out'), join(work, 'current', 'cdktf.out'), isStack);

    const isFlows = (f: string) => f.endsWith('FLOWS.md');
    const flows = compareDirs(join(work, committed, 'dist'), join(work, 'synth', 'dist'), flowRows, isFlows);
    const k8s = compareDirs(join(work, committed, 'dist'), join(work, 'synth', 'dist'), distEntries, (f) => !isFlows(f));
    const tf = compareDirs(join(work, 'previous', 'cdktf.out'), join(work, 'current', 'cdktf.out'), terraformBlocks);
    const lines = [
      ...summarize(`Flows: dist/ at ${base} -> this synth`, flows),
      ...summarize(`Kubernetes YAML: dist/ at ${base} -> this synth`, k8s),
      ...summarize(`Terraform JSON: ${existsSync(previous) ? 'cdktf.out/ (previous synth)' : 'nothing (no cdktf.out/ yet)'} -> this synth`, tf),
      '(+ added, - removed, ~ changed; flows as "section: source -> destination port", objects as "Kind namespace/name", Terraform blocks by address)',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    if (!summaryOnly && flows.length + k8s.length + tf.length > 0) {
      const color = process.stdout.isTTY === true;
      // The flow documents first, each on its own, then the whole folder.
      const side = (dir: string, file: string) => (existsSync(join(work, dir, file)) ? `${dir}/${file}` : '/dev/null');
      for (const { file } of flows) process.stdout.write(`\n${unifiedDiff(work, side(`${committed}/dist`, file), side('synth/dist', file), color)}`);
      process.stdout.write(`\n${unifiedDiff(work, `${committed}/dist`, 'synth/dist', color)}`);
      process.stdout.write(unifiedDiff(work, 'previous/cdktf.out', 'current/cdktf.out', color));
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
