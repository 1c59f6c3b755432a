/** Shapes shared by the GKE constructs and the environment config. */
import { NodeTaint, TaintEffect } from '../../contract/node-pools';

/** GKE release channels (google_container_cluster.release_channel.channel). */
export type GkeReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';

/** Kubernetes taint effects, in kubectl spelling; the constructs translate to the API enum (NO_SCHEDULE, ...). */
export type GkeTaintEffect = TaintEffect;

export type GkeTaint = NodeTaint;

/** Networks allowed to reach the control plane's endpoint. */
export interface GkeAuthorizedNetwork {
  readonly cidrBlock: string;
  readonly displayName: string;
}

/**
 * The VPC the cluster lives in. By default the library creates a VPC and a subnet with two secondary
 * ranges (pods, services) and Private Google Access; give `existing` to bring your own.
 * Every range here is fixed at cluster creation (ForceNew), so size them for the largest cluster you expect.
 */
export interface GkeNetworkSpec {
  /**
   * Primary range of the node subnet; each node takes one address from it.
   * Required when the library creates the network; with `existing`, give it to have sizes checked.
   */
  readonly nodeSubnetCidr?: string;
  /**
   * Secondary range for pods. Each node reserves a block of twice its max pods, rounded up to a power of
   * two (110 pods -> /24), so this bounds the node count (GKE "Configure maximum Pods per node").
   */
  readonly podCidr?: string;
  /** Secondary range for ClusterIP Services. */
  readonly serviceCidr?: string;
  /**
   * /28 for the control plane's private endpoint, disjoint from every other range. Setting it (always: this default)
   * makes a VPC-peering private cluster, whose control-plane range the node firewall and network policies name; its
   * private endpoint cannot be switched later without a new cluster (terraform-google-kubernetes-engine#1919).
   * @default '172.16.0.0/28'
   */
  readonly masterIpv4CidrBlock?: string;
  /**
   * Create a Cloud Router + Cloud NAT so private nodes can pull images from registries outside Google
   * (Linkerd from cr.l5d.io, for example). Ignored with `existing`.
   * @default true
   */
  readonly cloudNat?: boolean;
  /** Bring an existing VPC-native subnet instead of creating one. */
  readonly existing?: GkeExistingNetwork;
}

export interface GkeExistingNetwork {
  /** VPC self link or `projects/<p>/global/networks/<name>`. */
  readonly network: string;
  /** Subnet self link or `projects/<p>/regions/<r>/subnetworks/<name>`. */
  readonly subnetwork: string;
  /** Name of the subnet's secondary range for pods. */
  readonly podRangeName: string;
  /** Name of the subnet's secondary range for Services. */
  readonly serviceRangeName: string;
}

/** How the control plane is reached. */
export interface GkeControlPlaneAccess {
  /**
   * Serve the API only on the private endpoint inside the VPC (safer-cluster's default).
   * @default true when production, false otherwise
   */
  readonly privateEndpoint?: boolean;
  /**
   * CIDRs allowed to reach the endpoint. Required (non-empty) when the endpoint is public; `0.0.0.0/0` is refused.
   * @default []
   */
  readonly authorizedNetworks?: readonly GkeAuthorizedNetwork[];
  /**
   * Let callers outside the VPC use the DNS-based endpoint (`allow_external_traffic`); every call is still
   * authenticated and authorized by IAM (`container.clusters.connect`). This is how CI and the Azure ML deployer
   * reach a private-endpoint cluster without a bastion. The name resolves from any network that reaches Google
   * APIs and authorized networks do not apply to it, so production also needs `dnsEndpointPerimeter`.
   * @default false
   */
  readonly dnsEndpoint?: boolean;
  /**
   * The VPC Service Controls perimeter (`accessPolicies/<n>/servicePerimeters/<name>`) that stands in for a network
   * boundary around the DNS endpoint; the cluster's project is added to it. The perimeter must restrict
   * `container.googleapis.com` and `kubernetesmetadata.googleapis.com`, and admit CI and the Azure ML deployer through
   * its access levels or ingress rules (docs/gke.md). Required with `dnsEndpoint` in production.
   * @default none
   */
  readonly dnsEndpointPerimeter?: string;
  /**
   * Let clients in other regions of the VPC reach the private endpoint.
   * @default false
   */
  readonly globalAccess?: boolean;
}

