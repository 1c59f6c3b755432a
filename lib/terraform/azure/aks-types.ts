import { NodeTaint, TaintEffect } from '../../contract/node-pools';
/** Shapes shared by the AKS constructs and the environment config. */

export type AksNetworkPlugin = 'azure' | 'kubenet' | 'none';
export type AksNetworkPluginMode = 'overlay';
export type AksNetworkDataPlane = 'cilium' | 'azure';
export type AksNetworkPolicy = 'cilium' | 'azure' | 'calico';
export type AksOsType = 'Linux' | 'Windows';
/** `os_sku` values of azurerm 4.55 for Linux pools. */
export type AksOsSku = 'AzureLinux' | 'AzureLinux3' | 'Ubuntu' | 'Ubuntu2204';
/** `network_profile.outbound_type` (azurerm 4.55); `none` needs a bootstrap artifact cache and is not offered. */
export type AksOutboundType = 'loadBalancer' | 'managedNATGateway' | 'userAssignedNATGateway' | 'userDefinedRouting';

/**
 * Advanced Container Networking Services (a paid add-on), `network_profile.advanced_networking`.
 * Needs the Cilium dataplane and the azure plugin (azurerm 4.55 CustomizeDiff).
 */
export interface AksAdvancedNetworkingSpec {
  /**
   * Hubble flow logs and network metrics.
   * @default false
   */
  readonly observability?: boolean;
  /**
   * FQDN filtering and L7 policies in CiliumNetworkPolicy. The Kubernetes side reads
   * `AksCluster.advancedNetworkSecurity` to decide whether it may emit FQDN/L7 rules.
   * @default false
   */
  readonly security?: boolean;
}

/** How the API server is reached. Exactly one of the two ways is expected in production. */
export interface AksApiServerAccessSpec {
  /**
   * Public endpoint restricted to these CIDRs (the machines that run Terraform and the admins' networks).
   * @default [] (no restriction; refused in production unless `privateCluster` is set)
   */
  readonly authorizedIpRanges?: readonly string[];
  /**
   * Private endpoint only. Changing it later replaces the cluster (ForceNew).
   * @default false
   */
  readonly privateCluster?: boolean;
  /**
   * Private DNS zone for a private cluster: `System`, `None` or a zone resource ID. ForceNew.
   * @default 'System' when `privateCluster` is on
   */
  readonly privateDnsZoneId?: string;
}

export interface AksNetworkSpec {
  /**
   * Address space of the VNet the library creates. Ignored when `existingSubnetId` is given.
   * @default '10.240.0.0/16'
   */
  readonly vnetCidr?: string;
  /**
   * Node subnet inside `vnetCidr`. Must hold every node at max scale plus the upgrade surge.
   * @default '10.240.0.0/22'
   */
  readonly nodeSubnetCidr?: string;
  /** Bring an existing node subnet (its resource ID) instead of creating a VNet. */
  readonly existingSubnetId?: string;
  /**
   * Size of the existing subnet as a CIDR, so the node-capacity check can still run.
   * @default unchecked
   */
  readonly existingSubnetCidr?: string;
  /** Overlay pod CIDR. Each node takes a /24 from it (AKS overlay), so size it for max nodes. ForceNew. */
  readonly podCidr: string;
  /** ClusterIP range; smaller than /12 and disjoint from every other range (AKS overlay rules). ForceNew. */
  readonly serviceCidr: string;
  /** kube-dns ClusterIP, inside `serviceCidr` and not its first address. ForceNew. */
  readonly dnsServiceIp: string;
  /** @default 'azure' — Azure CNI; the only plugin the Cilium dataplane accepts. ForceNew. */
  readonly networkPlugin?: AksNetworkPlugin;
  /** @default 'overlay' — pod IPs from `podCidr`, not from the VNet. */
  readonly networkPluginMode?: AksNetworkPluginMode;
  /** @default 'cilium' — eBPF dataplane; changing it later replaces the cluster. */
  readonly networkDataPlane?: AksNetworkDataPlane;
  /** @default 'cilium' — the policy engine of the Cilium dataplane. Changing it replaces the cluster. */
  readonly networkPolicy?: AksNetworkPolicy;
  /** @default 'loadBalancer' */
  readonly outboundType?: AksOutboundType;
  /** @default public endpoint with no IP restriction (refused in production) */
  readonly apiServer?: AksApiServerAccessSpec;
  /** @default ACNS off */
  readonly advancedNetworking?: AksAdvancedNetworkingSpec;
}

export type AksTaintEffect = TaintEffect;

export type AksTaint = NodeTaint;

