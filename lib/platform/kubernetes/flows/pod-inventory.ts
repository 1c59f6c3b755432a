import { INJECT } from '../../../contract/linkerd-annotations';
import { LINKERD_NAMESPACE } from '../../../contract/linkerd';
import { KubeObject } from '../cluster-output';
import { ClusterObjects } from './cluster-objects';
import { Labels, PodEndpoint, PodPort, Protocol } from './flow';
import { textOrder } from '../../../core/text-order';

/**
 * Labels Linkerd's proxy injector adds to every pod it meshes (linkerd/linkerd2 pkg/k8s/labels.go ControllerNSLabel,
 * WorkloadNamespaceLabel, ProxyDeploymentLabel); scrape selectors such as `linkerd.io/control-plane-ns Exists` match them.
 */
export function injectedLabels(namespace: string, deployment?: string): Labels {
  return {
    'linkerd.io/control-plane-ns': LINKERD_NAMESPACE,
    'linkerd.io/workload-ns': namespace,
    ...(deployment ? { 'linkerd.io/proxy-deployment': deployment } : {}),
  };
}

/** Whether Linkerd injects a pod: its own `linkerd.io/inject` annotation, else its namespace's (features/proxy-injection). */
export function isMeshed(podAnnotations: Labels, namespaceAnnotations: Labels): boolean {
  const value = podAnnotations[INJECT] ?? namespaceAnnotations[INJECT];
  return value === 'enabled' || value === 'ingress';
}

interface Container {
  readonly name?: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: string }[];
  readonly env?: readonly { readonly name: string }[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
}
interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: number | string };
}
interface Volume {
  readonly configMap?: { readonly name: string };
  readonly projected?: { readonly sources?: readonly { readonly serviceAccountToken?: { readonly audience?: string }; readonly configMap?: { readonly name: string } }[] };
}
interface PodTemplate {
  readonly metadata?: { readonly labels?: Labels; readonly annotations?: Labels };
  readonly spec?: {
    readonly serviceAccountName?: string;
    readonly automountServiceAccountToken?: boolean;
    readonly containers?: readonly Container[];
    readonly initContainers?: readonly Container[];
    readonly volumes?: readonly Volume[];
  };
}

/** Each pod template an object carries, with the name of the workload that runs it. */
function templatesOf(object: KubeObject): { readonly workload: string; readonly template: PodTemplate; readonly deployment?: string }[] {
  const spec = (object as { spec?: Record<string, unknown> }).spec ?? {};
  const where = `${object.metadata.namespace}/${object.metadata.name}`;
  switch (object.kind) {
    case 'Deployment':
      return [{ workload: `Deployment ${where}`, template: spec.template as PodTemplate, deployment: object.metadata.name }];
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [{ workload: `${object.kind} ${where}`, template: spec.template as PodTemplate }];
    case 'CronJob':
      return [{ workload: `CronJob ${where}`, template: (spec.jobTemplate as { spec: { template: PodTemplate } }).spec.template }];
    case 'JobSet':
      return ((spec.replicatedJobs ?? []) as { name: string; template: { spec: { template: PodTemplate } } }[])
        .map((job) => ({ workload: `JobSet ${where} (${job.name})`, template: job.template.spec.template }));
    case 'ScaledJob':
      return [{ workload: `ScaledJob ${where}`, template: (spec.jobTargetRef as { template: PodTemplate }).template }];
    default:
      return [];
  }
}

const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'JobSet', 'ScaledJob'];

/** The pods a cluster folder runs, one per pod template, as policy sees them (labels, identity, mesh, ports, probes). */
export function podsOf(objects: ClusterObjects, all: readonly KubeObject[]): PodEndpoint[] {
  const serviceAccounts = new Map<string, Labels>();
  for (const sa of objects.of('', 'ServiceAccount')) {
    serviceAccounts.set(`${sa.metadata.namespace}/${sa.metadata.name}`, ((sa.metadata as { annotations?: Labels }).annotations) ?? {});
  }
  // In name order, so the flows (and FLOWS.md) do not depend on the order of the folder's files.
  const workloads = all.filter((o) => POD_TEMPLATE_KINDS.includes(o.kind)).map((object) => ({ object, key: `${object.metadata.namespace}/${object.metadata.name}` }))
    .sort((a, b) => textOrder(a.key, b.key)).map((w) => w.object);
  return workloads.flatMap((object) => templatesOf(object).map(({ workload, template, deployment }) => {
    const namespace = object.metadata.namespace ?? 'default';
    const annotations = template.metadata?.annotations ?? {};
    const meshed = isMeshed(annotations, objects.namespaceAnnotations(namespace));
    const containers = [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])];
    const ports: PodPort[] = containers.flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: (p.protocol ?? 'TCP') as Protocol })));
    const portNumber = (port: number | string): number | undefined => (typeof port === 'number' ? port : ports.find((p) => p.name === port)?.port);
    const probes = containers.flatMap((c) => [c.startupProbe, c.readinessProbe, c.livenessProbe])
      .flatMap((probe) => {
        const port = probe?.httpGet ? portNumber(probe.httpGet.port) : undefined;
        return probe?.httpGet && port !== undefined ? [{ port, path: probe.httpGet.path ?? '/' }] : [];
      });
    const serviceAccount = template.spec?.serviceAccountName ?? 'default';
    const volumes = template.spec?.volumes ?? [];
    return {
      kind: 'pod' as const,
      name: workload,
      namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...(meshed ? injectedLabels(namespace, deployment) : {}) },
      annotations,
      serviceAccount,
      meshed,
      ports,
      probes: unique(probes),
      callsApiServer: template.spec?.automountServiceAccountToken === true,
      identity: {
        serviceAccountAnnotations: serviceAccounts.get(`${namespace}/${serviceAccount}`) ?? {},
        projectedTokenAudiences: volumes.flatMap((v) => (v.projected?.sources ?? []).flatMap((s) => (s.serviceAccountToken?.audience ? [s.serviceAccountToken.audience] : []))),
        configMaps: volumes.flatMap((v) => [...(v.configMap ? [v.configMap.name] : []), ...(v.projected?.sources ?? []).flatMap((s) => (s.configMap ? [s.configMap.name] : []))]),
        env: [...new Set(containers.flatMap((c) => (c.env ?? []).map((e) => e.name)))],
      },
    };
  }));
}

function unique(probes: { port: number; path: string }[]): { port: number; path: string }[] {
  const seen = new Set<string>();
  return probes.filter((p) => {
    const key = `${p.port} ${p.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
