import type Ajv from 'ajv';
import type { AnySchemaObject, DataValidateFunction, SchemaValidateFunction } from 'ajv/dist/types';

/** Canonical JSON (sorted keys) so deep-equal values compare equal as strings. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Index of the first element whose key repeats an earlier one, or -1. */
function firstDuplicate(items: readonly unknown[], keyOf: (item: unknown) => string): number {
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
function compileListType(listType: unknown, parentSchema: AnySchemaObject): DataValidateFunction {
  const mapKeys: unknown = parentSchema['x-kubernetes-list-map-keys'];
  const keys = Array.isArray(mapKeys) ? mapKeys.filter((k): k is string => typeof k === 'string') : [];
  const keyOf =
    listType === 'map'
      ? (item: unknown): string =>
          canonical(keys.map((k) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[k] : undefined) ?? null))
      : canonical;
  const validate: DataValidateFunction = (data: unknown) => {
    if ((listType !== 'set' && listType !== 'map') || !Array.isArray(data)) return true;
    const dup = firstDuplicate(data, keyOf);
    if (dup < 0) return true;
    const what = listType === 'map' ? `key (${keys.join(', ')})` : 'value';
    validate.errors = [{ keyword: 'x-kubernetes-list-type', message: `duplicate ${what} at index ${dup} in a list-type ${listType}`, params: { index: dup } }];
    return false;
  };
  return validate;
}

/**
 * Declares the structural-schema extensions so ajv knows them, and implements the two that constrain
 * values: `x-kubernetes-int-or-string` and `x-kubernetes-list-type`. The others are no-ops here:
 * `-validations` (CEL, see cel.ts), `-preserve-unknown-fields` and `-embedded-resource` (applied by
 * structural-schema.ts before compiling), `-map-type` and `-list-map-keys` (merge hints).
 */
export function addKubeKeywords(ajv: Ajv): void {
  const intOrString: SchemaValidateFunction = (enabled: boolean, data: unknown) => {
    const ok = !enabled || typeof data === 'string' || (typeof data === 'number' && Number.isInteger(data));
    intOrString.errors = ok ? [] : [{ keyword: 'x-kubernetes-int-or-string', message: 'must be an integer or a string', params: {} }];
    return ok;
  };
  ajv.addKeyword({ keyword: 'x-kubernetes-int-or-string', schemaType: 'boolean', errors: true, validate: intOrString });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', type: 'array', schemaType: 'string', errors: true, compile: compileListType });
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
