import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ClusterContext } from '../core/cluster-context';
import { toResourceRequirements } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { WorkloadPort } from '../core/workload';
import { AutoscalingSpec } from './autoscaling';
import { WorkloadAutoscaler } from './workload-autoscaler';
import { baselineReplicas } from './disruption-rules';
import { gpuPlacement } from './gpu-placement';
import { DEFAULT_PRESTOP_SLEEP_SECONDS, DEFAULT_TERMINATION_GRACE_SECONDS, GracefulShutdownSpec } from './graceful-shutdown';
import { HttpProbeSpec, WorkloadProbes } from './probes';
import { NO_POD_IDENTITY, PodIdentity } from '../identity/pod-identity';
import { ResourceSpec } from '../../contract/quantities';

/** A writable directory for a read-only container. */
export interface ScratchDirSpec {
  readonly name: string;
  readonly mountPath: string;
  /** emptyDir size limit, a memory quantity such as '1Gi'. */
  readonly sizeLimit: string;
}

export interface MeshWorkloadDeploymentProps {
  /** Deployment name. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The Deployment's `spec.selector.matchLabels`; each must also be in `podLabels`. */
  readonly selector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Labels whose pods are spread together across zones and nodes, and counted by the disruption budget. */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Pinned image (validated by the owning construct). */
  readonly image: string;
  readonly ports: readonly WorkloadPort[];
  /** @default none */
  readonly env?: readonly k8s.EnvVar[];
  readonly resources: ResourceSpec;
  readonly probes: WorkloadProbes;
  /** Ignored when `autoscaling` is set: the HPA owns the replica count. */
  readonly replicas: number;
  /** @default fixed `replicas` */
  readonly autoscaling?: AutoscalingSpec;
  /**
   * PodDisruptionBudget minAvailable, below the (minimum) replica count.
   * @default replicas - 1; no budget for a single replica, which would block every node drain
   */
  readonly minAvailable?: number;
  /** @default a 1Gi /tmp */
  readonly scratchDirs?: readonly ScratchDirSpec[];
  /** @default 10 s preStop sleep, 60 s grace */
  readonly shutdown?: GracefulShutdownSpec;
  /** GKE accelerator type for GPU pods (`resources.gpus` > 0). @default any GPU node */
  readonly gpuAccelerator?: string;
  /** @default no cloud identity */
  readonly identity?: PodIdentity;
  /** Container name. @default 'server' */
  readonly containerName?: string;
}

/**
 * One hardened, meshed Deployment and what keeps it available: restricted Pod Security, read-only root with
 * emptyDirs, requests and limits, httpGet probes, graceful shutdown, spread across zones and nodes,
 * a PodDisruptionBudget and optionally an HPA. ModelServer, FeatureStore and ApiGateway are built from it.
 */
export class MeshWorkloadDeployment extends Construct {
  public readonly deploymentName: string;
  public readonly deployment: ApiObject;
  public readonly autoscaler?: WorkloadAutoscaler;
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: MeshWorkloadDeploymentProps) {
    super(scope, id);
    const cluster = ClusterContext.of(this);
    this.deploymentName = props.name;
    const defaultPort = props.ports[0].name;
    const scratch = (props.scratchDirs ?? [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '1Gi' }]).map((d) => scratchDir(d.name, d.mountPath, d.sizeLimit));
    const identity = props.identity ?? NO_POD_IDENTITY;
    const gpu = (props.resources.gpus ?? 0) > 0 ? gpuPlacement(cluster.cloud, props.gpuAccelerator) : undefined;
    const shutdownSleep = props.shutdown?.preStopSleepSeconds ?? DEFAULT_PRESTOP_SLEEP_SECONDS;
    const labels = { ...props.podLabels };

    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      topologyKey,
      maxSkew: 1,
      // ScheduleAnyway: a zone short of (GPU) capacity must not block scaling; the scheduler still prefers balance.
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...props.groupLabels } },
      // Spread each rollout revision on its own, so a new ReplicaSet is balanced too.
      matchLabelKeys: ['pod-template-hash'],
    });

    const deploymentProps: k8s.KubeDeploymentProps = {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        replicas: props.autoscaling ? undefined : props.replicas,
        selector: { matchLabels: { ...props.selector } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels: { ...labels, ...identity.podLabels }, annotations: Object.keys(identity.podAnnotations).length > 0 ? { ...identity.podAnnotations } : undefined },
          spec: {
            serviceAccountName: props.serviceAccountName,
            // Workload identity projects its own token; nothing in these pods calls the Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(),
            terminationGracePeriodSeconds: props.shutdown?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS,
            topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
            nodeSelector: gpu?.nodeSelector ? { ...gpu.nodeSelector } : undefined,
            affinity: gpu?.affinity,
            tolerations: gpu ? [...gpu.tolerations] : undefined,
            containers: [{
              name: props.containerName ?? 'server',
              image: props.image,
              ports: props.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
              env: [...(props.env ?? []), ...identity.env],
              startupProbe: props.probes.startup ? toProbe(props.probes.startup, defaultPort) : undefined,
              readinessProbe: toProbe(props.probes.readiness, defaultPort),
              livenessProbe: toProbe(props.probes.liveness, defaultPort),
              resources: toResourceRequirements(props.resources),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [...scratch.map((s) => s.mount), ...identity.volumeMounts],
            }],
            volumes: [...scratch.map((s) => s.volume), ...identity.volumes],
          },
        },
      },
    };
    // The preStop `sleep` action (KEP-3960, on by default since Kubernetes 1.30; Linkerd 2.20 needs >= 1.31) needs no
    // shell in the image, unlike `exec: sleep`. cdk8s-plus-28's 1.28 types predate it, and the typed KubeDeployment
    // re-serializes through them after patches (dropping the field), so the typed props are rendered once here and
    // the one field is patched onto the rendered object.
    this.deployment = new ApiObject(this, 'deployment', { ...k8s.KubeDeployment.GVK, ...k8s.toJson_KubeDeploymentProps(deploymentProps) });
    this.deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/lifecycle', { preStop: { sleep: { seconds: shutdownSleep } } }),
    );

    if (props.autoscaling) {
      this.autoscaler = new WorkloadAutoscaler(this, 'autoscaler', { namespace: props.namespace, deploymentName: props.name, labels, spec: props.autoscaling });
    }

    const baseline = baselineReplicas(props.replicas, props.autoscaling);
    const minAvailable = props.minAvailable ?? baseline - 1;
    if (minAvailable >= 1) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name: props.name, namespace: props.namespace, labels },
        spec: { minAvailable: k8s.IntOrString.fromNumber(minAvailable), selector: { matchLabels: { ...props.groupLabels } } },
      });
    }
  }
}

/** The container probe of a probe spec: an httpGet on the named port (the workload's first port by default). */
function toProbe(probe: HttpProbeSpec, defaultPort: string): k8s.Probe {
  return {
    httpGet: { path: probe.path, port: k8s.IntOrString.fromString(probe.port ?? defaultPort) },
    periodSeconds: probe.periodSeconds ?? 10,
    failureThreshold: probe.failureThreshold ?? 3,
    timeoutSeconds: probe.timeoutSeconds ?? 2,
  };
}