/** `upgrade_settings` of a pool. Defaults follow the research's drain-aware surge. */
export interface AksUpgradeSettingsSpec {
  /**
   * Extra nodes during an upgrade, a count ("1") or a percentage ("33%").
   * @default '33%' for CPU pools, '1' for GPU pools (GPU quota is scarce)
   */
  readonly maxSurge?: string;
  /**
   * Minutes AKS waits for a node to drain (PodDisruptionBudgets honoured) before it gives up.
   * @default 30
   */
  readonly drainTimeoutMinutes?: number;
  /**
   * Minutes to wait after draining a node before upgrading the next (AKS allows 0-30).
   * @default 0
   */
  readonly nodeSoakMinutes?: number;
}

/** A spot pool: cheaper, evictable capacity. Every field here forces the pool to be replaced. */
export interface AksSpotSpec {
  /** @default 'Delete' — deallocated spot VMs still count against quota */
  readonly evictionPolicy?: 'Delete' | 'Deallocate';
  /**
   * Highest price per hour in USD, or -1 to pay up to the on-demand price and never be evicted for price.
   * @default -1
   */
  readonly maxPrice?: number;
}

/** GPU settings of a pool. Required for N-series sizes; refused on other sizes. */
export interface AksGpuSpec {
  /**
   * `Install` lets AKS install the NVIDIA driver; `None` leaves it to the GPU Operator. ForceNew.
   * The NVIDIA device plugin is not part of AKS in either case.
   * @default 'Install'
   */
  readonly driver?: 'Install' | 'None';
  /** MIG profile for A100/H100 (`MIG1g` ... `MIG7g`). ForceNew. @default no MIG */
  readonly migProfile?: 'MIG1g' | 'MIG2g' | 'MIG3g' | 'MIG4g' | 'MIG7g';
  /**
   * Add the platform GPU taint (`AKS_GPU_TAINT`), so only pods that tolerate it land here.
   * Turn off only for pools that another scheduler owns (Azure ML pools carry the amlarc taints instead).
   * @default true
   */
  readonly taint?: boolean;
}

/** Marks a pool that is being rotated out: cordoned by a taint and free to scale to zero. */
export interface AksRetiringSpec {
  /** The pool that takes its workloads; it must exist in the same cluster and not be retiring itself. */
  readonly replacedBy: string;
}

export interface AksNodePoolSpec {
  /** Pool name: lowercase letters and digits, starts with a letter, at most 12 characters (Linux). ForceNew. */
  readonly name: string;
  /** VM size, for example Standard_D4ds_v5 or Standard_NC24ads_A100_v4. */
  readonly vmSize: string;
  /** Autoscaler lower bound; GPU and spot pools may use 0. Give it with `maxCount`, or give `nodeCount`. */
  readonly minCount?: number;
  /** Autoscaler upper bound. */
  readonly maxCount?: number;
  /**
   * A fixed pool size with the autoscaler off (Azure ML training pools need this).
   * @default autoscaled between minCount and maxCount
   */
  readonly nodeCount?: number;
  /** @default ['1', '2', '3'] */
  readonly zones?: readonly string[];
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly taints?: readonly AksTaint[];
  /** @default 'AzureLinux', or 'Ubuntu' for A100/H100 sizes, which Azure Linux cannot run */
  readonly osSku?: AksOsSku;
  /** @default 'Linux' — the Cilium dataplane runs Linux pools only. */
  readonly osType?: AksOsType;
  /** @default 110 (10-250 on overlay) */
  readonly maxPods?: number;
  /** @default see AksUpgradeSettingsSpec */
  readonly upgrade?: AksUpgradeSettingsSpec;
  /** @default regular (on-demand) priority */
  readonly spot?: AksSpotSpec;
  /** @default not a GPU pool */
  readonly gpu?: AksGpuSpec;
  /** @default not retiring */
  readonly retiring?: AksRetiringSpec;
}

export interface AksSystemPoolSpec {
  /** @default 'system' */
  readonly name?: string;
  /** @default 'Standard_D4ds_v5' */
  readonly vmSize?: string;
  /** @default 2, or 3 in production (one per zone) */
  readonly minCount?: number;
  /** @default 3, or 5 in production */
  readonly maxCount?: number;
  /** @default ['1', '2', '3'] */
  readonly zones?: readonly string[];
  /** @default 110 */
  readonly maxPods?: number;
}

export type AksWeekday = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';

/**
 * A planned-maintenance window (`maintenance_window_auto_upgrade` / `maintenance_window_node_os`).
 * Shapes follow the AKS maintenanceConfigurations API: 4-24 hours long, HH:mm start, ±HH:mm offset.
 */
