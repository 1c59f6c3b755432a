import { KubernetesClusterDefaultNodePool } from '../internal/azurerm';
import { AksClusterSpec } from './aks-cluster-spec';
import { DEFAULT_CPU_SURGE, DEFAULT_DRAIN_TIMEOUT_MINUTES, DEFAULT_MAX_PODS, DEFAULT_ZONES } from './aks-pool-defaults';
import { temporaryPoolName } from './aks-pool-rotation';

export interface ResolvedSystemPool {
  readonly name: string;
  readonly vmSize: string;
  readonly minCount: number;
  readonly maxCount: number;
  readonly zones: readonly string[];
  readonly maxPods: number;
}

/** The System pool with its defaults: small, zonal, and bigger floor in production (one node per zone). */
export function systemPoolDefaults(spec: AksClusterSpec, production: boolean): ResolvedSystemPool {
  const system = spec.systemPool ?? {};
  return {
    name: system.name ?? 'system',
    vmSize: system.vmSize ?? 'Standard_D4ds_v5',
    minCount: system.minCount ?? (production ? 3 : 2),
    maxCount: system.maxCount ?? (production ? 5 : 3),
    zones: system.zones ?? DEFAULT_ZONES,
    maxPods: system.maxPods ?? DEFAULT_MAX_PODS,
  };
}

/**
 * The `default_node_pool` block. It runs critical add-ons only (`CriticalAddonsOnly=true:NoSchedule`), never
 * GPU or spot: several of its fields replace the whole cluster, and `temporary_name_for_rotation` lets the
 * rotation-only fields (vm_size, zones, max_pods, ...) cycle the pool instead. That cycle does not drain.
 */
export function systemPoolBlock(pool: ResolvedSystemPool, subnetId: string, hostEncryption: boolean): KubernetesClusterDefaultNodePool {
  return {
    name: pool.name,
    vmSize: pool.vmSize,
    autoScalingEnabled: true,
    minCount: pool.minCount,
    maxCount: pool.maxCount,
    onlyCriticalAddonsEnabled: true,
    osSku: 'AzureLinux',
    maxPods: pool.maxPods,
    vnetSubnetId: subnetId,
    zones: [...pool.zones],
    hostEncryptionEnabled: hostEncryption,
    temporaryNameForRotation: temporaryPoolName(pool.name),
    upgradeSettings: { maxSurge: DEFAULT_CPU_SURGE, drainTimeoutInMinutes: DEFAULT_DRAIN_TIMEOUT_MINUTES, nodeSoakDurationInMinutes: 0 },
  };
}
