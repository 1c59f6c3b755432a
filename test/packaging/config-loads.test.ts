import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// Config validation runs in both apps. In the Terraform app it must not drag in the Kubernetes half's constructs:
// cdk8s, cdk8s-plus-28 and the CRD imports are a fifth of that app's start-up (npm run bench). Rule functions live in
// `<construct>-rules.ts` files for that reason (ESLint checks each file's own imports; this checks what loads).

const ROOT = join(__dirname, '..', '..');

/** Every package the given project files load together, each with the import chains that reached it. */
function packagesLoadedBy(files: readonly string[]): Record<string, string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-mesh-loads-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, files.map((f) => `require(${JSON.stringify(join(ROOT, f))});\n`).join(''));
    const out = execFileSync(process.execPath, [join(__dirname, 'load-entry.mjs'), entry], { cwd: ROOT, encoding: 'utf8' });
    return (JSON.parse(out) as { packages: Record<string, string[][]> }).packages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function chains(packages: Record<string, string[][]>, matches: (pkg: string) => boolean): string[] {
  return Object.entries(packages)
    .filter(([pkg]) => matches(pkg))
    .flatMap(([, found]) => found.map((chain) => chain.join(' -> ')));
}

const KUBERNETES_HALF = ['cdk8s', 'cdk8s-plus-28'];

test('lib/config loads neither half: no cdk8s, cdk8s-plus-28, constructs, cdktf or provider binding', () => {
  const config = readdirSync(join(ROOT, 'lib', 'config')).filter((f) => f.endsWith('.ts')).map((f) => join('lib', 'config', f));
  const loaded = packagesLoadedBy(config);
  expect(chains(loaded, (pkg) => [...KUBERNETES_HALF, 'constructs', 'cdktf'].includes(pkg) || pkg.startsWith('@cdktf/'))).toEqual([]);
});

test('the Terraform app (synthTerraform) loads no cdk8s or cdk8s-plus-28', () => {
  const loaded = packagesLoadedBy(['lib/platform/terraform/synth-terraform.ts']);
  expect(Object.keys(loaded)).toContain('cdktf');
  expect(chains(loaded, (pkg) => KUBERNETES_HALF.includes(pkg))).toEqual([]);
});
