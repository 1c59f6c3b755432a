import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, Yaml } from 'cdk8s';
import { ClusterTarget } from '../../config/cluster-targets';
import { TrafficIntent, TrafficSource, Workload } from '../../k8s/core/workload';
import { TrafficIntents } from '../../k8s/policy/traffic-intents';

/** A synthesized Kubernetes object, as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One YAML file of a cluster folder and its objects, in the order they are written. */
export interface ManifestFile {
  /** File name in the cluster folder, e.g. `serving.yaml`. */
  readonly file: string;
  readonly objects: readonly KubeObject[];
}

/**
 * A Markdown file for reviewers beside the manifests (FLOWS.md). Never `.yaml` or `.json`: GitOps applies every such
 * file of the folder.
 */
export interface ReviewDocument {
  /** File name in the cluster folder, ending in `.md`. */
  readonly file: string;
  readonly text: string;
}

/** Everything one cluster folder (`dist/<env>/<cluster>/`) will hold, before it is written. */
export interface ClusterOutput {
  readonly target: ClusterTarget;
  /** The manifests GitOps applies; the only thing whole-output checks of objects read. */
  readonly files: readonly ManifestFile[];
  /**
   * The paths the app opened with `allowTraffic`, as plain data (JSON-safe): where the flow model finds
   * service-to-service calls.
   */
  readonly intents: readonly TrafficIntent[];
  /** Review documents written beside the manifests. @default none */
  readonly documents?: readonly ReviewDocument[];
}

/** Renders every chart of a cluster app, one file per chart (`<chart id>.yaml`), without writing anything. */
export function renderClusterOutput(target: ClusterTarget, app: App): ClusterOutput {
  return {
    target,
    files: app.charts.map((chart) => ({ file: `${chart.node.id}.yaml`, objects: chart.toJson() as KubeObject[] })),
    intents: TrafficIntents.of(app).all.map(plainIntent),
  };
}

/** A workload as data: the fields policy reads, without the construct behind it. */
function plainWorkload(w: Workload): Workload {
  return { name: w.name, namespace: w.namespace, serviceAccountName: w.serviceAccountName, selector: { ...w.selector }, ports: w.ports.map((p) => ({ ...p })) };
}

function plainIntent(intent: TrafficIntent): TrafficIntent {
  const source: TrafficSource = intent.source.kind === 'workload' ? { kind: 'workload', workload: plainWorkload(intent.source.workload) } : { ...intent.source };
  return { source, target: plainWorkload(intent.target), port: intent.port };
}

/** Every object of every manifest file, in file order. */
export function outputObjects(output: ClusterOutput): KubeObject[] {
  return output.files.flatMap((f) => f.objects);
}

/** Writes the manifests as cdk8s would (`Yaml.save`) and the review documents as they are, into `dir`. */
export function writeClusterOutput(output: ClusterOutput, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of output.files) Yaml.save(join(dir, file.file), [...file.objects]);
  for (const doc of output.documents ?? []) {
    // GitOps applies every .yaml and .json file of the folder; a review document must never be one.
    if (!doc.file.endsWith('.md')) throw new Error(`${dir}/${doc.file}: review documents are Markdown (.md), never applied manifests`);
    writeFileSync(join(dir, doc.file), doc.text);
  }
}

/** The API group of an object: '' for the core group (`v1`). */
export function apiGroup(object: KubeObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
}

/** `Kind.group namespace/name`, the identity kustomize and kubectl use for an object. */
export function objectRef(object: KubeObject): string {
  const group = apiGroup(object);
  const where = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind}${group ? `.${group}` : ''} ${where}${object.metadata.name ?? '(unnamed)'}`;
}
