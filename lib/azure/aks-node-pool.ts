import { Construct } from 'constructs';
import { Issues } from '../core/validation';
import { KubernetesClusterNodePool } from '../internal/azurerm';
import { aksNodePoolRules } from './aks-cluster-rules';
import { AksNodePoolSpec } from './aks-types';

export interface AksNodePoolProps extends AksNodePoolSpec {
  /** ID of the cluster the pool joins. */
  readonly clusterId: string;
  /** Node subnet; the same as the cluster's default pool. */
  readonly subnetId: string;
}

/**
 * A User node pool on an AKS cluster, autoscaled between minCount and maxCount.
 * The autoscaler owns node_count, so Terraform ignores it after creation.
 */
export class AksNodePool extends Construct {
  public readonly pool: KubernetesClusterNodePool;

  constructor(scope: Construct, id: string, props: AksNodePoolProps) {
    super(scope, id);
    const issues = new Issues();
    aksNodePoolRules(props, issues);
    issues.throwIfAny(this.node.path);

    this.pool = new KubernetesClusterNodePool(this, 'pool', {
      name: props.name,
      kubernetesClusterId: props.clusterId,
      mode: 'User',
      vmSize: props.vmSize,
      autoScalingEnabled: true,
      minCount: props.minCount,
      maxCount: props.maxCount,
      zones: [...(props.zones ?? ['1', '2', '3'])],
      osType: props.osType ?? 'Linux',
      osSku: props.osSku ?? 'AzureLinux',
      maxPods: props.maxPods ?? 110,
      vnetSubnetId: props.subnetId,
      nodeLabels: { ...(props.labels ?? {}) },
      nodeTaints: (props.taints ?? []).map((t) => `${t.key}=${t.value}:${t.effect}`),
      lifecycle: { ignoreChanges: ['node_count'] },
    });
  }
}
