import { ModelServer } from '../../lib/k8s/serving/model-server';
import { celCoverage,celProblems } from '../support/cel';
import { compileRule } from '../support/cel-rules';
import { findCrdVersion,isJsonObject,type JsonObject } from '../support/crd-catalog';
import { allClusterObjects,sharedSynth } from '../support/example-synth';
import { clusterChart,synthObjects } from '../support/cluster-app';

/**
 * The CEL rules of ../shared/crds that cannot be evaluated here, with the reason; docs/reliability.md lists
 * the same. JobSet marks these fields immutable with `self == oldSelf`: a transition rule, which the API
 * server runs only on update, against the stored object, so it never applies to a manifest being created.
 */
const NOT_EVALUATED: readonly { readonly at: string; readonly rule: string }[] = [
  '.spec.failurePolicy', '.spec.network', '.spec.replicatedJobs[].dependsOn', '.spec.startupPolicy', '.spec.successPolicy', '.spec.volumeClaimPolicies',
].map((path) => ({ at: `jobsets.jobset.x-k8s.io v1alpha2 ${path}`, rule: 'self == oldSelf' }));

/**
 * Custom resources we synthesize whose CRD is not in ../shared/crds, so neither schema nor CEL is checked
 * (docs/reliability.md). The Azure ML extension installs instancetypes.amlarc.azureml.com itself.
 */
const NO_CRD_IN_CATALOG: readonly string[] = ['amlarc.azureml.com/v1alpha1 InstanceType'];

// API groups served by kube-apiserver itself; anything else must be a CRD of ../shared/crds, or CEL would skip it unseen.
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'scheduling.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'storage.k8s.io', 'certificates.k8s.io']);

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');

/** Rules reachable from a schema node: how many, and which cannot be compiled. */
function rulesOf(schema: JsonObject, out: string[] = []): string[] {
  const validations = schema['x-kubernetes-validations'];
  if (Array.isArray(validations)) for (const v of validations) if (isJsonObject(v) && typeof v.rule === 'string') out.push(v.rule);
  for (const child of [...Object.values(isJsonObject(schema.properties) ? schema.properties : {}), schema.items, schema.additionalProperties]) {
    if (isJsonObject(child)) rulesOf(child, out);
  }
  return out;
}

describe('CEL rules of the CRDs on every custom resource the example synthesizes', () => {
  let objects: Record<string, unknown>[];
  let custom: Record<string, unknown>[];

  beforeAll(() => {
    objects = allClusterObjects(sharedSynth());
    custom = objects.filter((o) => !BUILT_IN_GROUPS.has(groupOf(String(o.apiVersion))));
  });

  test('every object of a non-built-in group has its CRD in the catalog, or is a listed exception', () => {
    expect(custom.length).toBeGreaterThan(0);
    const unknown = custom.filter((o) => !findCrdVersion(String(o.apiVersion), String(o.kind))).map((o) => `${o.apiVersion} ${o.kind}`);
    expect([...new Set(unknown)].sort()).toEqual([...NO_CRD_IN_CATALOG]);
  });

  test('no synthesized custom resource breaks a CEL rule the API server would run', () => {
    expect(celProblems(objects).map((p) => `${p.object}: ${p.path}: ${p.message}`)).toEqual([]);
  });

  test('the kinds we synthesize: every CEL rule on them is evaluated, except the documented transition rules', () => {
    const kinds = [...new Map(custom.map((o) => [`${o.apiVersion} ${o.kind}`, findCrdVersion(String(o.apiVersion), String(o.kind))])).entries()];
    const rows = kinds.map(([kind, crd]) => {
      const rules = crd ? rulesOf(crd.schema) : [];
      const skipped = rules.filter((r) => !compileRule(r).ok);
      return { kind, rules: rules.length, evaluated: rules.length - skipped.length, skipped };
    });
    // The coverage figure for the report and docs/reliability.md.
    console.log(rows.map((r) => `${r.kind}: ${r.evaluated}/${r.rules} CEL rules evaluated`).join('\n'));
    expect(rows.flatMap((r) => r.skipped).every((rule) => NOT_EVALUATED.some((n) => n.rule === rule))).toBe(true);
  });
});

describe('CEL evaluation itself', () => {
  test('the CRD rules that cannot be evaluated are exactly the documented transition rules', () => {
    const { evaluated, skipped } = celCoverage();
    expect(evaluated).toBeGreaterThan(0);
    expect(skipped.map((s) => ({ at: /\(([^)]*)\)$/.exec(s.reason)?.[1], rule: s.rule }))).toEqual(NOT_EVALUATED);
    expect(skipped.every((s) => s.reason.startsWith('transition rule'))).toBe(true);
  });

  test('the check fails on construct output broken after synth (a route path that is not absolute)', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'server', {
      versions: [{ name: 'v1', image: 'ghcr.io/acme/model:1.0.0', modelPath: '/models/v1' }, { name: 'v2', image: 'ghcr.io/acme/model:1.1.0', modelPath: '/models/v2' }],
      traffic: { split: { v1: 90, v2: 10 } },
    });
    const synthesized = synthObjects(chart);
    expect(celProblems(synthesized)).toEqual([]);
    const route = synthesized.find((o) => o.kind === 'HTTPRoute');
    route!.spec.rules[0].matches[0].path.value = 'v1';
    expect(celProblems(synthesized).map((p) => p.message)).toContain("value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']");
  });
});
