import { apiGroup, KubeObject } from '../cluster-output';
import { Labels } from './flow';
import { textOrder } from '../../../core/text-order';

/** The Kubernetes label every namespace carries with its name (kubernetes.io/docs/reference/labels-annotations-taints). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The objects one cluster folder holds, plus the policy objects its Helm charts install (chart-policy.ts), indexed for
 * the evaluator: by kind and namespace, with each namespace's labels and annotations.
 */
export class ClusterObjects {
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly namespaces = new Map<string, { readonly labels: Labels; readonly annotations: Labels }>();
  private readonly byKindAndNamespace = new Map<string, Map<string, KubeObject[]>>();
  private readonly labelsOfNamespace = new Map<string, Labels>();

  constructor(objects: readonly KubeObject[]) {
    // In name order, so a verdict names the same deciding object however the folder's files are ordered.
    const named = objects.map((object) => ({ object, ref: refOf(object) })).sort((a, b) => textOrder(a.ref, b.ref));
    for (const { object } of named) {
      const key = kindKey(apiGroup(object), object.kind);
      const list = this.byKind.get(key);
      if (list) list.push(object);
      else this.byKind.set(key, [object]);
      if (object.kind === 'Namespace' && apiGroup(object) === '' && object.metadata.name) {
        const meta = object.metadata as { labels?: Labels; annotations?: Labels };
        this.namespaces.set(object.metadata.name, { labels: meta.labels ?? {}, annotations: meta.annotations ?? {} });
      }
    }
  }

  /** Objects of one kind; `namespace` narrows to one namespace. */
  public of(group: string, kind: string, namespace?: string): readonly KubeObject[] {
    const key = kindKey(group, kind);
    const all = this.byKind.get(key) ?? [];
    if (namespace === undefined) return all;
    let byNamespace = this.byKindAndNamespace.get(key);
    if (!byNamespace) this.byKindAndNamespace.set(key, (byNamespace = new Map()));
    let inNamespace = byNamespace.get(namespace);
    if (!inNamespace) byNamespace.set(namespace, (inNamespace = all.filter((o) => o.metadata.namespace === namespace)));
    return inNamespace;
  }

  /** A namespace's labels as selectors see them: its own labels plus `kubernetes.io/metadata.name`. */
  public namespaceLabels(namespace: string): Labels {
    let labels = this.labelsOfNamespace.get(namespace);
    if (!labels) this.labelsOfNamespace.set(namespace, (labels = { ...(this.namespaces.get(namespace)?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace }));
    return labels;
  }

  /** A namespace's annotations, or none when the folder does not create it. */
  public namespaceAnnotations(namespace: string): Labels {
    return this.namespaces.get(namespace)?.annotations ?? {};
  }

  public hasNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }
}

function kindKey(group: string, kind: string): string {
  return `${group}|${kind}`;
}

/** `Kind namespace/name`, how verdicts name the object that decided. */
export function refOf(object: KubeObject): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name ?? '(unnamed)'}`;
}

/** An object's `spec`, read as the shape the caller knows for its kind (empty when absent). */
export function specOf<T>(object: KubeObject): T {
  return ((object as { spec?: unknown }).spec ?? {}) as T;
}
