import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { validateCoreObjects, type CoreRequest } from './core-kinds';
import { crdVersionsOf, findCrdVersion, splitApiVersion, type CrdVersion } from './crd-catalog';
import { crdSchemaProblems, type PointerProblem } from './crd-validator';
import { isClusterScopedCoreKind, objectMetaProblems } from './object-meta';
import { formatPath, identify } from './problem-format';

/** One reason the API server would reject (or silently change) an object. */
export interface SchemaProblem {
  /** Object identity, e.g. "Deployment mlops/model-server". */
  readonly object: string;
  /** Field path, e.g. "spec.template.spec.containers[0].image". */
  readonly path: string;
  readonly message: string;
}

const DEPRECATION_GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A deprecated CRD version is served (with a warning) but is the wrong class to pick; name the current ones. */
function deprecationProblem(crd: CrdVersion): PointerProblem[] {
  if (!crd.deprecated) return [];
  const current = crdVersionsOf(crd.group, crd.kind).filter((v) => !v.deprecated).map((v) => v.version);
  return [{ pointer: '/apiVersion', message: `${crd.group}/${crd.version} is deprecated by CRD ${crd.crd}; use ${current.join(' or ') || 'a current version'}` }];
}

function noSchemaMessage(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  const served = group === '' ? [] : crdVersionsOf(group, kind).map((v) => `${v.group}/${v.version}`);
  if (served.length > 0) return `no schema for ${apiVersion} ${kind}: its CRD serves only ${served.join(', ')}`;
  if (/alpha|beta/.test(version)) {
    return `no schema for ${apiVersion} ${kind}: not a CRD in the CRD folder, and alpha/beta core APIs are not accepted (the ones kubernetes-models has were removed from Kubernetes, see ${DEPRECATION_GUIDE})`;
  }
  return `no schema for ${apiVersion} ${kind}: neither a kubernetes-models core kind nor a CRD in the CRD folder`;
}

/** An object that is not a CRD kind, waiting for the kubernetes-models lookup. */
interface Pending {
  readonly index: number;
  readonly data: Record<string, unknown>;
}

/**
 * Checks manifests the way the API server would: core kinds against kubernetes-models, custom
 * resources against their CRD's openAPIV3Schema, both rejecting unknown fields (which the server would
 * otherwise drop), plus metadata name and label rules. Returns [] when everything is valid.
 */
export function schemaProblems(objects: readonly unknown[]): SchemaProblem[] {
  const found: PointerProblem[][] = objects.map(() => []);
  const plain: unknown[] = [];
  const coreCandidates: Pending[] = [];
  const metaRequests: { index: number; request: CoreRequest }[] = [];

  const checkCustomResource = (index: number, data: Record<string, unknown>, crd: CrdVersion): void => {
    found[index].push(...deprecationProblem(crd), ...crdSchemaProblems(crd, data), ...objectMetaProblems(crd.kind, data.metadata, true, !crd.namespaced));
    // CRD schemas leave metadata to the server; check its fields against the ObjectMeta model.
    if (asRecord(data.metadata)) metaRequests.push({ index, request: { apiVersion: 'ObjectMeta', kind: 'ObjectMeta', data: data.metadata } });
  };

  objects.forEach((object, index) => {
    let data: Record<string, unknown> | undefined;
    try {
      // What reaches the API server is JSON: undefined fields vanish, class instances become plain data.
      data = asRecord(JSON.parse(JSON.stringify(object) ?? 'null'));
    } catch (error) {
      found[index].push({ pointer: '', message: `cannot be serialized to JSON: ${String(error)}` });
    }
    plain[index] = data;
    if (!data) {
      if (found[index].length === 0) found[index].push({ pointer: '', message: 'is not a JSON object' });
      return;
    }
    const { apiVersion, kind } = data;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
      found[index].push({ pointer: '', message: 'apiVersion and kind must be non-empty strings' });
      return;
    }
    const crd = findCrdVersion(apiVersion, kind);
    if (crd) checkCustomResource(index, data, crd);
    else coreCandidates.push({ index, data });
  });

  // Only GA core versions: every alpha/beta group-version in kubernetes-models is one Kubernetes removed.
  const isGa = (p: Pending): boolean => !/alpha|beta/.test(splitApiVersion(String(p.data.apiVersion)).version);
  const coreObjects = coreCandidates.filter(isGa);
  // One round trip to the worker for both core objects and custom-resource metadata.
  const results = validateCoreObjects([
    ...coreObjects.map((p) => ({ apiVersion: String(p.data.apiVersion), kind: String(p.data.kind), data: p.data })),
    ...metaRequests.map((m) => m.request),
  ]);
  const unresolved = coreCandidates.filter((p) => !isGa(p));
  coreObjects.forEach((p, i) => {
    const kind = String(p.data.kind);
    if (results[i].found) found[p.index].push(...results[i].problems, ...objectMetaProblems(kind, p.data.metadata, false, isClusterScopedCoreKind(kind)));
    else unresolved.push(p);
  });
  metaRequests.forEach((m, i) => {
    found[m.index].push(...results[coreObjects.length + i].problems.map((p) => ({ pointer: `/metadata${p.pointer}`, message: p.message })));
  });
  for (const p of unresolved) {
    found[p.index].push({ pointer: '/apiVersion', message: noSchemaMessage(String(p.data.apiVersion), String(p.data.kind)) });
  }

  return found.flatMap((list, index) =>
    list.map((p) => ({ object: identify(plain[index] ?? objects[index], index), path: formatPath(p.pointer, plain[index]), message: p.message })),
  );
}

/** Throws one Error that lists every problem, one per line; does nothing when all objects are valid. */
export function expectValidManifests(objects: readonly unknown[]): void {
  const problems = schemaProblems(objects);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.object}: ${p.path}: ${p.message}`);
  throw new Error(`${problems.length} schema problem(s) in ${objects.length} object(s):\n${lines.join('\n')}`);
}

/** Every YAML document of every *.yaml / *.yml file under `dir` (recursive, sorted by path); empty documents are skipped. */
export function loadYamlDir(dir: string): Record<string, unknown>[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  // Code-unit order, not locale order, so every machine loads the same sequence.
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const objects: Record<string, unknown>[] = [];
  for (const file of files) {
    parseAllDocuments(fs.readFileSync(file, 'utf8')).forEach((doc, n) => {
      const where = `${path.relative(dir, file)} (document ${n + 1})`;
      if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0].message}`);
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return;
      const obj = asRecord(value);
      if (!obj) throw new Error(`${where}: is not a mapping`);
      objects.push(obj);
    });
  }
  return objects;
}
