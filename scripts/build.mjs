// `npm run build`: compiles with tsc into a clean build/, and only when an input changed since the last build.
//
// The stamp (build/.inputs.sha256) hashes every file tsc reads from this repo plus the compiler version, so a
// build is reused only when it is exactly what the sources compile to; a file deleted from lib/ cannot survive
// in build/ and end up in the npm tarball. The deploy apps (cdktf.json, cdk8s.yaml) run this first, so an edit
// is never silently ignored, and a second run costs a hash instead of a compile.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'build', '.inputs.sha256');
const require = createRequire(import.meta.url);

/** tsconfig.json's `include` folders, read rather than restated. */
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const folders = [...new Set(tsconfig.include.map((glob) => glob.split('/')[0]))];

/** The sources tsc reads: TypeScript, and the JSON files it imports (the environment schema). */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && (e.name.endsWith('.ts') || e.name.endsWith('.json')))
    .map((e) => join(e.parentPath, e.name));
}

function inputsHash() {
  const hash = createHash('sha256');
  hash.update(`typescript ${require('typescript/package.json').version}\n`);
  const files = [join(root, 'tsconfig.json'), ...folders.flatMap((f) => sourceFiles(join(root, f)))];
  for (const file of files.map((f) => relative(root, f)).sort()) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

const wanted = inputsHash();
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) {
  process.stdout.write('build/ is up to date\n');
} else {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  writeFileSync(stamp, `${wanted}\n`);
}
