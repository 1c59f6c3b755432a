import { AksIdentitySpec, AksMonitoringSpec, AksNetworkSpec, AksNodePoolSpec, AksSecuritySpec, AksSystemPoolSpec, AksUpgradesSpec } from './aks-types';

/** The cluster as an environment describes it; the construct adds where it lives and whether it is production. */
export interface AksClusterSpec {
  /** Cluster name: 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit. ForceNew. */
  readonly name: string;
  /**
   * DNS prefix of the API server FQDN: 1-54 letters, digits or "-", starting with a letter. ForceNew.
   * @default the cluster name
   */
  readonly dnsPrefix?: string;
  /**
   * `major.minor` (for example 1.33); the upgrade channel applies patches. A patch version is accepted only
   * with the `none` channel, because a pinned patch fights the channel on every plan.
   * @default the AKS default version for the region
   */
  readonly kubernetesVersion?: string;
  readonly network: AksNetworkSpec;
  /** @default a Standard_D4ds_v5 pool of 2-3 nodes (3-5 in production) that runs critical add-ons only */
  readonly systemPool?: AksSystemPoolSpec;
  /** @default [] */
  readonly userPools?: readonly AksNodePoolSpec[];
  /**
   * Control-plane tier. Standard carries the uptime SLA and enables cost analysis.
   * @default 'Standard' in production, 'Free' otherwise
   */
  readonly tier?: 'Free' | 'Standard' | 'Premium';
  /** Entra ID integration; Azure RBAC is always on and local accounts always off. @default no admin groups */
  readonly identity?: AksIdentitySpec;
  /** @default see AksSecuritySpec */
  readonly security?: AksSecuritySpec;
  /** @default Container Insights on, managed Prometheus in production (on in an environment) */
  readonly monitoring?: AksMonitoringSpec;
  /** @default patch channel, NodeImage OS channel, weekly windows */
  readonly upgrades?: AksUpgradesSpec;
  /**
   * Terraform `prevent_destroy` on the cluster: a plan that would destroy or replace it fails. Turning it off is
   * explicit: set false, apply, then destroy. No Azure CanNotDelete lock: a lock on the cluster also blocks deleting
   * its child and extension resources ("Cannot delete the resource or its child resources", Azure Resource Manager
   * lock-resources), so pool rotations (`temporary_name_for_rotation`), pool and extension replacements, Trusted
   * Access rebindings and cluster-scoped role assignment removals would all fail.
   * @default true in production, false otherwise
   */
  readonly preventDestroy?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Facts about the environment that change what the rules demand. */
export interface AksRuleContext {
  /** @default false */
  readonly production?: boolean;
}
