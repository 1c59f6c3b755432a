import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { PodIdentity } from '../identity/pod-identity';
import { PROXY_ENABLE_NATIVE_SIDECAR } from '../../contract/linkerd-annotations';
import { GpuPlacement, gpuPlacement } from '../serving/gpu-placement';
import { toResourceRequirements } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from './secure-defaults';
import { ResourceSpec } from '../../contract/quantities';
import { RETRAINING_DEFAULTS } from './retraining-run-rules';

/** A finished batch Job (and its pods' logs) is kept one day for inspection, then the TTL controller deletes it. */
export const BATCH_TTL_SECONDS_AFTER_FINISHED = 86400;

/** The one container of a batch pod. */
export interface BatchContainer {
  readonly name: string;
  /** Pinned image. */
  readonly image: string;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  /** The container's own variables; the identity's follow them. */
  readonly env: readonly k8s.EnvVar[];
  readonly resources: ResourceSpec;
}

/** What a batch pod takes from its workload (a PortlessWorkload). */
export interface BatchPodWorkload {
  /** The workload's labels; the identity's pod labels are added. */
  readonly labels: Readonly<Record<string, string>>;
  /** The workload's ServiceAccount, its mesh identity. */
  readonly serviceAccountName: string;
  readonly identity: PodIdentity;
}

export interface BatchPodTemplateOptions extends BatchPodWorkload {
  readonly container: BatchContainer;
  /** Size limit of the writable scratch `/tmp` (an emptyDir: the root filesystem is read-only). */
  readonly scratchSizeLimit: string;
  /** Scheduling on GPU nodes. @default none */
  readonly gpu?: GpuPlacement;
}

/**
 * The pod template batchPodTemplate builds, typed by the fields it sets only, so that it fits both a core Job's
 * `k8s.PodTemplateSpec` and a CRD's generated template type (KEDA's ScaledJob `jobTargetRef.template`).
 */
export interface BatchPodTemplate {
  readonly metadata: Pick<k8s.ObjectMeta, 'labels' | 'annotations'>;
  readonly spec: Pick<k8s.PodSpec, 'restartPolicy' | 'serviceAccountName' | 'automountServiceAccountToken' | 'securityContext' | 'nodeSelector' | 'affinity' | 'tolerations' | 'volumes'> & {
    readonly containers: Pick<k8s.Container, 'name' | 'image' | 'command' | 'args' | 'env' | 'resources' | 'securityContext' | 'volumeMounts'>[];
  };
}

/**
 * The pod of a platform batch Job: runs once (`restartPolicy: Never`), restricted pod and container security
 * contexts with a read-only root and a scratch `/tmp`, no API token, the cloud identity's labels, annotations,
 * volumes, mounts and env, and meshed with the proxy as a native sidecar, so the Job completes when the
 * container exits.
 */
export function batchPodTemplate(options: BatchPodTemplateOptions): BatchPodTemplate {
  const { labels, identity, container, gpu } = options;
  const tmp = scratchDir('tmp', '/tmp', options.scratchSizeLimit);
  return {
    metadata: { labels: { ...labels, ...identity.podLabels }, annotations: { [PROXY_ENABLE_NATIVE_SIDECAR]: 'true', ...identity.podAnnotations } },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: options.serviceAccountName,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      nodeSelector: gpu?.nodeSelector ? { ...gpu.nodeSelector } : undefined,
      affinity: gpu?.affinity,
      tolerations: gpu ? [...gpu.tolerations] : undefined,
      containers: [{
        name: container.name,
        image: container.image,
        command: container.command ? [...container.command] : undefined,
        args: container.args ? [...container.args] : undefined,
        env: [...container.env, ...identity.env],
        resources: toResourceRequirements(container.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [tmp.mount, ...identity.volumeMounts],
      }],
      volumes: [tmp.volume, ...identity.volumes],
    },
  };
}

/** The props of a retraining run, shared by RetrainingScheduleProps and DriftScaledJobProps. */
export interface RetrainingRunProps {
  /** Retraining image, pinned: retrains on fresh features, evaluates and publishes the model. */
  readonly image: string;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  /** @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default requests 1 CPU / 2Gi, limits 2 CPU / 8Gi (RETRAINING_DEFAULTS.resources) */
  readonly resources?: ResourceSpec;
  /** GKE accelerator type when `resources.gpus` > 0. @default any GPU node */
  readonly gpuAccelerator?: string;
  /** A run that takes longer is stopped. @default 21600 (6 h) */
  readonly activeDeadlineSeconds?: number;
  /** Pod retries of one run. @default 1 */
  readonly backoffLimit?: number;
}

/** The pod of a retraining run, on GPU nodes when it requests GPUs: the same for the scheduled and the drift-triggered run. */
export function retrainingPodTemplate(workload: BatchPodWorkload, cloud: 'azure' | 'gcp', props: RetrainingRunProps): BatchPodTemplate {
  const resources = props.resources ?? RETRAINING_DEFAULTS.resources;
  return batchPodTemplate({
    ...workload,
    scratchSizeLimit: RETRAINING_DEFAULTS.scratchSizeLimit,
    gpu: (resources.gpus ?? 0) > 0 ? gpuPlacement(cloud, props.gpuAccelerator) : undefined,
    container: {
      name: 'retrain',
      image: props.image,
      command: props.command,
      args: props.args,
      env: Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
      resources,
    },
  });
}
