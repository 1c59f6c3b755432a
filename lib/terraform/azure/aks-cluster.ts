import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { HelmProvider } from '../internal/helm';
import { DataAzurermClientConfig, KubernetesCluster, ResourceGroup, RoleAssignment, Subnet, VirtualNetwork } from '../internal/azurerm';
import { TimeProvider, TimeSleep } from '../internal/time';
import { aksClusterRules } from './aks-cluster-rules';
import { AksClusterSpec } from './aks-cluster-spec';
import { AksConnection, AksConnectionOptions, AksConnectionSource } from './aks-connection';
import { DEFAULT_NODE_OS_WINDOW, DEFAULT_UPGRADE_WINDOW, maintenanceWindowBlock } from './aks-maintenance';
import { AksLogWorkspace } from './aks-monitoring';
import { AksContainerInsights, AksControlPlaneLogs } from './aks-log-collection';
import { AksNodePool } from './aks-node-pool';
import { systemPoolBlock, systemPoolDefaults } from './aks-system-pool';

export type { AksClusterSpec } from './aks-cluster-spec';
export { aksClusterRules } from './aks-cluster-rules';

/** The built-in role with every action on every Kubernetes resource (learn.microsoft.com/azure/aks/entra-id-authorization, built-in roles). */
export const AKS_RBAC_CLUSTER_ADMIN = 'Azure Kubernetes Service RBAC Cluster Admin';

/** "New role assignments can take up to five minutes to propagate" (AKS docs, entra-id-authorization prerequisites). */
const ROLE_PROPAGATION = '300s';

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
  /**
   * Production turns on the stricter defaults: Standard tier, prevent_destroy, Azure Policy, Defender,
   * managed Prometheus, a 3-node system floor, and a restricted API server is required.
   * @default false
   */
  readonly production?: boolean;
}

/** The kubelet's managed identity, which pulls images (AcrPull goes to its objectId). */
export interface AksKubeletIdentity {
  readonly objectId: string;
  readonly clientId: string;
}

/**
 * An AKS cluster on Azure CNI Overlay powered by Cilium with Entra-only access: Azure RBAC, local accounts
 * and run command off, OIDC issuer and workload identity on. A small System pool runs critical add-ons;
 * User pools (CPU, GPU, spot) are separate resources. Upgrades are channel-driven inside maintenance windows,
 * Container Insights writes through managed identity, and production clusters refuse plans that destroy them.
 * The identity running Terraform is granted Azure Kubernetes Service RBAC Cluster Admin on the cluster, so the
 * kubelogin-authenticated helm provider may install the add-ons; `clusterAccess` waits for that grant to propagate.
 */
export class AksCluster extends Construct {
  public readonly cluster: KubernetesCluster;
  public readonly clusterName: string;
  public readonly clusterId: string;
  public readonly resourceGroupName: string;
  public readonly location: string;
  public readonly nodeSubnetId: string;
  /** The VNet the construct created (absent with `existingSubnetId`), for private endpoints and DNS links. */
  public readonly virtualNetwork?: VirtualNetwork;
  public readonly userPools: readonly AksNodePool[];
  /** System pool first, then the User pools. */
  public readonly nodePoolNames: readonly string[];
  public readonly oidcIssuerUrl: string;
  public readonly kubeletIdentity: AksKubeletIdentity;
  /** Resource group AKS creates for the nodes (MC_...). */
  public readonly nodeResourceGroup: string;
  /**
   * ACNS security is on: Cilium FQDN and L7 policies work. The Kubernetes side reads this before emitting
   * toFQDNs / L7 rules, which plain AKS Cilium would reject.
   */
  public readonly advancedNetworkSecurity: boolean;
  /** ACNS observability (Hubble flow logs and metrics) is on. */
  public readonly advancedNetworkObservability: boolean;
  /** Workspace Container Insights, Defender and the control-plane audit log write to, when any is on. */
  public readonly logAnalyticsWorkspaceId?: string;
  public readonly production: boolean;
  /**
   * What a resource calling the Kubernetes API through the stack's kubelogin connection waits for: the deployer's
   * cluster role, propagated. Azure RBAC role assignments "can take up to five minutes to propagate"
   * (learn.microsoft.com/azure/aks/entra-id-authorization, prerequisites), and the helm provider does not retry a 403.
   */
  public readonly clusterAccess: ITerraformDependable;
  private connectionSource?: AksConnectionSource;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const production = props.production ?? false;
    const issues = new Issues();
    aksClusterRules(props, issues, { production });
    issues.throwIfAny(this.node.path);

