import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { ContainerNodePool } from '../internal/google';
import { GKE_DEFAULT_MAX_PODS_PER_NODE, gkeNodePoolRules } from './gke-node-pool-rules';
import { apiTaintEffect, effectiveTaints } from './gke-node-taints';
import { GkeNodePoolSpec, GkeUpgradeStrategy } from './gke-types';

/** Zones GKE gives a regional cluster when none are named; used only to split the initial size per zone. */
const DEFAULT_ZONE_COUNT = 3;

/** Scope for node VMs. IAM roles on the node service account are what limit access (GKE hardening guide). */
export const GKE_NODE_OAUTH_SCOPES: readonly string[] = ['https://www.googleapis.com/auth/cloud-platform'];

export interface GkeNodePoolProps extends GkeNodePoolSpec {
  readonly project: string;
  /** `id` of the cluster (projects/<p>/locations/<l>/clusters/<name>). */
  readonly clusterId: string;
  /** Cluster location (region or zone). */
  readonly location: string;
  /** Region of the cluster, to check node locations; leave out when unknown. */
  readonly region?: string;
  /** Email of the dedicated node service account. */
  readonly serviceAccountEmail: string;
  /**
   * Refuse to destroy or replace the pool (Terraform prevent_destroy). Removing the pool from the config
   * still deletes it, which is the rotation path: add the new pool, drain, then remove the old one.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Resources that must exist before the pool's nodes boot (the node service account's role grants).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A GKE node pool: autoscaled across zones, shielded (Secure Boot and integrity monitoring), running as a
 * dedicated service account behind the GKE metadata server, with GPU and spot taints added as needed.
 */
export class GkeNodePool extends Construct {
  public readonly pool: ContainerNodePool;
  /** The pool's name, for other layers (node selectors, outputs). */
  public readonly poolName: string;

  constructor(scope: Construct, id: string, props: GkeNodePoolProps) {
    super(scope, id);
    const issues = new Issues();
    gkeNodePoolRules(props, issues, props.region);
    issues.throwIfAny(this.node.path);

    const zoneCount = props.nodeLocations?.length ?? DEFAULT_ZONE_COUNT;
    this.pool = new ContainerNodePool(this, 'pool', {
      project: props.project,
      cluster: props.clusterId,
      location: props.location,
      name: props.name,
      nodeLocations: props.nodeLocations ? [...props.nodeLocations] : undefined,
      // Per zone, and ForceNew: the autoscaler owns the size afterwards, so later changes are ignored.
      initialNodeCount: Math.ceil(props.minNodes / zoneCount),
      autoscaling: {
        totalMinNodeCount: props.minNodes,
        totalMaxNodeCount: props.maxNodes,
        // Spot capacity comes and goes per zone; ANY takes it wherever it is (GKE Spot VMs doc).
        locationPolicy: props.spot ? 'ANY' : 'BALANCED',
      },
      maxPodsPerNode: props.maxPodsPerNode ?? GKE_DEFAULT_MAX_PODS_PER_NODE,
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: upgradeSettings(props.upgrade ?? { strategy: 'SURGE' }),
      nodeConfig: {
        machineType: props.machineType,
        diskSizeGb: props.diskSizeGb ?? 100,
        diskType: props.diskType ?? 'pd-balanced',
        imageType: 'COS_CONTAINERD',
        labels: { ...(props.labels ?? {}) },
        taint: effectiveTaints(props).map((t) => ({ key: t.key, value: t.value, effect: apiTaintEffect(t.effect) })),
        spot: props.spot ?? false,
        serviceAccount: props.serviceAccountEmail,
        // ForceNew fields get literal values: a computed or merged value here recreates pools on every
        // apply (terraform-google-kubernetes-engine #1171, #189).
        oauthScopes: [...GKE_NODE_OAUTH_SCOPES],
        metadata: { 'disable-legacy-endpoints': 'true' },
        guestAccelerator: props.gpu
          ? [{
            type: props.gpu.acceleratorType,
            count: props.gpu.count,
            gpuDriverInstallationConfig: { gpuDriverVersion: props.gpu.driverVersion ?? 'DEFAULT' },
          }]
          : undefined,
        // Pods see the GKE metadata server, which serves workload identity and hides the node identity.
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        // The read-only kubelet port (10255) serves pod data without authentication (GKE hardening guide).
        kubeletConfig: { insecureKubeletReadonlyPortEnabled: 'FALSE' },
      },
      lifecycle: { ignoreChanges: ['initial_node_count'], preventDestroy: props.preventDestroy ?? false },
      dependsOn: props.dependsOn && props.dependsOn.length > 0 ? [...props.dependsOn] : undefined,
    });
    this.poolName = this.pool.name;
  }
}

function upgradeSettings(upgrade: GkeUpgradeStrategy) {
  if (upgrade.strategy === 'SURGE') {
    return { strategy: 'SURGE', maxSurge: upgrade.maxSurge ?? 1, maxUnavailable: upgrade.maxUnavailable ?? 0 };
  }
  return {
    strategy: 'BLUE_GREEN',
    blueGreenSettings: {
      nodePoolSoakDuration: upgrade.nodePoolSoakDuration ?? '3600s',
      standardRolloutPolicy: { batchPercentage: upgrade.batchPercentage ?? 0.25, batchSoakDuration: upgrade.batchSoakDuration ?? '300s' },
    },
  };
}
