// Validates core Kubernetes objects with kubernetes-models, in a worker thread.
//
// Why a worker: kubernetes-models ships only ES modules (its package `exports` have no `require`
// condition), and Jest's CommonJS runtime cannot load them. A worker thread runs plain Node, which
// can. core-kinds.ts talks to this file synchronously (Atomics.wait + receiveMessageOnPort).
//
// Why a Proxy: kubernetes-models validates with precompiled ajv functions generated from the
// Kubernetes OpenAPI spec, which has no `additionalProperties: false`, so unknown fields pass. The
// compiled code reads each declared property by name (`data.replicas`) and never reads undeclared
// ones, so every key of an object the validator looked into, but never read, is a field the model
// does not have: the API server drops it ("unknown field" under strict field validation).
import { workerData } from 'node:worker_threads';

const { port, signal } = workerData;
const RESPONSE_READY = 1;

const GROUP = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** @type {Map<string, Promise<((data: unknown) => unknown[]) | null>>} */
const validators = new Map();

/** kubernetes-models module path for an apiVersion + kind: `v1/Service`, `apps/v1/Deployment`. */
function modelSpecifier(apiVersion, kind) {
  if (apiVersion === 'ObjectMeta' && kind === 'ObjectMeta') {
    return '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
  }
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 1 ? ['', parts[0]] : parts;
  if (parts.length > 2 || !VERSION.test(version) || !KIND.test(kind) || (group !== '' && !GROUP.test(group))) return null;
  return `kubernetes-models/${group === '' ? '' : `${group}/`}${version}/${kind}`;
}

async function loadValidator(apiVersion, kind) {
  const specifier = modelSpecifier(apiVersion, kind);
  if (specifier === null) return null;
  let mod;
  try {
    mod = await import(specifier);
  } catch (error) {
    if (error && (error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error.code === 'ERR_MODULE_NOT_FOUND')) return null;
    throw error;
  }
  const model = mod[kind];
  // A top-level kind carries its own apiVersion/kind; nested types (DeploymentSpec) do not.
  const isKind = apiVersion === 'ObjectMeta' || (model?.apiVersion === apiVersion && model?.kind === kind);
  if (typeof model !== 'function' || !isKind || typeof model.prototype.validate !== 'function') return null;
  return (data) => {
    try {
      // Model#validate runs the compiled schema on `this` and throws a ValidationError listing ajv errors.
      model.prototype.validate.call(data);
      return [];
    } catch (error) {
      if (error && Array.isArray(error.errors)) return error.errors;
      throw error;
    }
  };
}

/** Wraps `root` so that every property read is recorded per object. */
function recordReads(root) {
  const reads = new WeakMap();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== 'object') return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      const keys = new Set();
      reads.set(value, keys);
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (typeof key === 'string') keys.add(key);
          return wrap(Reflect.get(target, key, receiver));
        },
        has(target, key) {
          if (typeof key === 'string') keys.add(key);
          return Reflect.has(target, key);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  return { proxy: wrap(root), reads };
}

const escapePointer = (segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

// kubernetes-models' generator strips `description` and `x-kubernetes-*` keys from the schemas it
// compiles, which also drops real fields of those names: their validators never read them. Across
// kubernetes-models 5.1.0 these are the only field names its .d.ts types declare and its validators
// never read, and only these kinds have them (PriorityClass.description; JSONSchemaProps,
// CustomResourceColumnDefinition and ExternalDocumentation in a CustomResourceDefinition).
const UNVALIDATED_FIELDS = {
  PriorityClass: (key) => key === 'description',
  CustomResourceDefinition: (key) => key === 'description' || key.startsWith('x-kubernetes-'),
};
const NONE = () => false;

/** Keys of objects the validator inspected (read at least one key of) but never read. */
function unreadKeys(value, reads, pointer, isUnvalidated, out) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => unreadKeys(item, reads, `${pointer}/${i}`, isUnvalidated, out));
  } else if (value !== null && typeof value === 'object') {
    const seen = reads.get(value);
    // No reads at all: a free-form node (RawExtension, JSON) or one the validator never reached.
    if (!seen || seen.size === 0) return;
    for (const [key, child] of Object.entries(value)) {
      const childPointer = `${pointer}/${escapePointer(key)}`;
      if (seen.has(key)) unreadKeys(child, reads, childPointer, isUnvalidated, out);
      else if (!isUnvalidated(key)) out.push({ pointer: childPointer, message: 'unknown field (the API server would drop it)' });
    }
  }
}

async function validateOne({ apiVersion, kind, data }) {
  const key = `${apiVersion} ${kind}`;
  if (!validators.has(key)) validators.set(key, loadValidator(apiVersion, kind));
  const validate = await validators.get(key);
  if (validate === null) return { found: false, problems: [] };
  const { proxy, reads } = recordReads(data);
  const problems = validate(proxy).map((e) => ({
    pointer: e.keyword === 'required' ? `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}` : e.instancePath,
    message: e.keyword === 'required' ? 'is required' : e.keyword === 'enum' ? `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : e.message,
  }));
  unreadKeys(data, reads, '', UNVALIDATED_FIELDS[kind] ?? NONE, problems);
  return { found: true, problems };
}

port.on('message', async (requests) => {
  let response;
  try {
    response = { results: await Promise.all(requests.map(validateOne)) };
  } catch (error) {
    response = { error: String(error && error.stack ? error.stack : error) };
  }
  port.postMessage(response);
  Atomics.store(signal, 0, RESPONSE_READY);
  Atomics.notify(signal, 0);
});