/** A recurring window in which GKE may upgrade or repair (maintenance_policy.recurring_window). */
export interface GkeMaintenanceWindow {
  /** RFC 3339 start of the first window, e.g. 2025-01-04T02:00:00Z. Only its time of day and weekday matter. */
  readonly startTime: string;
  /** RFC 3339 end of the first window. */
  readonly endTime: string;
  /** RFC 5545 rule; the library accepts `FREQ=DAILY` or `FREQ=WEEKLY;BYDAY=SA,SU` shapes. */
  readonly recurrence: string;
}

export type GkeMaintenanceExclusionScope = 'NO_UPGRADES' | 'NO_MINOR_UPGRADES' | 'NO_MINOR_OR_NODE_UPGRADES';

/** A period in which GKE must not upgrade (maintenance_policy.maintenance_exclusion). */
export interface GkeMaintenanceExclusion {
  readonly name: string;
  /** RFC 3339. */
  readonly startTime: string;
  /** RFC 3339. */
  readonly endTime: string;
  /** @default 'NO_UPGRADES' */
  readonly scope?: GkeMaintenanceExclusionScope;
}

export interface GkeMaintenanceSpec {
  /**
   * @default Saturdays and Sundays 02:00-08:00 UTC
   */
  readonly window?: GkeMaintenanceWindow;
  /** @default [] */
  readonly exclusions?: readonly GkeMaintenanceExclusion[];
}

/** GPU driver install mode of guest_accelerator.gpu_driver_installation_config. */
export type GkeGpuDriverVersion = 'DEFAULT' | 'LATEST' | 'INSTALLATION_DISABLED';

export interface GkeGpuSpec {
  /** Accelerator type, e.g. nvidia-l4, nvidia-tesla-t4, nvidia-h100-80gb. */
  readonly acceleratorType: string;
  /** GPUs per node, at least 1. */
  readonly count: number;
  /**
   * Let GKE install the NVIDIA driver (signed, so it loads under Secure Boot).
   * `INSTALLATION_DISABLED` means you install it yourself (GPU operator).
   * @default 'DEFAULT'
   */
  readonly driverVersion?: GkeGpuDriverVersion;
}

/** Surge upgrade: add `maxSurge` nodes, then drain old ones `maxUnavailable` at a time. */
export interface GkeSurgeUpgrade {
  readonly strategy: 'SURGE';
  /** @default 1 */
  readonly maxSurge?: number;
  /** @default 0 */
  readonly maxUnavailable?: number;
}

/** Blue-green upgrade: a full second set of nodes, drained in batches, old set kept for the soak time. */
export interface GkeBlueGreenUpgrade {
  readonly strategy: 'BLUE_GREEN';
  /**
   * Share of blue nodes drained per batch, in (0, 1].
   * @default 0.25
   */
  readonly batchPercentage?: number;
  /**
   * Wait between batches, as a duration like "300s".
   * @default '300s'
   */
  readonly batchSoakDuration?: string;
  /**
   * How long the old (blue) pool is kept after the last batch, for rollback, like "3600s".
   * @default '3600s'
   */
  readonly nodePoolSoakDuration?: string;
}

export type GkeUpgradeStrategy = GkeSurgeUpgrade | GkeBlueGreenUpgrade;

