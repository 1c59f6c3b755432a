import type Ajv from 'ajv';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import { Issues } from '../core/validation';
import ENVIRONMENT_SCHEMA from './environment-config.schema.json';
import validateEnvironmentShape from './environment-config.validator';

/**
 * The shape check: the whole config against the JSON Schema generated from `EnvironmentConfig`
 * (environment-config.schema.json, `npm run schema`), before any rule or construct reads it. A config read from
 * JSON or YAML, or written in plain JavaScript, gets TypeScript's checks here: a missing block, `null` where a
 * string belongs, a string where a boolean belongs, a value outside a union, a misspelled field.
 * ajv finds the problems; each becomes an Issue naming the field path, the value and the rule in words.
 */
export function environmentShapeRules(config: unknown, issues: Issues): void {
  for (const issue of shapeIssues(ROOT, config, '')) issues.add(issue.field, issue.value, issue.rule);
}

interface ShapeIssue {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
}

type SchemaNode = Record<string, unknown>;

const DEFINITIONS = (ENVIRONMENT_SCHEMA as { definitions: Record<string, SchemaNode> }).definitions;
const ROOT: SchemaNode = { $ref: '#/definitions/EnvironmentConfig' };

// The root validator is compiled ahead of time (`npm run schema` writes environment-config.validator.ts): compiling
// the schema costs about half a second per process. Only the branches of a union a value failed are compiled here,
// and only then, with the generator's options: every error, with the schema and data it is about (verbose); formats
// appear only in the Kubernetes types a pod identity carries (timestamps the API server sets).
let ajv: Ajv | undefined;
const compiled = new WeakMap<SchemaNode, ValidateFunction>([[ROOT, validateEnvironmentShape as unknown as ValidateFunction]]);

function validatorFor(node: SchemaNode): ValidateFunction {
  let validate = compiled.get(node);
  if (!validate) {
    // ajv itself is loaded only here: a valid config never needs it (loading it costs about 50 ms).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: AjvClass } = require('ajv') as typeof import('ajv');
    ajv ??= new AjvClass({ allErrors: true, verbose: true, allowUnionTypes: true, strict: false, validateFormats: false });
    validate = ajv.compile({ ...node, definitions: DEFINITIONS } as AnySchema);
    compiled.set(node, validate);
  }
  return validate;
}

function shapeIssues(node: SchemaNode, data: unknown, base: string): ShapeIssue[] {
  const validate = validatorFor(node);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // Where a value matched no branch of a union, every error below it is noise from the branches it did not pick.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath);
  const below = (path: string, union: string) => path === union || path.startsWith(`${union}/`);
  const out: ShapeIssue[] = [];
  for (const error of errors) {
    const outer = unions.filter((u) => below(error.instancePath, u));
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      if (outer.some((u) => u !== error.instancePath)) continue;
      out.push(...unionIssues(error, join(base, error.instancePath)));
    } else if (outer.length === 0) {
      out.push(describe(error, join(base, error.instancePath)));
    }
  }
  return dedupe(out);
}

/**
 * A value that matched no branch of a union: re-check it against each branch. Where every branch fails on one
 * field's type or literal (a discriminator such as `kind`, or `string | number`), report that field with every
 * allowed choice; otherwise report the branch that came closest (fewest problems).
 */
function unionIssues(error: ErrorObject, path: string): ShapeIssue[] {
  const branches = (error.schema as SchemaNode[]).map((branch) => shapeIssues(branch, error.data, path));
  // A tagged union (`kind: 'storage-bucket' | ...`): every branch refuses the same field's literal.
  const tags = branches.map((b) => b.find((i) => /^must be "/.test(i.rule)));
  if (tags.every((t) => t !== undefined && t.field === tags[0]?.field)) {
    const tag = tags[0]!;
    return [{ field: tag.field, value: tag.value, rule: `must be one of ${tags.map((t) => t!.rule.replace(/^must be /, '')).join(', ')}` }];
  }
  const single = branches.every((b) => b.length === 1 && b[0].field === branches[0][0].field && /^must be /.test(b[0].rule));
  if (single) {
    const choices = [...new Set(branches.map((b) => b[0].rule.replace(/^must be (one of )?/, '').replace(/ \(got .*\)$/, '')))];
    return [{ field: branches[0][0].field, value: branches[0][0].value, rule: `must be ${choices.join(' or ')}` }];
  }
  return branches.reduce((best, b) => (b.length < best.length ? b : best));
}

function describe(error: ErrorObject, path: string): ShapeIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = join(path, `/${String(params.missingProperty)}`);
      return { field, value: undefined, rule: 'is required' };
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {});
      const hint = known.find((k) => k.toLowerCase() === name.toLowerCase());
      const rule = hint ? `is not a known field: did you mean "${hint}"?` : `is not a known field here (known: ${known.join(', ')})`;
      return { field: join(path, `/${escape(name)}`), value: (error.data as Record<string, unknown>)[name], rule };
    }
    case 'type':
      return { field: path, value: error.data, rule: `must be ${article(String(params.type))} (got ${kindOf(error.data)})` };
    case 'enum':
      return { field: path, value: error.data, rule: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { field: path, value: error.data, rule: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { field: path, value: error.data, rule: `must match the schema's "${error.keyword}" rule (${error.message ?? ''})` };
  }
}

/** `/azure/cluster/userPools/0/name` -> `azure.cluster.userPools[0].name` (under `base`). */
function join(base: string, pointer: string): string {
  let field = base;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    field = /^\d+$/.test(segment) ? `${field}[${segment}]` : field === '' ? segment : `${field}.${segment}`;
  }
  return field;
}

function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'an object' : t === 'integer' ? 'a whole number' : t === 'null' ? 'null' : `a ${t}`));
  return names.join(' or ');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${article(typeof value)}`;
}

function dedupe(issues: ShapeIssue[]): ShapeIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
