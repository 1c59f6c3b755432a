import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { KubernetesClusterNodePool } from '../internal/azurerm';
import { aksNodePoolRules } from './aks-node-pool-rules';
import { formatTaint, resolveAksPool, ResolvedAksPool } from './aks-pool-defaults';
import { temporaryPoolName } from './aks-pool-rotation';
import { AksNodePoolSpec } from './aks-types';

export interface AksNodePoolProps extends AksNodePoolSpec {
  /** ID of the cluster the pool joins. */
  readonly clusterId: string;
  /** Node subnet; the same as the cluster's default pool. */
  readonly subnetId: string;
  /**
   * Encrypt temp disks and caches on the VM host.
   * @default true
   */
  readonly hostEncryption?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A User node pool on an AKS cluster: autoscaled (or a fixed size), zonal, Azure Linux unless the size needs
 * Ubuntu, with drain-aware upgrades. Spot pools carry the label and taint AKS adds anyway, so plans stay
 * clean; GPU pools get the driver and the platform GPU taint. The autoscaler owns node_count.
 */
export class AksNodePool extends Construct {
  public readonly pool: KubernetesClusterNodePool;
  /** The pool's settings after defaults, for callers that build tolerations or selectors from them. */
  public readonly resolved: ResolvedAksPool;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AksNodePoolProps) {
    super(scope, id);
    const issues = new Issues();
    aksNodePoolRules(props, issues);
    issues.throwIfAny(this.node.path);

    const resolved = resolveAksPool(props);
    this.resolved = resolved;
    this.name = props.name;
    this.pool = new KubernetesClusterNodePool(this, 'pool', {
      name: props.name,
      kubernetesClusterId: props.clusterId,
      mode: 'User',
      vmSize: props.vmSize,
      autoScalingEnabled: resolved.autoscaled,
      minCount: resolved.autoscaled ? resolved.minCount : undefined,
      maxCount: resolved.autoscaled ? resolved.maxCount : undefined,
      nodeCount: resolved.autoscaled ? undefined : resolved.maxCount,
      zones: [...resolved.zones],
      osType: props.osType ?? 'Linux',
      osSku: resolved.osSku,
      maxPods: resolved.maxPods,
      vnetSubnetId: props.subnetId,
      hostEncryptionEnabled: props.hostEncryption ?? true,
      nodeLabels: { ...resolved.labels },
      nodeTaints: resolved.taints.map(formatTaint),
      temporaryNameForRotation: temporaryPoolName(props.name),
      // None on spot pools: AKS refuses max_surge and max_unavailable there ("Spot pools can't set max surge",
      // terraform-provider-azurerm #19355, #26465), and in azurerm 4.55 the block needs exactly one of them; without
      // the block nothing is sent and the empty object the API returns reads back as no block (fixed in 4.65, #31129).
      upgradeSettings: props.spot ? undefined : {
        maxSurge: resolved.maxSurge,
        drainTimeoutInMinutes: resolved.drainTimeoutMinutes,
        nodeSoakDurationInMinutes: resolved.nodeSoakMinutes,
      },
      priority: props.spot ? 'Spot' : 'Regular',
      evictionPolicy: props.spot ? (props.spot.evictionPolicy ?? 'Delete') : undefined,
      spotMaxPrice: props.spot ? (props.spot.maxPrice ?? -1) : undefined,
      gpuDriver: props.gpu ? (props.gpu.driver ?? 'Install') : undefined,
      gpuInstance: props.gpu?.migProfile,
      tags: { ...(props.tags ?? {}) },
      // The autoscaler changes node_count; Terraform must not reset it (azurerm node pool docs).
      lifecycle: resolved.autoscaled ? { ignoreChanges: ['node_count'] } : undefined,
    });
  }
}
