import { Yaml } from 'cdk8s';
import { manifestYaml } from '../../lib/platform/kubernetes/manifest-yaml';
import { sharedSynth } from '../support/example-synth';

// manifestYaml must write exactly what cdk8s' Yaml.save writes (the text of dist/ is reviewed and diffed in CI).

describe('manifestYaml writes what cdk8s writes', () => {
  test('for every manifest file of every synthesized environment, laying out every object itself', () => {
    const example = sharedSynth();
    const outputs = Object.keys(example.files).filter((path) => path.startsWith('outputs/') && path.endsWith('.json'));
    const files = outputs.flatMap((path) => (JSON.parse(example.files[path]) as { files: { objects: unknown[] }[] }).files.map((f) => f.objects));
    expect(files.length).toBeGreaterThan(20);
    const expected = files.map((objects) => Yaml.stringify(...objects));
    // No synthesized object needs cdk8s' own writer: the speed of the YAML app depends on it.
    const cdk8s = jest.spyOn(Yaml, 'stringify');
    try {
      expect(files.map((objects) => manifestYaml(objects))).toEqual(expected);
      expect(cdk8s).not.toHaveBeenCalled();
    } finally {
      cdk8s.mockRestore();
    }
  });

  // Strings in every style yaml chooses: plain, single and double quotes, literal blocks with each chomping, and the
  // YAML 1.1 scalars a plain string must not be mistaken for (schema/yaml-1.1 of yaml 2.9.1).
  const STRINGS = [
    '', ' ', 'a', 'A', 'ab', 'web', 'http', 'v1', 'model-server', 'app.kubernetes.io/name', '/health/ready', '/', '*', '*.svc',
    'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'on', 'On',
    'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL', 'nULL', '~', '<<', '<', 'e', 'e5', 'E5', 'e-3', 'E+10', '1e5', '1.5e-3', '.5e2',
    '0', '00', '07', '08', '012', '0b101', '0b2', '0x1F', '0xg', '0o7', '1_000', '+1', '-1', '1.5', '.5', '5.', '.', '..', '...', '---',
    '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '.Nan', '1:20', '1:20:30', '1:60', '1:20.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
    '2001-12-14 21:59:43.10 +5', '2001-1-1', '20011-12-14', '1Gi', '250m', '30s', '169.254.169.254/32', '::/0', '0.0.0.0/0', '10.0.0.1',
    'a: b', 'a:b', 'a:', ':a', 'a #b', 'a#b', '#a', '- a', '-a', '-', '? a', '?a', '?', '@a', 'a@b', '`a', '%a', '!a', '&a', '|a', '>a',
    ',a', 'a,b', '[a]', '{a}', 'a b', 'a  b', ' a', 'a ', 'a\tb', "it's", 'say "hi"', `"both" 'quotes'`, 'back\\slash', '$(VAR)',
    "metadata.annotations['batch.kubernetes.io/job-completion-index']", 'ü', 'naïve', '日本', '😀', 'bell\x07', 'del\x7f',
    'a\nb', 'a\nb\n', 'a\nb\n\n', 'a\nb\n\n\n', 'a\n\nb', 'a \nb', 'a\n b', ' a\nb', '\na\nb', 'a\nb ', 'a\nb\n ', 'a\n\tb', 'a\t\nb',
    'set -eu\n# comment\necho "x: y"\n', '---\na: 1\n', 'a\n---\nb', '%YAML\nx', 'line\r\nwindows', 'x'.repeat(1100), `${'y'.repeat(1100)}\nz`,
  ];

  test.each(STRINGS.map((s) => [JSON.stringify(s).slice(0, 60), s]))('for the string %s as a value, an item and a key, at every depth', (_name, s) => {
    const documents = [
      { apiVersion: 'v1', kind: 'ConfigMap', data: { value: s } },
      { a: [s, [s, [s]], { b: s }], c: { d: { e: s } } },
      { [s]: 1, nested: { [s]: { [s]: [s] } }, list: [{ [s]: s }] },
    ];
    for (const document of documents) expect(manifestYaml([document])).toBe(Yaml.stringify(document));
  });

  test('for numbers, booleans, empty and nested collections, null, undefined and non-JSON values', () => {
    const documents: unknown[] = [
      { n: [0, -0, 1, -1, 1.5, 0.1, 1e21, 1e-7, -2.5e-8, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE] },
      { inf: Infinity }, { nan: NaN }, { big: 10n },
      { b: [true, false], t: true },
      { e: {}, l: [], in: [[], {}, [[]], [{}]], deep: { x: { y: [] } } },
      { items: [[1, 2], [[3]], [{ a: 1, b: [] }]] },
      { x: null }, { x: undefined }, { x: [null, undefined, 1] }, { x: { y: null } },
      { when: new Date(0) }, { re: /x/ }, { m: new Map([['a', 1]]) },
      {}, [], 'text', 1, null,
    ];
    for (const document of documents) expect(manifestYaml([document])).toBe(Yaml.stringify(document));
    expect(manifestYaml([])).toBe(Yaml.stringify());
    expect(manifestYaml([undefined, { a: 1 }, undefined])).toBe(Yaml.stringify(undefined, { a: 1 }, undefined));
  });

  test('for generated documents of random shape and content', () => {
    // A fixed seed: the same documents on every run, so a failure reproduces.
    let seed = 19;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['a', 'e', 'E', 'n', 'o', 'x', 'y', '0', '1', '7', '9', '.', '-', '+', '_', ':', ' ', '#', '/', '"', "'", '\\', '\n', '~', '*', '<'];
    const string = (): string => Array.from({ length: random(8) }, () => alphabet[random(alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const kind = random(depth > 3 ? 4 : 7);
      if (kind === 0) return random(2) === 0 ? random(100000) - 50000 : (random(2000) - 1000) / 8;
      if (kind === 1) return random(2) === 0;
      if (kind <= 3) return string();
      if (kind === 4) return Array.from({ length: random(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: random(4) }, () => [string(), value(depth + 1)]));
    };
    for (let i = 0; i < 400; i++) {
      const document = { apiVersion: 'v1', kind: 'Generated', spec: value(0), [string()]: value(1) };
      expect(manifestYaml([document])).toBe(Yaml.stringify(document));
    }
  });
});
