import { Construct } from 'constructs';
import { Issues } from '../core/validation';
import { KubernetesCluster, ResourceGroup, Subnet, VirtualNetwork } from '../internal/azurerm';
import { aksNetworkRules, aksNodePoolRules } from './aks-cluster-rules';
import { AksNodePool } from './aks-node-pool';
import { AksNetworkSpec, AksNodePoolSpec } from './aks-types';

export interface AksSystemPoolSpec {
  /** @default 'system' */
  readonly name?: string;
  /** @default 'Standard_D4ds_v5' */
  readonly vmSize?: string;
  /** @default 2 */
  readonly minCount?: number;
  /** @default 3 */
  readonly maxCount?: number;
}

/** The cluster as an environment describes it; the construct adds where it lives. */
export interface AksClusterSpec {
  /** Cluster name (also the DNS prefix). */
  readonly name: string;
  /** @default the AKS default version for the region */
  readonly kubernetesVersion?: string;
  readonly network: AksNetworkSpec;
  /** @default a Standard_D4ds_v5 pool of 2-3 nodes that runs critical add-ons only */
  readonly systemPool?: AksSystemPoolSpec;
  /** @default [] */
  readonly userPools?: readonly AksNodePoolSpec[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AksClusterProps extends AksClusterSpec {
  /** Azure region, for example westeurope. */
  readonly location: string;
  /** Resource group that holds the cluster and its network. */
  readonly resourceGroupName: string;
  /**
   * Create the resource group. Set false to use one that exists.
   * @default true
   */
  readonly createResourceGroup?: boolean;
}

/** Checks every AKS cluster input, all problems in one pass. */
export function aksClusterRules(props: AksClusterSpec, issues: Issues): void {
  aksNetworkRules(props.network, issues.at('network'));
  const dataPlane = props.network.networkDataPlane ?? 'cilium';
  (props.userPools ?? []).forEach((pool, i) => aksNodePoolRules(pool, issues.at('userPools').at(i), dataPlane));
  const names = [props.systemPool?.name ?? 'system', ...(props.userPools ?? []).map((p) => p.name)];
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) issues.add(i === 0 ? 'systemPool.name' : `userPools[${i - 1}].name`, name, 'node pool names must be unique in a cluster');
  });
}

/**
 * An AKS cluster on Azure CNI Overlay powered by Cilium, with OIDC issuer and workload identity on,
 * a System pool for critical add-ons and autoscaled User pools.
 */
export class AksCluster extends Construct {
  public readonly cluster: KubernetesCluster;
  public readonly resourceGroupName: string;
  public readonly nodeSubnetId: string;
  public readonly userPools: readonly AksNodePool[];

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const issues = new Issues();
    aksClusterRules(props, issues);
    issues.throwIfAny(this.node.path);

    const tags = { ...(props.tags ?? {}) };
    // Referencing the created group's name (not the input string) orders everything after it.
    this.resourceGroupName = props.createResourceGroup ?? true
      ? new ResourceGroup(this, 'resource-group', { name: props.resourceGroupName, location: props.location, tags }).name
      : props.resourceGroupName;
    this.nodeSubnetId = props.network.existingSubnetId ?? this.createNetwork(props, tags);

    const system = props.systemPool ?? {};
    const network = props.network;
    this.cluster = new KubernetesCluster(this, 'cluster', {
      name: props.name,
      location: props.location,
      resourceGroupName: this.resourceGroupName,
      dnsPrefix: props.name,
      kubernetesVersion: props.kubernetesVersion,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      identity: { type: 'SystemAssigned' },
      defaultNodePool: {
        name: system.name ?? 'system',
        vmSize: system.vmSize ?? 'Standard_D4ds_v5',
        autoScalingEnabled: true,
        minCount: system.minCount ?? 2,
        maxCount: system.maxCount ?? 3,
        onlyCriticalAddonsEnabled: true,
        osSku: 'AzureLinux',
        vnetSubnetId: this.nodeSubnetId,
        zones: ['1', '2', '3'],
        temporaryNameForRotation: `${(system.name ?? 'system').slice(0, 8)}tmp`,
        upgradeSettings: { maxSurge: '33%' },
      },
      networkProfile: {
        networkPlugin: network.networkPlugin ?? 'azure',
        networkPluginMode: network.networkPluginMode ?? 'overlay',
        networkDataPlane: network.networkDataPlane ?? 'cilium',
        networkPolicy: network.networkPolicy ?? 'cilium',
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        dnsServiceIp: network.dnsServiceIp,
        loadBalancerSku: 'standard',
      },
      tags,
      lifecycle: { ignoreChanges: ['default_node_pool[0].node_count'] },
    });

    this.userPools = (props.userPools ?? []).map(
      (pool) => new AksNodePool(this, `pool-${pool.name}`, { ...pool, clusterId: this.cluster.id, subnetId: this.nodeSubnetId }),
    );
  }

  /** The cluster's OIDC issuer URL, known after apply. */
  public get oidcIssuerUrl(): string {
    return this.cluster.oidcIssuerUrl;
  }

  private createNetwork(props: AksClusterProps, tags: Record<string, string>): string {
    const vnet = new VirtualNetwork(this, 'vnet', {
      name: `${props.name}-vnet`,
      location: props.location,
      resourceGroupName: this.resourceGroupName,
      addressSpace: [props.network.vnetCidr ?? '10.240.0.0/16'],
      tags,
    });
    const subnet = new Subnet(this, 'nodes', {
      name: 'nodes',
      resourceGroupName: this.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefixes: [props.network.nodeSubnetCidr ?? '10.240.0.0/22'],
    });
    return subnet.id;
  }
}
