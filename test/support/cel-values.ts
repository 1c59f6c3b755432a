import { celEnv, type CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import { isJsonObject, type JsonObject } from './crd-catalog';

/**
 * Turns JSON into the CEL values the API server gives a rule, following the schema: `integer` is a
 * CEL int (bigint here), `number` a double, strings with `format: duration` / `date-time` / `byte` are
 * duration / timestamp / bytes, objects with `properties` are messages whose field names are escaped,
 * and `additionalProperties` objects are maps with their keys as is.
 * Reference: k8s.io/apiserver/pkg/cel/common (SchemaDeclType, UnstructuredToVal) and
 * https://kubernetes.io/docs/reference/using-api/cel/#type-checking
 */

// k8s.io/apiserver/pkg/cel/escaping.go: CEL keywords are wrapped in `__`, and `__ . - /` are spelled out.
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/** The name a property has in CEL, or undefined when CEL cannot address it. */
export function escapeCelProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (/[^A-Za-z0-9_./-]/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (s) => ESCAPES[s]);
}

// Durations and timestamps are protobuf messages inside @bufbuild/cel; its own `duration()` and
// `timestamp()` build them, so this file does not depend on @bufbuild/protobuf directly.
const env = celEnv();
const toDuration = plan(env, parse('duration(s)'));
const toTimestamp = plan(env, parse('timestamp(s)'));

function converted(value: CelInput | ReturnType<typeof toDuration>, what: string, text: string): CelInput {
  if (isCelError(value)) throw new Error(`cannot read ${JSON.stringify(text)} as a CEL ${what}: ${value.message}`);
  return value as CelInput;
}

/** Values of fields the schema does not describe (preserve-unknown-fields): JSON decoding rules. */
function untyped(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(untyped);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'object' && value !== null) return new Map(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  return value as CelInput;
}

function stringValue(schema: JsonObject, value: string): CelInput {
  switch (schema.format) {
    case 'duration':
      return converted(toDuration({ s: value }), 'duration', value);
    case 'date-time':
    case 'date':
      return converted(toTimestamp({ s: schema.format === 'date' ? `${value}T00:00:00Z` : value }), 'timestamp', value);
    case 'byte':
      return new Uint8Array(Buffer.from(value, 'base64'));
    default:
      return value;
  }
}

/**
 * CEL value of `value` under `schema`. At the resource root only apiVersion, kind, metadata.name and
 * metadata.generateName are visible, as on the API server.
 */
export function toCel(schema: JsonObject, value: unknown, isRoot = false): CelInput {
  if (value === null || value === undefined) return null;
  if (schema['x-kubernetes-int-or-string'] === true) {
    return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : (value as CelInput);
  }
  if (Array.isArray(value)) {
    const items = isJsonObject(schema.items) ? schema.items : undefined;
    return value.map((v) => (items ? toCel(items, v) : untyped(v)));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    const properties = isJsonObject(schema.properties) ? schema.properties : undefined;
    if (properties) {
      const fields = new Map<string, CelInput>();
      for (const [key, child] of entries) {
        const childSchema = properties[key];
        const name = escapeCelProperty(key);
        if (!isJsonObject(childSchema) || name === undefined) continue; // not addressable from CEL
        fields.set(name, isRoot && key === 'metadata' ? rootMetadata(child) : toCel(childSchema, child));
      }
      if (isRoot) {
        const record = value as Record<string, unknown>;
        for (const key of ['apiVersion', 'kind']) if (typeof record[key] === 'string') fields.set(key, record[key] as string);
      }
      return fields;
    }
    const additional = schema.additionalProperties;
    if (isJsonObject(additional)) return new Map(entries.map(([k, v]) => [k, toCel(additional, v)]));
    return untyped(value);
  }
  if (typeof value === 'number') return schema.type === 'integer' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string') return stringValue(schema, value);
  return value as CelInput;
}

function rootMetadata(meta: unknown): CelInput {
  const fields = new Map<string, CelInput>();
  if (isJsonObject(meta)) {
    for (const key of ['name', 'generateName']) {
      const v = meta[key];
      if (typeof v === 'string') fields.set(key, v);
    }
  }
  return fields;
}
