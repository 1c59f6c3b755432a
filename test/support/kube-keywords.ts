import type Ajv from 'ajv';
import { _, str, stringify, type CodeKeywordDefinition } from 'ajv';

// The keywords generate code (not `validate` functions) so that ajv can write a compiled validator out as standalone
// code (test/support/crd-precompile.ts); the code calls the helpers below through `require` of this file.

/** Canonical JSON (sorted keys) so deep-equal values compare equal as strings. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Index of the first item whose key repeats an earlier one, or -1. The key of a `map` list is the values of its
 * `mapKeys`; a `set` (mapKeys null) compares whole items.
 */
export function firstDuplicate(items: readonly unknown[], mapKeys: readonly string[] | null): number {
  const keyOf = mapKeys
    ? (item: unknown): string => canonical(mapKeys.map((k) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[k] : undefined) ?? null))
    : canonical;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const key = keyOf(items[i]);
    if (seen.has(key)) return i;
    seen.add(key);
  }
  return -1;
}


/**
 * `x-kubernetes-list-type`: the API server rejects duplicate entries of a `set` and duplicate keys of a
 * `map` list ("Duplicate value"). Reference:
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
 */
const listType: CodeKeywordDefinition = {
  keyword: 'x-kubernetes-list-type',
  type: 'array',
  schemaType: 'string',
  error: {
    message: ({ params }) => str`duplicate ${params.what} at index ${params.index} in a list-type ${params.listType}`,
    params: ({ params }) => _`{index: ${params.index}}`,
  },
  code(cxt) {
    const { gen, data, schema, parentSchema } = cxt;
    if (schema !== 'set' && schema !== 'map') return;
    const declared: unknown = parentSchema['x-kubernetes-list-map-keys'];
    const keys = Array.isArray(declared) ? declared.filter((k): k is string => typeof k === 'string') : [];
    const find = gen.scopeValue('func', { ref: firstDuplicate, code: _`require(${__filename}).firstDuplicate` });
    const index = gen.const('duplicate', _`${find}(${data}, ${stringify(schema === 'map' ? keys : null)})`);
    cxt.setParams({ index, what: schema === 'map' ? `key (${keys.join(', ')})` : 'value', listType: schema });
    cxt.fail(_`${index} >= 0`);
  },
};

/** `x-kubernetes-int-or-string: true`: an integer or a string, nothing else. */
const intOrString: CodeKeywordDefinition = {
  keyword: 'x-kubernetes-int-or-string',
  schemaType: 'boolean',
  error: { message: 'must be an integer or a string' },
  code(cxt) {
    const { data, schema } = cxt;
    if (schema !== true) return;
    cxt.fail(_`typeof ${data} != "string" && !(typeof ${data} == "number" && Number.isInteger(${data}))`);
  },
};

/**
 * Declares the structural-schema extensions so ajv knows them, and implements the two that constrain
 * values: `x-kubernetes-int-or-string` and `x-kubernetes-list-type`. The others are no-ops here:
 * `-validations` (CEL, see cel.ts), `-preserve-unknown-fields` and `-embedded-resource` (applied by
 * structural-schema.ts before compiling), `-map-type` and `-list-map-keys` (merge hints).
 */
export function addKubeKeywords(ajv: Ajv): void {
  ajv.addKeyword(intOrString);
  ajv.addKeyword(listType);
  for (const keyword of [
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
  ]) {
    ajv.addKeyword({ keyword });
  }
}