export interface GkeNodePoolSpec {
  /** Pool name: 1-40 lowercase letters, digits or "-", starting with a letter. Changing it replaces the pool. */
  readonly name: string;
  /** Machine type, e.g. e2-standard-4, g2-standard-8. */
  readonly machineType: string;
  /**
   * Autoscaler lower bound, counted across all node locations of the pool (total_min_node_count),
   * so capacity planning and cost reason about the whole pool, not per zone. 0 lets GPU and spot pools scale to zero.
   */
  readonly minNodes: number;
  /** Autoscaler upper bound across all node locations (total_max_node_count). */
  readonly maxNodes: number;
  /** Zones of the cluster's region the pool spans. @default the cluster's zones */
  readonly nodeLocations?: readonly string[];
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] (GPU and spot pools get their taints added) */
  readonly taints?: readonly GkeTaint[];
  /** @default false */
  readonly spot?: boolean;
  /**
   * Taint spot nodes `cloud.google.com/gke-spot=true:NoSchedule` so only workloads that tolerate eviction land there.
   * @default true
   */
  readonly spotTaint?: boolean;
  /** Attach GPUs to every node. */
  readonly gpu?: GkeGpuSpec;
  /** @default 110 (GKE default); fixed at creation */
  readonly maxPodsPerNode?: number;
  /** @default 100 */
  readonly diskSizeGb?: number;
  /** @default 'pd-balanced' */
  readonly diskType?: string;
  /** @default { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 } */
  readonly upgrade?: GkeUpgradeStrategy;
}

export type GkeSecurityPostureTier = 'BASIC' | 'ENTERPRISE';

/** The cluster as an environment describes it; GkeClusterProps adds where it lives. */
export interface GkeClusterSpec {
  /** Cluster name: 1-40 lowercase letters, digits or "-". Changing it replaces the cluster. */
  readonly name: string;
  readonly network: GkeNetworkSpec;
  /** @default private nodes; private endpoint when production, otherwise a public endpoint limited to `authorizedNetworks` */
  readonly controlPlane?: GkeControlPlaneAccess;
  /** @default 'REGULAR' */
  readonly releaseChannel?: GkeReleaseChannel;
  /** @default weekend nights (GKE_DEFAULT_MAINTENANCE_WINDOW), no exclusions */
  readonly maintenance?: GkeMaintenanceSpec;
  /**
   * Node pools, managed as separate resources; the default pool is removed. At least one must take
   * ordinary pods (not spot, no NoSchedule/NoExecute taint) for kube-system and the mesh control plane.
   */
  readonly nodePools: readonly GkeNodePoolSpec[];
  /**
   * Cloud KMS key for application-layer Secrets encryption (database_encryption), in the cluster's region.
   * Required when production.
   * @default none: Secrets are encrypted only by Google's default at-rest encryption
   */
  readonly secretsEncryptionKey?: string;
  /**
   * Enforce the project's Binary Authorization policy on every pod.
   * @default true when production, false otherwise
   */
  readonly binaryAuthorization?: boolean;
  /**
   * Security posture: configuration auditing on the posture dashboard. Workload vulnerability scanning stays off in
   * every tier: GKE retired it (standard tier removed 2025-07-31, Advanced Vulnerability Insights 2026-06-16); scan
   * images with Artifact Analysis instead.
   * @default 'BASIC'
   */
  readonly securityPosture?: GkeSecurityPostureTier;
  /**
   * Run Dataplane V2's Hubble relay next to its flow metrics (monitoring_config.advanced_datapath_observability_config).
   * @default true
   */
  readonly dataplaneObservabilityRelay?: boolean;
  /**
   * Refuse `terraform destroy` of the cluster; node pools also get `prevent_destroy` when production.
   * Turning it off takes an explicit `false`, applied before the destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** @default '<first 24 characters of the cluster name>-nodes' */
  readonly nodeServiceAccountId?: string;
  /**
   * Projects whose Artifact Registry repositories nodes pull images from (roles/artifactregistry.reader on each).
   * @default [the cluster's project]
   */
  readonly registryProjects?: readonly string[];
  /** GCP resource labels on the cluster. @default {} */
  readonly resourceLabels?: Readonly<Record<string, string>>;
}

export interface GkeClusterProps extends GkeClusterSpec {
  /** Project that holds the cluster and its network. */
  readonly project: string;
  /** Region (regional cluster, required when production) or zone (zonal cluster). */
  readonly location: string;
  /**
   * Stricter defaults and rules: regional control plane, Secrets encrypted with a KMS key, private endpoint,
   * Binary Authorization, no RAPID channel, node pools protected from replacement.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Project number, for granting the GKE service agent (service-<number>@container-engine-robot) use of
   * `secretsEncryptionKey`. Leave it out when the key's IAM is managed elsewhere.
   * @default no grant
   */
  readonly projectNumber?: string;
}
