/** Shapes shared by the AKS constructs and the environment config. */

export type AksNetworkPlugin = 'azure' | 'kubenet' | 'none';
export type AksNetworkPluginMode = 'overlay';
export type AksNetworkDataPlane = 'cilium' | 'azure';
export type AksNetworkPolicy = 'cilium' | 'azure' | 'calico';
export type AksOsType = 'Linux' | 'Windows';
export type AksOsSku = 'AzureLinux' | 'Ubuntu';

export interface AksNetworkSpec {
  /**
   * Address space of the VNet the library creates. Ignored when `existingSubnetId` is given.
   * @default '10.240.0.0/16'
   */
  readonly vnetCidr?: string;
  /**
   * Node subnet inside `vnetCidr`.
   * @default '10.240.0.0/22'
   */
  readonly nodeSubnetCidr?: string;
  /** Bring an existing node subnet instead of creating a VNet. */
  readonly existingSubnetId?: string;
  /** Overlay pod CIDR. Each node takes a /24 from it (AKS overlay), so size it for max nodes. */
  readonly podCidr: string;
  /** ClusterIP range; smaller than /12 and disjoint from every other range (AKS overlay rules). */
  readonly serviceCidr: string;
  /** kube-dns ClusterIP, inside `serviceCidr` and not its first address. */
  readonly dnsServiceIp: string;
  /**
   * @default 'azure' — Azure CNI; the only plugin the Cilium dataplane accepts.
   */
  readonly networkPlugin?: AksNetworkPlugin;
  /**
   * @default 'overlay' — pod IPs from `podCidr`, not from the VNet.
   */
  readonly networkPluginMode?: AksNetworkPluginMode;
  /**
   * @default 'cilium' — eBPF dataplane; changing it later replaces the cluster.
   */
  readonly networkDataPlane?: AksNetworkDataPlane;
  /**
   * @default 'cilium' — the policy engine of the Cilium dataplane.
   */
  readonly networkPolicy?: AksNetworkPolicy;
}

export interface AksTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface AksNodePoolSpec {
  /** Pool name: lowercase letters and digits, starts with a letter, at most 12 characters (Linux). */
  readonly name: string;
  /** VM size, for example Standard_D4ds_v5. */
  readonly vmSize: string;
  /** Autoscaler lower bound. */
  readonly minCount: number;
  /** Autoscaler upper bound. */
  readonly maxCount: number;
  /** @default ['1', '2', '3'] */
  readonly zones?: readonly string[];
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly taints?: readonly AksTaint[];
  /** @default 'AzureLinux' */
  readonly osSku?: AksOsSku;
  /** @default 'Linux' — the Cilium dataplane runs Linux pools only. */
  readonly osType?: AksOsType;
  /** @default 110 */
  readonly maxPods?: number;
}
