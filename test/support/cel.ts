import { type CelInput, isCelError } from '@bufbuild/cel';
import { allCrdVersions, findCrdVersion, isJsonObject, type CrdVersion, type Json, type JsonObject } from './crd-catalog';
import { withCrdDefaults } from './crd-validator';
import { compileRule } from './cel-rules';
import { toCel } from './cel-values';
import type { SchemaProblem } from './k8s-schema';
import { escapePointer, formatPath, identify } from './problem-format';

/** One `x-kubernetes-validations` entry. */
interface Validation {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
}

const optionalString = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function validationsAt(schema: JsonObject): Validation[] {
  const list: Json | undefined = schema['x-kubernetes-validations'];
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).flatMap((v) =>
    typeof v.rule === 'string'
      ? [{ rule: v.rule, message: optionalString(v.message), messageExpression: optionalString(v.messageExpression), fieldPath: optionalString(v.fieldPath) }]
      : [],
  );
}

/** The message the API server would return: messageExpression if it yields a string, else message. */
function failureMessage(v: Validation, self: CelInput): string {
  if (v.messageExpression) {
    const compiled = compileRule(v.messageExpression);
    const text = compiled.ok ? compiled.run(self) : undefined;
    if (typeof text === 'string' && text !== '') return text;
  }
  return v.message ?? `failed rule: ${v.rule}`;
}

/** `fieldPath` (".spec.x" or "['a.b']") as a JSON pointer suffix. */
function fieldPathPointer(fieldPath: string | undefined): string {
  if (!fieldPath) return '';
  const segments = [...fieldPath.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  return segments.map((s) => `/${escapePointer(s)}`).join('');
}

interface Found {
  readonly pointer: string;
  readonly message: string;
}

function evaluateRules(validations: Validation[], schema: JsonObject, value: unknown, pointer: string, isRoot: boolean, out: Found[]): void {
  let self: CelInput;
  try {
    self = toCel(schema, value, isRoot);
  } catch (error) {
    out.push({ pointer, message: `cannot evaluate CEL rules: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  for (const v of validations) {
    const compiled = compileRule(v.rule);
    if (!compiled.ok) continue; // listed by celCoverage()
    const result = compiled.run(self);
    const where = pointer + fieldPathPointer(v.fieldPath);
    if (isCelError(result)) out.push({ pointer: where, message: `CEL rule failed to evaluate (${result.message}): ${v.rule}` });
    else if (result !== true) out.push({ pointer: where, message: failureMessage(v, self) });
  }
}

/**
 * Evaluates every rule along the schema, binding `self` to the value at the rule's node, as the API
 * server does. Nodes absent from the object are not evaluated.
 */
function checkNode(schema: JsonObject, value: unknown, pointer: string, isRoot: boolean, out: Found[]): void {
  if (value === undefined || value === null) return;
  const validations = validationsAt(schema);
  if (validations.length > 0) evaluateRules(validations, schema, value, pointer, isRoot, out);
  if (Array.isArray(value)) {
    const items = schema.items;
    if (isJsonObject(items)) value.forEach((item, i) => checkNode(items, item, `${pointer}/${i}`, false, out));
  } else if (typeof value === 'object') {
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const additional = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    for (const [key, child] of Object.entries(value)) {
      const childSchema = properties[key];
      const next = isJsonObject(childSchema) ? childSchema : additional;
      if (next && !(isRoot && key === 'metadata')) checkNode(next, child, `${pointer}/${escapePointer(key)}`, false, out);
    }
  }
}

/**
 * Evaluates the CRD `x-kubernetes-validations` CEL rules on custom resources (after applying the
 * CRD's defaults, as the API server does). Objects that are not custom resources of the CRD folder are
 * ignored here; schemaProblems() reports them. Rules that cannot run are skipped (see celCoverage()).
 */
export function celProblems(objects: readonly unknown[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  objects.forEach((object, index) => {
    const data: unknown = JSON.parse(JSON.stringify(object) ?? 'null');
    if (!isJsonObject(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') return;
    const crd = findCrdVersion(data.apiVersion, data.kind);
    if (!crd) return;
    const found: Found[] = [];
    const defaulted = withCrdDefaults(crd, data);
    checkNode(crd.schema, defaulted, '', true, found);
    for (const f of found) problems.push({ object: identify(data, index), path: formatPath(f.pointer, defaulted), message: f.message });
  });
  return problems;
}

function collectRules(crd: CrdVersion, schema: JsonObject, path: string, out: { crd: CrdVersion; path: string; rule: string }[]): void {
  for (const v of validationsAt(schema)) out.push({ crd, path: path || '.', rule: v.rule });
  if (isJsonObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) if (isJsonObject(child)) collectRules(crd, child, `${path}.${key}`, out);
  }
  if (isJsonObject(schema.items)) collectRules(crd, schema.items, `${path}[]`, out);
  if (isJsonObject(schema.additionalProperties)) collectRules(crd, schema.additionalProperties, `${path}{}`, out);
}

/**
 * Which rules of the CRD folder celProblems() evaluates, and which it skips and why (transition rules
 * need the previous object; some use Kubernetes CEL libraries @bufbuild/cel does not have). Counts
 * every rule occurrence in every served version.
 */
export function celCoverage(): { evaluated: number; skipped: { rule: string; reason: string }[] } {
  const rules: { crd: CrdVersion; path: string; rule: string }[] = [];
  for (const crd of allCrdVersions()) collectRules(crd, crd.schema, '', rules);
  let evaluated = 0;
  const skipped: { rule: string; reason: string }[] = [];
  for (const r of rules) {
    const compiled = compileRule(r.rule);
    if (compiled.ok) evaluated++;
    else skipped.push({ rule: r.rule, reason: `${compiled.reason} (${r.crd.crd} ${r.crd.version} ${r.path})` });
  }
  return { evaluated, skipped };
}
