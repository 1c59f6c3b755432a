/**
 * `npm pack`, install the tarball into two throwaway consumer projects, and run the examples of docs/consuming.md
 * against the installed package: one with every peer (cdktf and cdk8s), one with only the YAML peers (constructs,
 * cdk8s, cdk8s-plus-28). This is what another IaC repo gets from npm.
 *
 * The tarball is packed from build/, compiled first only if a source changed since the last build
 * (scripts/build.mjs), so after `npm run synth` this costs no compile. Offline and deterministic: the tarball is
 * installed from disk with peers left out, and the peers and the runtime dependencies are symlinked from this repo's
 * node_modules, so the consumers run the exact versions tested here.
 */
import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = 'ml-mesh-platform';
const YAML_PEERS = ['constructs', 'cdk8s', 'cdk8s-plus-28'];
const SCHEMA = 'build/lib/config/environment-config.schema.json';

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/**
 * The parent's npm_* variables (set when jest runs under `npm test`) would point the child npm at this
 * repo's config and lifecycle; the child must behave like a fresh shell in the consumer.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(file: string, args: readonly string[], cwd: string): string {
  return execFileSync(file, args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** The example in docs/consuming.md that follows `<!-- pack-consumer-test: <file> -->`. */
function exampleApp(file: string): string {
  const marker = `<!-- pack-consumer-test: ${file} -->`;
  const doc = readFileSync(join(ROOT, 'docs', 'consuming.md'), 'utf8');
  const match = doc.slice(doc.indexOf(marker)).match(/```(?:ts|js)\n([\s\S]*?)```/);
  if (!doc.includes(marker) || !match) throw new Error(`docs/consuming.md: no code block after ${marker}`);
  return match[1];
}

/** The peer dependencies as declared, so a new peer is linked without touching this test. */
function peers(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
  return Object.keys(pkg.peerDependencies ?? {});
}

/** The runtime dependencies as declared (ajv, ...), which every consumer installs with the package. */
function dependencies(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {});
}

function link(dir: string, name: string): void {
  const path = join(dir, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', name), path, 'dir');
}

/** A consumer project with the tarball installed and these peers linked from this repo. */
function consumerWith(work: string, name: string, tarball: string, linkedPeers: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true }));
  // The runtime dependencies are linked from this repo before the install, which accepts them as installed, so it
  // stays offline (their own dependencies resolve from the link targets).
  for (const dependency of dependencies()) link(dir, dependency);
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', tarball], dir);
  // After the install: npm would prune peer links it did not create.
  for (const peer of linkedPeers) link(dir, peer);
  return dir;
}

/**
 * Another consumer with the same installed package (copied from `installed`, byte for byte what npm unpacked; peers
 * are not installed by npm here, so installing again would give the same tree) and these peers linked.
 */
function consumerLike(installed: string, work: string, name: string, linkedPeers: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true }));
  for (const dependency of dependencies()) link(dir, dependency);
  cpSync(join(installed, 'node_modules', PACKAGE), join(dir, 'node_modules', PACKAGE), { recursive: true });
  for (const peer of linkedPeers) link(dir, peer);
  return dir;
}

/** Every package whose code a script loaded, directly or through other packages (Node's module cache). */
function packagesLoadedBy(script: string, cwd: string): string[] {
  const probe = `require(${JSON.stringify(script)});
    const names = Object.keys(require.cache).flatMap((f) => {
      const parts = f.split('/node_modules/').pop().split('/');
      return f.includes('/node_modules/') ? [parts[0].startsWith('@') ? parts[0] + '/' + parts[1] : parts[0]] : [];
    });
    process.stdout.write(JSON.stringify([...new Set(names)].sort()));`;
  return JSON.parse(run(process.execPath, ['-e', probe], cwd)) as string[];
}

