import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CrdVersion } from './crd-catalog';
import { addKubeFormats, KUBE_FORMATS_CODE } from './kube-formats';
import { addKubeKeywords } from './kube-keywords';
import { re2RegExpEngine } from './re2-pattern';
import { closeStructuralSchema } from './structural-schema';
import { escapePointer } from './problem-format';

/** A problem at a JSON pointer (ajv's instancePath form) inside one object. */
export interface PointerProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * The ajv instance CRD schemas compile with, here and in test/support/crd-precompile.ts. `source` keeps the generated
 * code so that it can be written out as a standalone module.
 */
export function crdAjv(source = false): Ajv {
  const ajv = new Ajv({
    strict: false, // CRD schemas are OpenAPI 3 subsets, not strict JSON Schema (e.g. keywords without a `type`)
    allErrors: true, // report every problem, not the first
    useDefaults: true, // the API server applies defaults before it validates
    validateSchema: false, // upstream CRDs are already validated by the API server; skipping saves compile time
    code: { regExp: re2RegExpEngine, formats: KUBE_FORMATS_CODE, source },
    logger: { log: () => undefined, warn: () => undefined, error: (...args: unknown[]) => console.error(...args) },
  });
  addKubeFormats(ajv);
  addKubeKeywords(ajv);
  return ajv;
}

/** A CRD version's schema, closed (structural-schema.ts), compiled. */
export function compileCrdSchema(ajv: Ajv, crd: CrdVersion): ValidateFunction {
  return ajv.compile(closeStructuralSchema(crd.schema));
}

// Compiling is the expensive part (0.1-0.9 s each for Cilium, cert-manager issuers, JobSet and KEDA). Under
// `npm test` every version was compiled once for the whole run (test/global-setup.ts) and its code is loaded;
// otherwise each version is compiled here on first use. Either way it is reused for the rest of the test file.
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function load(crd: CrdVersion): ValidateFunction {
  const { precompiled } = crd;
  if (!precompiled) return compileCrdSchema((ajv ??= crdAjv()), crd);
  if (precompiled.error !== undefined) throw new Error(precompiled.error);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(precompiled.module) as ValidateFunction;
}

function validatorFor(crd: CrdVersion): ValidateFunction {
  const key = `${crd.crd}/${crd.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = load(crd);
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