    this.production = production;
    this.location = props.location;
    const tags = { ...(props.tags ?? {}) };
    // Referencing the created group's name (not the input string) orders everything after it.
    this.resourceGroupName = (props.createResourceGroup ?? true)
      ? new ResourceGroup(this, 'resource-group', { name: props.resourceGroupName, location: props.location, tags }).name
      : props.resourceGroupName;
    if (props.network.existingSubnetId !== undefined) {
      this.nodeSubnetId = props.network.existingSubnetId;
    } else {
      const network = this.createNetwork(props, tags);
      this.virtualNetwork = network.vnet;
      this.nodeSubnetId = network.subnetId;
    }

    const security = props.security ?? {};
    const monitoring = props.monitoring ?? {};
    const hostEncryption = security.hostEncryption ?? true;
    const containerInsights = monitoring.containerInsights ?? true;
    const defender = security.defender ?? production;
    const auditLogs = monitoring.auditLogs ?? (production ? 'kube-audit-admin' : false);
    if (containerInsights || defender || auditLogs) {
      this.logAnalyticsWorkspaceId = new AksLogWorkspace(this, 'logs', {
        existingWorkspaceId: monitoring.logAnalyticsWorkspaceId,
        name: `${props.name}-logs`,
        location: props.location,
        resourceGroupName: this.resourceGroupName,
        retentionDays: monitoring.retentionDays ?? (production ? 90 : 30),
        tags,
      }).workspaceId;
    }

    const network = props.network;
    const api = network.apiServer ?? {};
    const acns = network.advancedNetworking;
    this.advancedNetworkSecurity = acns?.security ?? false;
    this.advancedNetworkObservability = acns?.observability ?? false;
    const upgrades = props.upgrades ?? {};
    const channel = upgrades.channel ?? 'patch';
    const system = systemPoolDefaults(props, production);
    const preventDestroy = props.preventDestroy ?? production;

