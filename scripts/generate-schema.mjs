// `npm run schema`: writes lib/config/environment-config.schema.json, the JSON Schema of `EnvironmentConfig`,
// generated from the TypeScript types by ts-json-schema-generator. The library validates every environment against
// it before any rule runs (lib/config/environment-shape.ts), and the package publishes it for editors
// (`"$schema"` in a JSON config, `# yaml-language-server: $schema=...` in a YAML one).
// `--check` writes nothing and exits 1 when the committed file is not what the types generate now.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'lib', 'config', 'environment-config.schema.json');

function generate() {
  const schema = createGenerator({
    path: join(root, 'lib', 'config', 'environment.ts'),
    type: 'EnvironmentConfig',
    tsconfig: join(root, 'tsconfig.json'),
    // `npm run typecheck` checks the types; the generator only reads them.
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('EnvironmentConfig');
  // A config kept as JSON or YAML names its schema in `$schema`; let the root accept that key.
  const env = schema.definitions.EnvironmentConfig;
  env.properties = { $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors); ignored by the platform.' }, ...env.properties };
  keepLiteralDefaults(schema);
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * The types document defaults in prose (`@default the cluster name`); the generator copies that text into `default`,
 * where an editor would insert it as a value. A default stays only when it is a value of its field (it validates
 * against the field's own schema, and a string is one word); otherwise it moves into the description.
 */
function keepLiteralDefaults(schema) {
  const ajv = new Ajv({ strict: false });
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if ('default' in node) {
      const { default: value, ...field } = node;
      const literal = (typeof value !== 'string' || /^[^\s<]+$/.test(value) && value !== 'none')
        && ajv.validate({ ...field, definitions: schema.definitions }, value);
      if (!literal) {
        delete node.default;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        node.description = [node.description, `Default: ${text}.`].filter(Boolean).join('\n\n');
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'default') walk(child);
  };
  walk(schema);
}

const generated = generate();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing: reported below
  }
  if (committed !== generated) {
    process.stderr.write(`${target} is not what the types in lib/config generate now: run \`npm run schema\` and commit it\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, generated);
}
