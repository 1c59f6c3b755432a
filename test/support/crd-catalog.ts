import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { TEST_RUN_ENV } from './test-run-env';

/** A JSON value as read from YAML; schemas and manifests are plain data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One served version of one CustomResourceDefinition. */
export interface CrdVersion {
  /** CRD metadata.name, e.g. `servers.policy.linkerd.io`. */
  readonly crd: string;
  readonly file: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly deprecated: boolean;
  /** `spec.versions[].schema.openAPIV3Schema`, untouched (callers copy before changing it). */
  readonly schema: JsonObject;
  /** Its validator as compiled once for the test run (test/support/crd-precompile.ts), if it was. */
  readonly precompiled?: PrecompiledValidator;
}

/** A compiled validator's standalone module, or why the schema did not compile. */
export type PrecompiledValidator = { readonly module: string; readonly error?: undefined } | { readonly error: string };

/** What test/support/crd-precompile.ts writes to `<dir>/catalog-<part>.json`. */
export interface PrecompiledCatalog {
  readonly crdsDir: string;
  readonly versions: readonly CrdVersion[];
}

/** Folder of upstream CRD copies; `ML_MESH_CRDS_DIR` overrides it (relative paths are from the repo root). */
export function crdsDir(): string {
  const repoRoot = path.resolve(__dirname, '..', '..');
  return path.resolve(repoRoot, process.env.ML_MESH_CRDS_DIR ?? '../shared/crds');
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Parsing every CRD costs ~1-3 s (JobSet and KEDA are 0.7-0.8 MB each), so a file is parsed only
// when an object of its API group is validated. A text scan for the `group: <name>` line picks the
// files to parse; the parsed `spec.group` then decides.
interface CrdFile {
  readonly file: string;
  readonly text: string;
}
let files: CrdFile[] | undefined;
const parsedFiles = new Map<string, CrdVersion[]>();

function crdFiles(): CrdFile[] {
  if (files === undefined) {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(entry.name)) found.push(full);
      }
    };
    walk(crdsDir());
    files = found.sort().map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  }
  return files;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filesDeclaringGroup(group: string): CrdFile[] {
  const line = new RegExp(`^\\s*group:\\s*["']?${escapeRegExp(group)}["']?\\s*$`, 'm');
  return crdFiles().filter((f) => f.text.includes(group) && line.test(f.text));
}

function field(obj: JsonObject, ...keys: string[]): Json | undefined {
  let cur: Json | undefined = obj;
  for (const key of keys) cur = isJsonObject(cur) ? cur[key] : undefined;
  return cur;
}

function crdVersions(doc: unknown, file: string): CrdVersion[] {
  if (!isJsonObject(doc) || doc.kind !== 'CustomResourceDefinition') return [];
  const group = field(doc, 'spec', 'group');
  const kind = field(doc, 'spec', 'names', 'kind');
  const crd = field(doc, 'metadata', 'name');
  const list = field(doc, 'spec', 'versions');
  if (typeof group !== 'string' || typeof kind !== 'string' || typeof crd !== 'string' || !Array.isArray(list)) return [];
  const namespaced = field(doc, 'spec', 'scope') !== 'Cluster';
  return list.flatMap((v) => {
    const schema = isJsonObject(v) ? field(v, 'schema', 'openAPIV3Schema') : undefined;
    if (!isJsonObject(v) || v.served !== true || typeof v.name !== 'string' || !isJsonObject(schema)) return [];
    return [{ crd, file, group, kind, version: v.name, schema, namespaced, deprecated: v.deprecated === true }];
  });
}

/** A file may hold several documents (`---`); each CustomResourceDefinition in it counts. */
function parseCrdFile({ file, text }: CrdFile): CrdVersion[] {
  let versions = parsedFiles.get(file);
  if (!versions) {
    versions = parseAllDocuments(text).flatMap((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return crdVersions(doc.toJS(), file);
    });
    parsedFiles.set(file, versions);
  }
  return versions;
}

let precompiled: readonly CrdVersion[] | null | undefined;

/**
 * Every served version with its compiled validator, as parsed and compiled once for this test run (the catalog
 * folder test/global-setup.ts names, in parts), in the order of the CRD folder; undefined without one or when it is of
 * another CRD folder.
 */
function precompiledVersions(): readonly CrdVersion[] | undefined {
  if (precompiled === undefined) {
    const dir = process.env[TEST_RUN_ENV.crdCatalog];
    const parts = dir ? fs.readdirSync(dir).filter((f) => /^catalog-\d+\.json$/.test(f)).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as PrecompiledCatalog) : [];
    const ofThisFolder = parts.length > 0 && parts.every((p) => p.crdsDir === crdsDir());
    // Each part keeps the folder order of its files; a stable sort by file restores the folder order.
    precompiled = ofThisFolder ? parts.flatMap((p) => p.versions).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) : null;
  }
  return precompiled ?? undefined;
}

const groups = new Map<string, CrdVersion[]>();

/** Served CRD versions of one API group. */
function versionsOfGroup(group: string): CrdVersion[] {
  let versions = groups.get(group);
  if (!versions) {
    const all = precompiledVersions();
    versions = all ? all.filter((c) => c.group === group) : filesDeclaringGroup(group).flatMap(parseCrdFile).filter((c) => c.group === group);
    groups.set(group, versions);
  }
  return versions;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  // The core group ("v1") has no CRDs; an empty group never matches one.
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The served CRD version for an apiVersion + kind, if the CRD folder has one. */
export function findCrdVersion(apiVersion: string, kind: string): CrdVersion | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return crdVersionsOf(group, kind).find((c) => c.version === version);
}

/** Every served version of one group + kind. */
export function crdVersionsOf(group: string, kind: string): CrdVersion[] {
  return group === '' ? [] : versionsOfGroup(group).filter((c) => c.kind === kind);
}

/** Every served version of every CRD (parses all files unless precompiled; for coverage reports). */
export function allCrdVersions(): CrdVersion[] {
  return [...(precompiledVersions() ?? crdFiles().flatMap(parseCrdFile))];
}

/**
 * The served versions parsed from part `part` of `parts` of the CRD folder now, the parts about equal in size (what
 * crd-precompile.ts compiles, one part per process).
 */
export function parseCrdFolder(part: number, parts: number): CrdVersion[] {
  const load = new Array<number>(parts).fill(0);
  const mine = new Set<string>();
  for (const f of [...crdFiles()].sort((a, b) => b.text.length - a.text.length || (a.file < b.file ? -1 : 1))) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest] += f.text.length;
    if (lightest === part) mine.add(f.file);
  }
  return crdFiles().filter((f) => mine.has(f.file)).flatMap(parseCrdFile);
}
