import { mkdirSync } from 'fs';
import { join } from 'path';
import { App, Yaml } from 'cdk8s';
import { ClusterTarget } from '../../config/cluster-targets';

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

/** Everything one cluster folder (`dist/<env>/<cluster>/`) will hold, before it is written. */
export interface ClusterOutput {
  readonly target: ClusterTarget;
  readonly files: readonly ManifestFile[];
}

/** Renders every chart of a cluster app, one file per chart (`<chart id>.yaml`), without writing anything. */
export function renderClusterOutput(target: ClusterTarget, app: App): ClusterOutput {
  return { target, files: app.charts.map((chart) => ({ file: `${chart.node.id}.yaml`, objects: chart.toJson() as KubeObject[] })) };
}

/** Writes the files as cdk8s would (`Yaml.save`), into `dir`. */
export function writeClusterOutput(output: ClusterOutput, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of output.files) Yaml.save(join(dir, file.file), [...file.objects]);
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