export interface AksMaintenanceWindowSpec {
  /** @default 'Weekly' */
  readonly frequency?: 'Daily' | 'Weekly' | 'AbsoluteMonthly' | 'RelativeMonthly';
  /** Every N days (1-7), weeks (1-4) or months (1-6). @default 1 */
  readonly interval?: number;
  /** Hours, 4-24. @default 4 */
  readonly durationHours?: number;
  /** For Weekly and RelativeMonthly. @default 'Sunday' */
  readonly dayOfWeek?: AksWeekday;
  /** For AbsoluteMonthly, 1-31. */
  readonly dayOfMonth?: number;
  /** For RelativeMonthly. */
  readonly weekIndex?: 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';
  /** `HH:mm`. @default '02:00' */
  readonly startTime?: string;
  /** `+HH:mm` or `-HH:mm`. @default '+00:00' */
  readonly utcOffset?: string;
}

export type AksUpgradeChannel = 'patch' | 'stable' | 'rapid' | 'node-image' | 'none';
export type AksNodeOsUpgradeChannel = 'NodeImage' | 'SecurityPatch' | 'Unmanaged' | 'None';

export interface AksUpgradesSpec {
  /**
   * Kubernetes version auto-upgrade channel. `none` turns auto-upgrade off.
   * @default 'patch' — CVE fixes without surprise minor bumps
   */
  readonly channel?: AksUpgradeChannel;
  /** @default 'NodeImage' */
  readonly nodeOsChannel?: AksNodeOsUpgradeChannel;
  /** @default Sunday 02:00 UTC, 4 hours, weekly */
  readonly window?: AksMaintenanceWindowSpec;
  /** @default Saturday 02:00 UTC, 4 hours, weekly */
  readonly nodeOsWindow?: AksMaintenanceWindowSpec;
}

export interface AksIdentitySpec {
  /**
   * Entra ID groups that get cluster-admin through Azure RBAC. Object IDs (GUIDs).
   * @default [] — grant access with Azure role assignments instead
   */
  readonly adminGroupObjectIds?: readonly string[];
  /** @default the tenant of the azurerm provider */
  readonly tenantId?: string;
}

export interface AksSecuritySpec {
  /**
   * Encrypt temp disks and caches on the VM host (needs the `EncryptionAtHost` subscription feature).
   * @default true
   */
  readonly hostEncryption?: boolean;
  /** Key Vault Secrets Store CSI driver with rotation. @default true */
  readonly keyVaultSecretsProvider?: boolean;
  /** Rotation poll interval, a Go duration. @default '2m' (the AKS default) */
  readonly secretRotationInterval?: string;
  /** Image cleaner removes unused, vulnerable images. @default true */
  readonly imageCleaner?: boolean;
  /** Hours between image-cleaner runs, 24-2160. @default 168 (weekly) */
  readonly imageCleanerIntervalHours?: number;
  /** Azure Policy add-on (Gatekeeper). @default on in production */
  readonly azurePolicy?: boolean;
  /** Microsoft Defender for Containers (needs Container Insights' workspace). @default on in production */
  readonly defender?: boolean;
}

/**
 * Which API server audit log AKS sends: `kube-audit-admin` leaves out get and list (azure-aks-docs monitor-aks.md
 * recommends it to keep cost down); `kube-audit` records every request, reads included.
 */
export type AksAuditLogCategory = 'kube-audit-admin' | 'kube-audit';

export interface AksMonitoringSpec {
  /**
   * Container Insights (`oms_agent` with managed-identity auth).
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Use this Log Analytics workspace (resource ID) instead of creating one.
   * @default a workspace `<cluster>-logs` in the cluster's resource group
   */
  readonly logAnalyticsWorkspaceId?: string;
  /** Retention of the created workspace, 30-730 days. @default 30, or 90 in production */
  readonly retentionDays?: number;
  /**
   * Managed Prometheus metrics add-on (`monitor_metrics`); its ama-metrics pods serve the `azmonitoring.coreos.com`
   * PodMonitor CRDs. The Azure Monitor workspace and data collection rules are the observability layer's job. In an
   * environment the platform builds both, the add-on and that pipeline, unless this is false.
   * @default on in production (AksCluster alone); on (an environment's `azure.cluster`)
   */
  readonly managedPrometheus?: boolean;
  /**
   * The API server audit log sent to the Log Analytics workspace (with `guard`, the Entra authorization log), through
   * a diagnostic setting. `kube-audit-admin` leaves out reads; `kube-audit` keeps them. Production refuses `false`:
   * without it nobody can tell who changed what in the cluster.
   * @default 'kube-audit-admin' in production, false otherwise
   */
  readonly auditLogs?: AksAuditLogCategory | false;
}
