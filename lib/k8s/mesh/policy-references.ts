import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderedJson } from '../core/rendered-json';

const POLICY_GROUP = 'policy.linkerd.io';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const REGISTERED = Symbol.for('ml-mesh-platform.PolicyReferences');
const REFERRING_KINDS = new Set([`${POLICY_GROUP}/AuthorizationPolicy`, `${POLICY_GROUP}/MeshTLSAuthentication`, `${GATEWAY_GROUP}/HTTPRoute`, `${GATEWAY_GROUP}/GRPCRoute`]);

interface ObjectRef {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * Adds, once per app, a synth-time check that every reference in Linkerd policy and in routes points at an
 * object the same app synthesizes: AuthorizationPolicy targets and authentications, MeshTLSAuthentication
 * ServiceAccount and Namespace identities, route parents (Server or Service) and route backends. A dangling
 * reference is not an error for the API server; Linkerd would just deny (or drop) the traffic silently.
 */
export function checkPolicyReferencesOnSynth(scope: IConstruct): void {
  const root = scope.node.root as unknown as Record<symbol, boolean | undefined>;
  if (root[REGISTERED]) return;
  root[REGISTERED] = true;
  scope.node.root.node.addValidation({ validate: () => policyReferenceProblems(scope.node.root) });
}

/** An object a Helm chart installs, which the app's policy may reference without defining it. */
export interface ExternalObject {
  /** API group; '' for core kinds. */
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The chart that installs it, for the reader of the code. */
  readonly installedBy: string;
}

const EXTERNAL = Symbol.for('ml-mesh-platform.ExternalPolicyObjects');

/**
 * Declares objects that add-on charts install (linkerd-viz's Prometheus Server, a chart's ServiceAccount), so
 * policy referencing them passes the dangling-reference check. Each is named, with the chart, where it is used.
 */
export function declareExternalObjects(scope: IConstruct, objects: readonly ExternalObject[]): void {
  const root = scope.node.root as unknown as Record<symbol, ExternalObject[] | undefined>;
  (root[EXTERNAL] ??= []).push(...objects);
}

/** Every dangling reference in the app's Linkerd policy objects and Gateway API routes. */
export function policyReferenceProblems(root: IConstruct): string[] {
  const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  const known = new Set<string>();
  for (const o of objects) known.add(key(groupOf(o.apiVersion), o.kind, o.metadata.namespace, o.name));
  for (const o of (root as unknown as Record<symbol, ExternalObject[] | undefined>)[EXTERNAL] ?? []) known.add(key(o.group, o.kind, o.namespace, o.name));

  const problems: string[] = [];
  const expect = (from: ApiObject, field: string, ref: ObjectRef, namespace: string | undefined): void => {
    if (ref.name === undefined) return;
    if (!known.has(key(ref.group ?? '', ref.kind, namespace, ref.name))) {
      problems.push(`${from.kind} ${from.metadata.namespace ?? ''}/${from.name}: ${field} refers to ${ref.kind} ${namespace ? `${namespace}/` : ''}${ref.name}, which this app does not define`);
    }
  };

  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    if (!REFERRING_KINDS.has(`${group}/${o.kind}`)) continue;
    const ns = o.metadata.namespace;
    const spec = (renderedJson(o) as { spec?: Record<string, unknown> }).spec ?? {};
    if (group === POLICY_GROUP && o.kind === 'AuthorizationPolicy') {
      const target = spec.targetRef as ObjectRef;
      // A Namespace target has no group and must be the policy's own namespace.
      if (target.kind === 'Namespace') expect(o, 'spec.targetRef', { kind: 'Namespace', name: target.name }, undefined);
      else expect(o, 'spec.targetRef', { ...target, group: target.group ?? POLICY_GROUP }, ns);
      (spec.requiredAuthenticationRefs as ObjectRef[]).forEach((ref, i) => {
        const defaultGroup = ref.kind === 'ServiceAccount' ? '' : POLICY_GROUP;
        expect(o, `spec.requiredAuthenticationRefs[${i}]`, { ...ref, group: ref.group ?? defaultGroup }, ref.namespace ?? ns);
      });
    } else if (group === POLICY_GROUP && o.kind === 'MeshTLSAuthentication') {
      ((spec.identityRefs ?? []) as ObjectRef[]).forEach((ref, i) => {
        if (ref.kind === 'Namespace') expect(o, `spec.identityRefs[${i}]`, { kind: 'Namespace', name: ref.name }, undefined);
        else if (ref.kind === 'ServiceAccount') expect(o, `spec.identityRefs[${i}]`, { kind: 'ServiceAccount', name: ref.name }, ref.namespace ?? ns);
      });
    } else if (group === GATEWAY_GROUP && (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute')) {
      ((spec.parentRefs ?? []) as ObjectRef[]).forEach((ref, i) => {
        if (ref.kind === 'Server' || ref.kind === 'Service') {
          expect(o, `spec.parentRefs[${i}]`, { ...ref, group: ref.kind === 'Service' ? '' : ref.group }, ref.namespace ?? ns);
        }
      });
      ((spec.rules ?? []) as { backendRefs?: ObjectRef[] }[]).forEach((rule, r) => (rule.backendRefs ?? []).forEach((ref, b) => {
        expect(o, `spec.rules[${r}].backendRefs[${b}]`, { kind: ref.kind ?? 'Service', name: ref.name, group: ref.group ?? '' }, ref.namespace ?? ns);
      }));
    }
  }
  return problems;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function key(group: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  // The Gateway API spells the core group "" and Linkerd docs sometimes "core"; both mean the same.
  return `${group === 'core' ? '' : group}|${kind}|${namespace ?? ''}|${name ?? ''}`;
}
