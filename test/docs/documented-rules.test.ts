import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { EnvironmentConfig } from '../../lib/config/environment';
import { environmentIssues } from '../../lib/config/validate-environment';
import { prod } from '../../stacks/environments/prod';
import { edited } from '../reliability/bad-config-fixtures';

// Class 7 of issue 18, the first hour: the docs state each rule as it is enforced, and the setup they describe is
// the one the repository has. Each documented rule is probed against validation itself.

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const README = read('README.md');
const ENVIRONMENT_TS = read('lib/config/environment.ts');
const PACKAGE = JSON.parse(read('package.json'));

const fieldsWithIssues = (env: EnvironmentConfig) => environmentIssues(env).all.map((i) => i.field);

describe('the environment name rule: 2-12 lowercase letters or digits, starting with a letter', () => {
  const RULE = '2-12 lowercase letters or digits, starting with a letter';

  test('README and EnvironmentConfig state it', () => {
    expect(README).toContain(RULE);
    expect(ENVIRONMENT_TS).toContain(RULE);
  });

  test.each([
    ['ab', true], ['a1', true], ['abcdefghijkl', true], ['p2026', true],
    ['a', false], ['abcdefghijklm', false], ['1ab', false], ['Ab', false], ['a-b', false], ['a_b', false], ['', false], ['ab ', false],
  ])('%j is %s', (name, accepted) => {
    expect(fieldsWithIssues(edited(prod, (c) => { c.name = name; })).includes('name')).toBe(!accepted);
  });
});

describe('the Azure ML compute name rule: 2-16 letters, digits or "-", starting with a letter, ending with a letter or digit', () => {
  test('EnvironmentConfig states it', () => {
    expect(ENVIRONMENT_TS).toContain('2-16 letters, digits or "-", starting with a letter and ending with a letter or digit');
  });

  test.each(Array.from({ length: 17 }, (_, i) => i + 1))('a name of %i characters is accepted only from 2 to 16', (length) => {
    const name = `m${'x'.repeat(length - 1)}`;
    const refused = fieldsWithIssues(edited(prod, (c) => { c.azure.azureMl.computes[0].name = name; })).some((f) => f.startsWith('azure.azureMl.computes[0].name'));
    expect(refused).toBe(length < 2 || length > 16);
  });

  test.each([['9infer', false], ['infer-', false], ['in-fer9', true]])('%j is %s', (name, accepted) => {
    const refused = fieldsWithIssues(edited(prod, (c) => { c.azure.azureMl.computes[0].name = name; })).some((f) => f.startsWith('azure.azureMl.computes[0].name'));
    expect(refused).toBe(!accepted);
  });
});

describe('setup as documented', () => {
  test('engines, .nvmrc and README agree on Node 20', () => {
    expect(PACKAGE.engines.node).toBe('>=20');
    expect(read('.nvmrc').trim()).toBe('20');
    expect(README).toContain('Node 20 or newer');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  test('the deploy apps compile before they run, as README says', () => {
    expect(JSON.parse(read('cdktf.json')).app).toMatch(/^node scripts\/build\.mjs && node build\/stacks\/cdktf-main\.js$/);
    expect(parseYaml(read('cdk8s.yaml')).app).toMatch(/^node scripts\/build\.mjs && node build\/stacks\/cdk8s-main\.js$/);
    expect(README).toContain('compile first (`node scripts/build.mjs`');
  });

  test('the cdk8s script turns the CLI update check off', () => {
    expect(PACKAGE.scripts['synth:yaml']).toBe('cdk8s synth --check-upgrade=false');
    expect(README).toContain('CDK8S_CHECK_UPGRADE=false');
  });

  test('every environment variable the cdk8s app reads is documented', () => {
    const variables = [...read('stacks/cdk8s-main.ts').matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1]);
    expect(new Set(variables)).toEqual(new Set(['CDK8S_OUTDIR', 'ML_MESH_OUTPUTS', 'ML_MESH_STRICT']));
    for (const name of variables) expect(README).toContain(`\`${name}=`);
  });

  test('every synth flag is documented', () => {
    const flags = [...read('stacks/synth-args.ts').matchAll(/(\w+): \{ type: '(string|boolean)'/g)].map((m) => `--${m[1]}`);
    expect(flags.sort()).toEqual(['--outdir', '--outputs', '--strict']);
    for (const flag of flags) expect(README).toContain(`| \`${flag}`);
  });
});
