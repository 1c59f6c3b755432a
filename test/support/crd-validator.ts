import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CrdVersion } from './crd-catalog';
import { addKubeFormats } from './kube-formats';
import { addKubeKeywords } from './kube-keywords';
import { re2RegExpEngine } from './re2-pattern';
import { closeStructuralSchema } from './structural-schema';
import { escapePointer } from './problem-format';

/** A problem at a JSON pointer (ajv's instancePath form) inside one object. */
export interface PointerProblem {
  readonly pointer: string;
  readonly message: string;
}

const ajv = new Ajv({
  strict: false, // CRD schemas are OpenAPI 3 subsets, not strict JSON Schema (e.g. keywords without a `type`)
  allErrors: true, // report every problem, not the first
  useDefaults: true, // the API server applies defaults before it validates
  validateSchema: false, // upstream CRDs are already validated by the API server; skipping saves compile time
  code: { regExp: re2RegExpEngine },
  logger: { log: () => undefined, warn: () => undefined, error: (...args: unknown[]) => console.error(...args) },
});
addKubeFormats(ajv);
addKubeKeywords(ajv);

// Compiling is the expensive part (0.1-0.9 s each for Cilium, cert-manager issuers, JobSet and KEDA),
// so each served version is compiled on first use and reused for the rest of the test file.
const compiled = new Map<string, ValidateFunction>();

function validatorFor(crd: CrdVersion): ValidateFunction {
  const key = `${crd.crd}/${crd.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(closeStructuralSchema(crd.schema));
    compiled.set(key, validate);
  }
  return validate;
}

function toProblem(error: ErrorObject): PointerProblem {
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return { pointer: `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`, message: 'unknown field (the API server would drop it)' };
    case 'required':
      return { pointer: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required' };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((v) => JSON.stringify(v)).join(', ') : '';
      return { pointer: error.instancePath, message: `must be one of ${allowed}` };
    }
    default:
      return { pointer: error.instancePath, message: error.message ?? error.keyword };
  }
}

/** Validates a custom resource against its CRD version's schema (closed, with defaults applied). */
export function crdSchemaProblems(crd: CrdVersion, object: unknown): PointerProblem[] {
  const validate = validatorFor(crd);
  // Defaulting mutates, so validate a copy.
  if (validate(structuredClone(object))) return [];
  return (validate.errors ?? []).map(toProblem);
}

/** The object with the CRD's defaults applied, as the API server stores it (for CEL rules). */
export function withCrdDefaults(crd: CrdVersion, object: unknown): unknown {
  const copy = structuredClone(object);
  validatorFor(crd)(copy);
  return copy;
}
