import { apiGroup, ClusterOutput, KubeObject, objectRef, outputPath } from '../cluster-output';

/** The scheduling part of a pod template. */
export interface PodPlacement {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: { readonly nodeAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms?: readonly NodeSelectorTerm[] } } };
  readonly tolerations?: readonly { readonly key?: string; readonly operator?: string; readonly value?: string; readonly effect?: string }[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** Pods of one workload that ask for GPUs, and how many can run at once. */
export interface GpuDemand {
  /** `serving.yaml: Deployment.apps mlops/model-server-gpu`. */
  readonly workload: string;
  readonly pods: number;
  readonly gpusPerPod: number;
  /** How `pods` was counted, e.g. `2 replicas + 1 rolling-update surge`. */
  readonly basis: string;
  readonly placement: PodPlacement;
}

interface PodSpec extends PodPlacement {
  readonly containers?: readonly { readonly resources?: { readonly limits?: Readonly<Record<string, unknown>> } }[];
}

interface JobSpec {
  readonly parallelism?: number;
  readonly template?: { readonly spec?: PodSpec };
}

interface Reference {
  readonly kind?: string;
  readonly name?: string;
}

/** The fields of the workload kinds (and of HPAs and Canaries) the demand is read from. */
interface WorkloadSpec extends JobSpec {
  readonly replicas?: number;
  readonly strategy?: { readonly rollingUpdate?: { readonly maxSurge?: number | string } };
  readonly replicatedJobs?: readonly { readonly name: string; readonly replicas?: number; readonly template?: { readonly spec?: JobSpec } }[];
  readonly jobTemplate?: { readonly spec?: JobSpec };
  readonly minReplicas?: number;
  readonly scaleTargetRef?: Reference;
  readonly targetRef?: Reference;
}

function specOf(object: KubeObject): WorkloadSpec {
  return (object as { spec?: WorkloadSpec }).spec ?? {};
}

const GPU = 'nvidia.com/gpu';

/**
 * The GPU pods every workload of the cluster runs at the same time, at their lowest steady state:
 * - a Deployment: its HPA's minReplicas or its replicas; twice that when a Canary targets it (Flagger runs the
 *   primary and the canary side by side during a rollout); plus its rolling update's maxSurge, because with
 *   maxUnavailable 0 an update waits for the extra pod to be scheduled;
 * - a JobSet: every replicated Job's replicas x parallelism (all tasks of a distributed run must run together);
 * - a Job, and a CronJob's run: parallelism.
 */
export function gpuDemands(output: ClusterOutput): GpuDemand[] {
  const objects = output.files.flatMap((f) => f.objects);
  const demands: GpuDemand[] = [];
  for (const file of output.files) {
    for (const object of file.objects) {
      const workload = `${outputPath(file)}: ${objectRef(object)}`;
      const spec = specOf(object);
      const add = (pods: number, basis: string, podSpec: PodSpec | undefined, suffix = ''): void => {
        const gpus = gpusPerPod(podSpec);
        if (gpus > 0 && pods > 0) demands.push({ workload: `${workload}${suffix}`, pods, gpusPerPod: gpus, basis, placement: podSpec ?? {} });
      };
      const kind = `${object.kind}.${apiGroup(object)}`;
      if (kind === 'Deployment.apps') {
        const hpa = targetOf(objects, object, 'HorizontalPodAutoscaler', 'autoscaling', 'scaleTargetRef');
        const baseline = hpa ? (specOf(hpa).minReplicas ?? 1) : (spec.replicas ?? 1);
        const canary = targetOf(objects, object, 'Canary', 'flagger.app', 'targetRef') !== undefined;
        const surge = surgePods(spec.strategy?.rollingUpdate?.maxSurge, baseline);
        const basis = [`${baseline} ${hpa ? 'minReplicas' : 'replicas'}`, canary ? `x 2 (primary and canary during a rollout)` : '', surge > 0 ? `+ ${surge} rolling-update surge` : ''].filter(Boolean).join(' ');
        add(baseline * (canary ? 2 : 1) + surge, basis, spec.template?.spec);
      } else if (kind === 'JobSet.jobset.x-k8s.io') {
        for (const job of spec.replicatedJobs ?? []) {
          const pods = (job.replicas ?? 1) * (job.template?.spec?.parallelism ?? 1);
          add(pods, `${pods} tasks, all running together`, job.template?.spec?.template?.spec, ` (${job.name})`);
        }
      } else if (kind === 'Job.batch') {
        add(spec.parallelism ?? 1, 'parallelism', spec.template?.spec);
      } else if (kind === 'CronJob.batch') {
        add(spec.jobTemplate?.spec?.parallelism ?? 1, 'one run at a time', spec.jobTemplate?.spec?.template?.spec);
      }
    }
  }
  return demands;
}

function gpusPerPod(spec: PodSpec | undefined): number {
  return (spec?.containers ?? []).reduce((sum, c) => sum + Number(c.resources?.limits?.[GPU] ?? 0), 0);
}

function targetOf(objects: readonly KubeObject[], deployment: KubeObject, kind: string, group: string, refField: 'scaleTargetRef' | 'targetRef'): KubeObject | undefined {
  return objects.find((o) => o.kind === kind && apiGroup(o) === group && o.metadata.namespace === deployment.metadata.namespace
    && specOf(o)[refField]?.kind === 'Deployment' && specOf(o)[refField]?.name === deployment.metadata.name);
}

/** Extra pods a rolling update adds: a count, or a percentage of the replicas rounded up; Kubernetes defaults to 25 %. */
function surgePods(maxSurge: number | string | undefined, replicas: number): number {
  const value = maxSurge ?? '25%';
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  return percent ? Math.ceil((replicas * Number(percent[1])) / 100) : Number(value) || 0;
}