    this.cluster = new KubernetesCluster(this, 'cluster', {
      name: props.name,
      location: props.location,
      resourceGroupName: this.resourceGroupName,
      dnsPrefix: props.dnsPrefix ?? props.name,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: props.tier ?? (production ? 'Standard' : 'Free'),
      // Cost analysis needs the Standard or Premium tier (azurerm 4.55 docs).
      costAnalysisEnabled: (props.tier ?? (production ? 'Standard' : 'Free')) !== 'Free',
      identity: { type: 'SystemAssigned' },

      // Entra-only access: Azure RBAC decides who may do what, there are no static kubeconfig credentials,
      // and `az aks command invoke` cannot bypass the network restrictions.
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.identity?.tenantId,
        adminGroupObjectIds: [...(props.identity?.adminGroupObjectIds ?? [])],
      },
      localAccountDisabled: true,
      runCommandEnabled: false,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,

      azurePolicyEnabled: security.azurePolicy ?? production,
      imageCleanerEnabled: security.imageCleaner ?? true,
      imageCleanerIntervalHours: security.imageCleanerIntervalHours ?? 168,
      keyVaultSecretsProvider: (security.keyVaultSecretsProvider ?? true)
        ? { secretRotationEnabled: true, secretRotationInterval: security.secretRotationInterval ?? '2m' }
        : undefined,
      microsoftDefender: defender && this.logAnalyticsWorkspaceId ? { logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId } : undefined,
      omsAgent: containerInsights && this.logAnalyticsWorkspaceId
        ? { logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true }
        : undefined,
      monitorMetrics: (monitoring.managedPrometheus ?? production) ? {} : undefined,

      automaticUpgradeChannel: channel === 'none' ? undefined : channel,
      nodeOsUpgradeChannel: upgrades.nodeOsChannel ?? 'NodeImage',
      maintenanceWindowAutoUpgrade: channel === 'none' ? undefined : maintenanceWindowBlock(upgrades.window ?? DEFAULT_UPGRADE_WINDOW),
      maintenanceWindowNodeOs: maintenanceWindowBlock(upgrades.nodeOsWindow ?? DEFAULT_NODE_OS_WINDOW),

      defaultNodePool: systemPoolBlock(system, this.nodeSubnetId, hostEncryption),
      // Autoscaler keeps spreading nodes across node groups of the same shape (zonal pools).
      autoScalerProfile: { balanceSimilarNodeGroups: true, expander: 'least-waste' },
      networkProfile: {
        networkPlugin: network.networkPlugin ?? 'azure',
        networkPluginMode: network.networkPluginMode ?? 'overlay',
        networkDataPlane: network.networkDataPlane ?? 'cilium',
        networkPolicy: network.networkPolicy ?? 'cilium',
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        dnsServiceIp: network.dnsServiceIp,
        loadBalancerSku: 'standard',
        outboundType: network.outboundType ?? 'loadBalancer',
        advancedNetworking: acns ? { observabilityEnabled: this.advancedNetworkObservability, securityEnabled: this.advancedNetworkSecurity } : undefined,
      },
      privateClusterEnabled: api.privateCluster ?? false,
      privateDnsZoneId: api.privateCluster ? (api.privateDnsZoneId ?? 'System') : undefined,
      apiServerAccessProfile: (api.authorizedIpRanges ?? []).length > 0 ? { authorizedIpRanges: [...(api.authorizedIpRanges ?? [])] } : undefined,
      tags,
      lifecycle: {
        // The autoscaler owns node_count. kubernetes_version is major.minor, so channel patches cause no drift.
        ignoreChanges: ['default_node_pool[0].node_count'],
        // Terraform refuses any plan that would destroy or replace the cluster; children stay free to change.
        preventDestroy,
      },
    });

    if (auditLogs && this.logAnalyticsWorkspaceId) {
      new AksControlPlaneLogs(this, 'control-plane-logs', { clusterName: props.name, clusterId: this.cluster.id, logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId, audit: auditLogs });
    }
    if (containerInsights && this.logAnalyticsWorkspaceId) {
      new AksContainerInsights(this, 'container-insights', {
        clusterName: props.name,
        clusterId: this.cluster.id,
        location: props.location,
        resourceGroupName: this.resourceGroupName,
        logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
        managedPrometheus: monitoring.managedPrometheus ?? production,
        tags,
      });
    }

    this.userPools = (props.userPools ?? []).map(
      (pool) => new AksNodePool(this, `pool-${pool.name}`, { ...pool, clusterId: this.cluster.id, subnetId: this.nodeSubnetId, hostEncryption, tags }),
    );
    this.clusterName = this.cluster.name;
    this.clusterId = this.cluster.id;
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    this.nodeResourceGroup = this.cluster.nodeResourceGroup;
    this.kubeletIdentity = { objectId: this.cluster.kubeletIdentity.objectId, clientId: this.cluster.kubeletIdentity.clientId };
    this.nodePoolNames = [system.name, ...(props.userPools ?? []).map((p) => p.name)];
    this.clusterAccess = this.grantDeployerAccess();
  }

  /**
   * Local accounts are off and Azure RBAC authorizes every call, so nobody may use the API until granted a role. The
   * identity running Terraform gets "Azure Kubernetes Service RBAC Cluster Admin" on the cluster (the helm releases
   * install CRDs, cluster roles and webhooks); admin groups from `identity.adminGroupObjectIds` get cluster-admin
   * through the cluster's Entra integration. principal_type stays unset: the deployer exists already, so ARM resolves
   * it, and a wrong value fails with UnmatchedPrincipalType on a ForceNew field.
   */
  private grantDeployerAccess(): ITerraformDependable {
    const deployer = new DataAzurermClientConfig(this, 'deployer');
    const grant = new RoleAssignment(this, 'deployer-cluster-admin', {
      scope: this.cluster.id,
      roleDefinitionName: AKS_RBAC_CLUSTER_ADMIN,
      principalId: deployer.objectId,
      description: 'The identity running Terraform: the helm provider installs the cluster add-ons through kubelogin.',
    });
    return new TimeSleep(this, 'cluster-access-propagation', {
      provider: TimeProvider.of(this),
      createDuration: ROLE_PROPAGATION,
      // A recreated assignment propagates again.
      triggers: { assignment: grant.id },
      dependsOn: [grant],
    });
  }

  /**
   * Connection data for the helm and kubernetes providers, read through `data "azurerm_kubernetes_cluster"`
   * (created once, in this construct) and authenticated with kubelogin. Never a Terraform output.
   */
  public connection(options: AksConnectionOptions = {}): AksConnection {
    this.connectionSource ??= new AksConnectionSource(this, 'connection', { clusterName: this.cluster.name, resourceGroupName: this.resourceGroupName });
    return this.connectionSource.connection(options);
  }

  /** A helm provider in this cluster's stack that deploys into the cluster with an Entra token. */
  public createHelmProvider(id: string, options: AksConnectionOptions & { readonly alias?: string } = {}): HelmProvider {
    const { host, clusterCaCertificate, exec } = this.connection(options);
    return new HelmProvider(TerraformStack.of(this), id, { alias: options.alias, kubernetes: { host, clusterCaCertificate, exec } });
  }

  private createNetwork(props: AksClusterProps, tags: Record<string, string>): { vnet: VirtualNetwork; subnetId: string } {
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
    return { vnet, subnetId: subnet.id };
  }
}
