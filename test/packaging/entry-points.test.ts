import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

// The package's subpath exports and the folders each barrel covers (package.json "exports").
// The first folder holds the barrel (index.ts).
const ENTRIES: Readonly<Record<string, readonly string[]>> = {
  azure: ['lib/terraform/azure'],
  gcp: ['lib/terraform/gcp'],
  federation: ['lib/terraform/federation'],
  k8s: ['lib/k8s'],
  addons: ['lib/terraform/addons'],
  observability: ['lib/terraform/observability'],
  platform: ['lib/platform', 'lib/config'],
  core: ['lib/core'],
  contract: ['lib/contract'],
};

const ROOT = join(__dirname, '..', '..');

/** Every package an entry loads at runtime, each with the import chains that reached it. */
function packagesLoadedBy(entry: string): Record<string, string[][]> {
  const out = execFileSync(process.execPath, [join(__dirname, 'load-entry.mjs'), `./${ENTRIES[entry][0]}/index.ts`], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as { packages: Record<string, string[][]> }).packages;
}

function chains(packages: Record<string, string[][]>, matches: (pkg: string) => boolean): string[] {
  return Object.entries(packages)
    .filter(([pkg]) => matches(pkg))
    .flatMap(([, found]) => found.map((chain) => chain.join(' -> ')));
}

const isProvider = (pkg: string) => pkg.startsWith('@cdktf/provider-');

describe('entry points load only what their side needs', () => {
  // One child process per entry (about 2 s each); run once, assert many times.
  const k8s = packagesLoadedBy('k8s');

  test('ml-mesh-platform/k8s loads no cdktf provider binding', () => {
    expect(chains(k8s, isProvider)).toEqual([]);
  });

  test('ml-mesh-platform/k8s loads cdk8s, cdk8s-plus-28 and constructs', () => {
    expect(Object.keys(k8s)).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-28', 'constructs']));
  });

  test('ml-mesh-platform/k8s does not load cdktf itself', () => {
    expect(chains(k8s, (pkg) => pkg === 'cdktf')).toEqual([]);
  });

  test('ml-mesh-platform/core loads no cdktf, cdk8s or provider package', () => {
    expect(Object.keys(packagesLoadedBy('core'))).toEqual([]);
  });
});

describe('barrels', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts')
      .map((e) => join(e.parentPath, e.name));
  const barrels = Object.values(ENTRIES).map((dirs) => join(ROOT, dirs[0], 'index.ts'));
  const sources = Object.values(ENTRIES).flatMap((dirs) => dirs.flatMap(files));
  // Type information only; nothing is emitted or type-checked beyond resolving exports.
  const program = ts.createProgram([...barrels, ...sources], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): ts.Symbol[] => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    return moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  };
  const resolved = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

  test.each(Object.entries(ENTRIES))('the %s barrel re-exports every public name of its folders', (_entry, dirs) => {
    const published = new Set(exportsOf(join(ROOT, dirs[0], 'index.ts')).map(resolved));
    const missing = dirs.flatMap(files).flatMap((file) =>
      exportsOf(file)
        .filter((s) => !published.has(resolved(s)))
        .map((s) => `${relative(ROOT, file)}: ${s.name}`));
    // A name missing here is unreachable for consumers: add its file to the barrel, or resolve the clash.
    expect(missing).toEqual([]);
  });
});
