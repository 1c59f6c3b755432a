import { isJsonObject, type Json, type JsonObject } from './crd-catalog';

/**
 * Makes a CRD schema reject what the API server would silently drop. A structural schema keeps only
 * the fields it declares: the server prunes any other field of an object node that has neither
 * `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true` (including every field of a
 * bare `type: object`). Here those nodes get `additionalProperties: false`, so a typo fails the test
 * instead of vanishing. Pruning rules:
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning
 *
 * Only the structural skeleton (properties / items / additionalProperties) is closed: `allOf`,
 * `anyOf`, `oneOf` and `not` carry value validations over the same fields and must stay as they are.
 * Returns a deep copy; the input is not changed.
 */
export function closeStructuralSchema(schema: JsonObject): JsonObject {
  const copy = structuredClone(schema);
  closeNode(copy, true);
  return copy;
}

const STRING: JsonObject = { type: 'string' };
// ObjectMeta is not described by CRD schemas (the server handles it, and k8s-schema.ts validates it
// against the ObjectMeta model), so its node stays open; CRD constraints on `name` are kept.
const OPEN_OBJECT: JsonObject = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function isIntOrStringAnyOf(anyOf: Json | undefined): boolean {
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false;
  const types = anyOf.map((s) => (isJsonObject(s) ? s.type : undefined)).sort();
  return types[0] === 'integer' && types[1] === 'string';
}

/** apiVersion, kind and metadata are implied at a resource root and at x-kubernetes-embedded-resource. */
function addResourceFields(node: JsonObject): void {
  const properties = isJsonObject(node.properties) ? node.properties : {};
  properties.apiVersion ??= { ...STRING };
  properties.kind ??= { ...STRING };
  const metadata = properties.metadata;
  properties.metadata = isJsonObject(metadata) ? { ...metadata, ...OPEN_OBJECT } : { ...OPEN_OBJECT };
  node.properties = properties;
  node.type ??= 'object';
}

function closeNode(node: JsonObject, isResource: boolean): void {
  if (node['x-kubernetes-int-or-string'] === true) {
    // The keyword is implemented in kube-keywords.ts; the usual anyOf [integer, string] only doubles
    // every error message.
    if (isIntOrStringAnyOf(node.anyOf)) delete node.anyOf;
    return;
  }
  if (isResource || node['x-kubernetes-embedded-resource'] === true) addResourceFields(node);

  const properties = node.properties;
  if (isJsonObject(properties)) {
    for (const [name, child] of Object.entries(properties)) {
      const skipMetadata = name === 'metadata' && (isResource || node['x-kubernetes-embedded-resource'] === true);
      if (isJsonObject(child) && !skipMetadata) closeNode(child, false);
    }
  }
  if (isJsonObject(node.items)) closeNode(node.items, false);
  if (isJsonObject(node.additionalProperties)) closeNode(node.additionalProperties, false);

  const isObject = node.type === 'object' || isJsonObject(properties);
  if (isObject && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    node.additionalProperties = false;
  }
}
