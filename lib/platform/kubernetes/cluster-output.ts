import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { ClusterTarget } from '../../config/cluster-targets';
import { TrafficIntent, TrafficSource, Workload } from '../../k8s/core/workload';
import { TrafficIntents } from '../../k8s/policy/traffic-intents';
import { manifestYaml } from './manifest-yaml';
import { isRunOnce, RUN_ONCE_README, runOnceFileName, runOnceReadme } from './run-once-folder';
import { renderedJson, renderingOnce } from '../../k8s/core/rendered-json';

/** A synthesized Kubernetes object, as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * Where a file goes. `synced`: the cluster folder GitOps (Argo CD, Flux) applies and keeps applied. `run-once`: work
 * that runs to completion and is started by hand, in a folder of its own that GitOps never reads (run-once-folder.ts).
 */
export type ManifestFolder = 'synced' | 'run-once';

/** One YAML file of a cluster's output and its objects, in the order they are written. */
export interface ManifestFile {
  /** File name in its folder, e.g. `serving.yaml`. */
  readonly file: string;
  readonly folder: ManifestFolder;
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

/**
 * Everything one cluster's output will hold before it is written: the synced folder (`dist/<env>/<cluster>/`) and the
 * run-once folder. Checks of objects see every manifest file of both, and only manifests.
 */
export interface ClusterOutput {
  readonly target: ClusterTarget;
  readonly files: readonly ManifestFile[];
  /**
   * The paths the app opened with `allowTraffic`, as plain data (JSON-safe): where the flow model finds
   * service-to-service calls.
   */
  readonly intents: readonly TrafficIntent[];
  /** Review documents written beside the synced manifests. @default none */
  readonly documents?: readonly ReviewDocument[];
}

/**
 * Renders every chart of a cluster app without writing anything: one synced file per chart (`<chart id>.yaml`), and
 * each run-once object in a file of its own (`<kind>-<namespace>-<name>.yaml`), so one command starts one run.
 */
export function renderClusterOutput(target: ClusterTarget, app: App): ClusterOutput {
  // The app is finished: its validations and its files share one rendering of each object.
  return renderingOnce(() => {
    validateApp(app);
    const files: ManifestFile[] = [];
    for (const chart of app.charts) {
      const objects = chartObjects(chart);
      files.push({ file: `${chart.node.id}.yaml`, folder: 'synced', objects: objects.filter((o) => !isRunOnce(o)) });
      for (const run of objects.filter(isRunOnce)) files.push({ file: runOnceFileName(run), folder: 'run-once', objects: [run] });
    }
    return { target, files, intents: TrafficIntents.of(app).all.map(plainIntent) };
  });
}

/**
 * Every construct's validations, once for the whole app. cdk8s' `Chart.toJson()` runs them again for each chart
 * (cdk8s lib/app.js `_synthChart`), and the app-level ones (policy references, Server ports) scan every object; the
 * message is cdk8s' own.
 */
function validateApp(app: App): void {
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * A chart's objects in the order cdk8s writes them (cdk8s lib/app.js `chartToKube`: the chart's dependency order,
 * each object in its closest chart). The platform's constructs declare no dependencies, so no resolution step is needed.
 */
function chartObjects(chart: Chart): KubeObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => renderedJson(o) as KubeObject);
}

/** A workload as data: the fields policy reads, without the construct behind it. */
function plainWorkload(w: Workload): Workload {
  return { name: w.name, namespace: w.namespace, serviceAccountName: w.serviceAccountName, selector: { ...w.selector }, ports: w.ports.map((p) => ({ ...p })) };
}

function plainIntent(intent: TrafficIntent): TrafficIntent {
  const source: TrafficSource = intent.source.kind === 'workload' ? { kind: 'workload', workload: plainWorkload(intent.source.workload) } : { ...intent.source };
  return { source, target: plainWorkload(intent.target), port: intent.port };
}

/** Every object of every manifest file (synced and run-once), in file order. */
export function outputObjects(output: ClusterOutput): KubeObject[] {
  return output.files.flatMap((f) => f.objects);
}

/** The file's path in the cluster's output, for messages: `serving.yaml`, `run-once/jobset-mlops-train.yaml`. */
export function outputPath(file: ManifestFile): string {
  return file.folder === 'synced' ? file.file : `${file.folder}/${file.file}`;
}

/**
 * Writes the synced files (the text cdk8s' `Yaml.save` writes: manifest-yaml.ts) and the review documents into `dir`,
 * and the run-once files, with their README, into `runOnceDir`.
 */
export function writeClusterOutput(output: ClusterOutput, dir: string, runOnceDir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of output.files.filter((f) => f.folder === 'synced')) writeFileSync(join(dir, file.file), manifestYaml(file.objects));
  for (const doc of output.documents ?? []) {
    // GitOps applies every .yaml and .json file of the folder; a review document must never be one.
    if (!doc.file.endsWith('.md')) throw new Error(`${dir}/${doc.file}: review documents are Markdown (.md), never applied manifests`);
    writeFileSync(join(dir, doc.file), doc.text);
  }
  const runs = output.files.filter((f) => f.folder === 'run-once');
  if (runs.length === 0) return;
  mkdirSync(runOnceDir, { recursive: true });
  for (const file of runs) writeFileSync(join(runOnceDir, file.file), manifestYaml(file.objects));
  writeFileSync(join(runOnceDir, RUN_ONCE_README), runOnceReadme(output.target, runs));
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