describe('npm pack -> install -> synth in a consumer project', () => {
  const work = mkdtempSync(join(tmpdir(), 'ml-mesh-consumer-'));
  const consumer = join(work, 'consumer');
  let pack: PackResult;

  beforeAll(() => {
    run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], ROOT);
    [pack] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as PackResult[];
    consumerWith(work, 'consumer', join(work, pack.filename), peers());
    writeFileSync(join(consumer, 'main.ts'), exampleApp('main.ts'));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true, types: [] },
      files: ['main.ts'],
    }));
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
    run(process.execPath, ['main.js'], consumer);
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the tarball ships the compiled library, the environment schema, the generated CRD classes, the manifests chart and the docs, and nothing else', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'LICENSE', 'docs/consuming.md', SCHEMA,
      'build/lib/k8s/index.js', 'build/lib/k8s/index.d.ts', 'build/lib/terraform/azure/index.js', 'build/imports/flagger-canary-flagger.app.js',
      'charts/manifests/Chart.yaml', 'charts/manifests/templates/objects.yaml',
    ]));
    const unexpected = paths.filter((p) => p !== SCHEMA && !/^(package\.json|README\.md|LICENSE|docs\/[^/]+\.md|build\/(lib|imports)\/.+\.(js|d\.ts)|charts\/manifests\/.+\.yaml)$/.test(p));
    expect(unexpected).toEqual([]);
  });

  test('the environment schema is exported for editors and tools', () => {
    const resolved = run(process.execPath, ['-e', `process.stdout.write(require.resolve('${PACKAGE}/environment-config.schema.json'))`], consumer);
    expect(JSON.parse(readFileSync(resolved, 'utf8')).definitions.EnvironmentConfig.required).toEqual(expect.arrayContaining(['name']));
  });

  test('cdktf: the AKS cluster is in the stack, on Cilium', () => {
    const stack = JSON.parse(readFileSync(join(consumer, 'cdktf.out', 'stacks', 'ml-dev-azure', 'cdk.tf.json'), 'utf8'));
    const clusters = Object.values(stack.resource.azurerm_kubernetes_cluster) as Record<string, any>[];
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ name: 'aks-ml-dev', network_profile: { network_data_plane: 'cilium', network_policy: 'cilium' } });
  });

  test('cdktf: the installed package finds its own manifests chart (the trust chain\'s and Gateway API CRDs\' releases)', () => {
    const dir = run(process.execPath, ['-e', `process.stdout.write(require('${PACKAGE}/addons').manifestsChartDir())`], consumer);
    expect(dir).toBe(join(consumer, 'node_modules', PACKAGE, 'charts', 'manifests'));
    expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toContain('name: manifests');
  });

  test('cdk8s: the namespace is meshed and the model server runs the pinned image in it', () => {
    const objects = parseAllDocuments(readFileSync(join(consumer, 'dist', 'serving.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'mlops');
    expect(namespace?.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'enabled' });
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'model-server-v1');
    expect(deployment?.metadata.namespace).toBe('mlops');
    expect(deployment?.spec.template.spec.containers[0].image).toBe('ghcr.io/ml-mesh-platform/model-server:1.4.2');
  });

  test('the installed ml-mesh-platform/k8s loads no cdktf provider binding', () => {
    const out = run(process.execPath, [join(__dirname, 'load-entry.mjs'), `${PACKAGE}/k8s`], consumer);
    const loaded = (JSON.parse(out) as { packages: Record<string, string[][]> }).packages;
    const providerChains = Object.entries(loaded)
      .filter(([pkg]) => pkg.startsWith('@cdktf/provider-'))
      .flatMap(([, chains]) => chains.map((c) => c.join(' -> ')));
    expect(providerChains).toEqual([]);
  });

  test('the package root is not an entry: consumers pick a side', () => {
    expect(() => run(process.execPath, ['-e', `require('${PACKAGE}')`], consumer)).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  describe('a YAML-only consumer: constructs, cdk8s and cdk8s-plus-28, no cdktf, no provider', () => {
    let yamlOnly: string;
    let loaded: string[];
    beforeAll(() => {
      yamlOnly = consumerLike(consumer, work, 'yaml-only', YAML_PEERS);
      writeFileSync(join(yamlOnly, 'main.js'), exampleApp('yaml-only.js'));
      loaded = packagesLoadedBy('./main.js', yamlOnly);
    }, 120_000);

    test('cdktf is not installed, so nothing could have loaded it', () => {
      expect(() => run(process.execPath, ['-e', "require.resolve('cdktf')"], yamlOnly)).toThrow(/Cannot find module 'cdktf'/);
    });

    test('the app loads the YAML peers and the library, and neither cdktf nor any provider binding', () => {
      expect(loaded).toEqual(expect.arrayContaining([...YAML_PEERS, PACKAGE]));
      expect(loaded.filter((pkg) => pkg === 'cdktf' || pkg.startsWith('@cdktf/'))).toEqual([]);
    });

    test('it writes a meshed namespace, a 90/10 split and a Flagger canary', () => {
      const objects = parseAllDocuments(readFileSync(join(yamlOnly, 'dist', 'serving.k8s.yaml'), 'utf8')).map((d) => d.toJS());
      const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'mlops');
      expect(namespace?.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'enabled' });
      const split = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name.startsWith('fraud'));
      const weights = split?.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight]);
      expect(weights).toEqual([['fraud-v1', 90], ['fraud-v2', 10]]);
      const canary = objects.find((o) => o.kind === 'Canary');
      expect(canary).toMatchObject({ metadata: { name: 'churn', namespace: 'mlops' }, spec: { targetRef: { kind: 'Deployment', name: 'churn' } } });
    });
  });
});
