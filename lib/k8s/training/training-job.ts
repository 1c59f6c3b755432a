import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { JobSet, JobSetSpecReplicatedJobs, JobSetSpecReplicatedJobsTemplateSpecTemplateSpecVolumes, JobSetSpecSuccessPolicyOperator } from '../../../imports/jobset-jobset.x-k8s.io';
import { Issues } from '../../core/validation';
import { DEFAULT_ROLE_RESOURCES, roleSpecs, TRAINING_DATA_ENV, trainingJobRules } from './training-job-rules';
import { ClusterContext } from '../core/cluster-context';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/secure-defaults';
import { Workload, WorkloadPort } from '../core/workload';
import { PROXY_ENABLE_NATIVE_SIDECAR } from '../../contract/linkerd-annotations';
import { allowTraffic } from '../policy/allow-traffic';
import { gpuPlacement } from '../serving/gpu-placement';
import { COMPONENT_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { NO_POD_IDENTITY, PodIdentity } from '../identity/pod-identity';
import { workloadServiceAccount } from '../identity/workload-service-account';
import { COMPLETION_INDEX_ANNOTATION, TASK_INDEX_ENV, tfClusterSpec, tfConfigTemplate, TfRole, TF_ROLES } from './tf-config';
import { jobSetResources, jobSetScratchVolume } from './training-pod';
import { ResourceSpec } from '../../contract/quantities';

/** One TensorFlow role: how many replicas and what each gets. */
export interface TrainingRoleSpec {
  readonly replicas: number;
  /** @default requests 1 CPU / 2Gi, limits 2 CPU / 4Gi, no GPU */
  readonly resources?: ResourceSpec;
  /** GKE accelerator type for GPU replicas. @default any GPU node */
  readonly gpuAccelerator?: string;
}

export interface TrainingJobProps {
  /** JobSet name; also the headless Service (subdomain) that makes replicas resolvable. */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** Training image, pinned. */
  readonly image: string;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  readonly workers: TrainingRoleSpec;
  /** Parameter servers (ParameterServerStrategy). @default none (MultiWorkerMirroredStrategy) */
  readonly parameterServers?: TrainingRoleSpec;
  /** A chief (exactly one replica) that coordinates and writes checkpoints. @default none */
  readonly chief?: TrainingRoleSpec;
  /** TensorFlow gRPC port. @default 2222 (the port TFJob uses) */
  readonly port?: number;
  /** Extra environment for every replica. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** JobSet restarts (all Jobs recreated) before it is failed. @default 3 */
  readonly maxRestarts?: number;
  /** Delete the finished JobSet after this many seconds. @default 86400 */
  readonly ttlSecondsAfterFinished?: number;
  /** @default 20Gi emptyDir at /tmp for checkpoints and datasets */
  readonly scratchSize?: string;
  /** Cloud identity of every role (SA annotations, pod labels/annotations, env, token volumes). @default none */
  readonly identity?: PodIdentity;
  /** A role's own cloud identity, instead of `identity` (the data readers'). @default `identity` */
  readonly roleIdentities?: Partial<Record<TfRole, PodIdentity>>;
  /**
   * Where the job reads its training data: a Cloud Storage location `gs://<bucket>[/<prefix>]`. The platform derives
   * the readers' cloud identity from it (the chief and the workers, read-only on that bucket: lib/config/training-data.ts)
   * and their egress. The containers get it as `TRAINING_DATA_LOCATION`, so args say `--data=$(TRAINING_DATA_LOCATION)`.
   * @default none
   */
  readonly dataLocation?: string;
}

/** A workload identity volume (projected ServiceAccount token or ConfigMap) in the JobSet CRD's generated types. */
function jobSetIdentityVolume(volume: k8s.Volume): JobSetSpecReplicatedJobsTemplateSpecTemplateSpecVolumes {
  if (volume.configMap) return { name: volume.name, configMap: { name: volume.configMap.name } };
  return {
    name: volume.name,
    projected: {
      sources: (volume.projected?.sources ?? []).map((s) => ({
        ...(s.serviceAccountToken ? { serviceAccountToken: { ...s.serviceAccountToken } } : {}),
        ...(s.configMap ? { configMap: { name: s.configMap.name } } : {}),
      })),
    },
  };
}

/** One role of a training job as a mesh workload: its own ServiceAccount (mTLS identity) and pods. */
export class TrainingRole implements Workload {
  public readonly name: string;
  public readonly serviceAccountName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly WorkloadPort[];

  constructor(jobName: string, public readonly namespace: string, public readonly role: TfRole, port: number) {
    this.name = `${jobName}-${role}`;
    this.serviceAccountName = this.name;
    this.selector = { [WORKLOAD_LABEL]: this.name };
    // TensorFlow speaks gRPC between tasks; over pod IPs Linkerd reads the protocol from the Server.
    this.ports = [{ name: 'tf', port, protocol: 'grpc' }];
  }
}

/**
 * Distributed TensorFlow training as a JobSet (jobset.x-k8s.io/v1alpha2): one replicatedJob per role (chief,
 * worker, ps), each an Indexed Job of N pods; JobSet's headless Service gives every replica a stable DNS name, and
 * TF_CONFIG lists them all. Meshed: each role has its own ServiceAccount, so worker <-> ps traffic is mTLS between
 * named identities, allowed role to role through allowTraffic; the proxy runs as a native sidecar so Jobs complete.
 * The JobSet succeeds when the chief (or, without one, every worker) completes; parameter servers never exit on
 * their own and are stopped then.
 */
export class TrainingJob extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** Headless Service JobSet creates; `<pod hostname>.<subdomain>.<namespace>.svc` resolves. */
  public readonly subdomain: string;
  public readonly roles: readonly TrainingRole[];
  /** The `cluster` part of TF_CONFIG. */
  public readonly clusterSpec: Readonly<Record<string, readonly string[]>>;
  public readonly jobSet: JobSet;

  constructor(scope: Construct, id: string, props: TrainingJobProps) {
    super(scope, id);
    const issues = new Issues();
    trainingJobRules(props, issues);
    issues.throwIfAny(this.node.path);
    const cloud = ClusterContext.of(this).cloud;

    this.name = props.name;
    this.namespace = props.namespace ?? 'mlops';
    this.subdomain = props.name;
    const port = props.port ?? 2222;
    const specs = roleSpecs(props);
    const active = TF_ROLES.filter((r) => specs[r] !== undefined);
    this.roles = active.map((r) => new TrainingRole(this.name, this.namespace, r, port));
    this.clusterSpec = tfClusterSpec({
      jobSetName: this.name, namespace: this.namespace, subdomain: this.subdomain, port,
      replicas: Object.fromEntries(active.map((r) => [r, specs[r]!.replicas])),
    });
    const identityOf = (role: TfRole): PodIdentity => props.roleIdentities?.[role] ?? props.identity ?? NO_POD_IDENTITY;

    for (const role of this.roles) {
      workloadServiceAccount(this, `service-account-${role.role}`, { name: role.serviceAccountName, namespace: this.namespace, labels: role.selector, identity: identityOf(role.role) });
    }

    const replicatedJobs: JobSetSpecReplicatedJobs[] = this.roles.map((role) => {
      const identity = identityOf(role.role);
      const spec = specs[role.role]!;
      const resources = spec.resources ?? DEFAULT_ROLE_RESOURCES;
      const gpu = (resources.gpus ?? 0) > 0 ? gpuPlacement(cloud, spec.gpuAccelerator) : undefined;
      return {
        name: role.role,
        replicas: 1,
        template: {
          spec: {
            completionMode: 'Indexed',
            completions: spec.replicas,
            parallelism: spec.replicas,
            // A failed replica fails its Job, and JobSet restarts the whole cluster: TF tasks cannot rejoin alone.
            backoffLimit: 0,
            template: {
              metadata: {
                labels: { ...role.selector, [COMPONENT_LABEL]: 'training', ...identity.podLabels },
                annotations: {
                  // Explicit, so Jobs complete even where the cluster default is not native sidecars
                  // (linkerd.io/2-edge/features/native-sidecars; tasks/graceful-shutdown).
                  [PROXY_ENABLE_NATIVE_SIDECAR]: 'true',
                  ...identity.podAnnotations,
                },
              },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: role.serviceAccountName,
                automountServiceAccountToken: false,
                securityContext: restrictedPodSecurityContext(),
                nodeSelector: gpu?.nodeSelector ? { ...gpu.nodeSelector } : undefined,
                affinity: gpu?.affinity,
                tolerations: gpu ? gpu.tolerations.map((t) => ({ ...t })) : undefined,
                containers: [{
                  name: 'tensorflow',
                  image: props.image,
                  command: props.command ? [...props.command] : undefined,
                  args: props.args ? [...props.args] : undefined,
                  ports: [{ name: 'tf', containerPort: port, protocol: 'TCP' }],
                  env: [
                    { name: TASK_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } },
                    { name: 'TF_CONFIG', value: tfConfigTemplate(this.clusterSpec, role.role) },
                    ...(props.dataLocation !== undefined ? [{ name: TRAINING_DATA_ENV, value: props.dataLocation }] : []),
                    ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
                    ...identity.env.map((e) => ({ name: e.name, value: e.value })),
                  ],
                  resources: jobSetResources(resources),
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }, ...identity.volumeMounts.map((m) => ({ ...m }))],
                }],
                volumes: [jobSetScratchVolume('scratch', props.scratchSize ?? '20Gi'), ...identity.volumes.map(jobSetIdentityVolume)],
              },
            },
          },
        },
      };
    });

    const completionRole = specs.chief ? 'chief' : 'worker';
    this.jobSet = new JobSet(this, 'jobset', {
      metadata: { name: this.name, namespace: this.namespace, labels: { [WORKLOAD_LABEL]: this.name, [COMPONENT_LABEL]: 'training' } },
      spec: {
        network: { enableDnsHostnames: true, subdomain: this.subdomain, publishNotReadyAddresses: true },
        successPolicy: { operator: JobSetSpecSuccessPolicyOperator.ALL, targetReplicatedJobs: [completionRole] },
        failurePolicy: { maxRestarts: props.maxRestarts ?? 3 },
        ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 86400,
        replicatedJobs,
      },
    });

    // Every task may dial every other (chief and workers reach the ps, collectives connect workers to each other).
    for (const source of this.roles) {
      for (const target of this.roles) {
        allowTraffic(this, { source: { kind: 'workload', workload: source }, target, port: 'tf' });
      }
    }
  }
}
