import { azureMlDependencyNames,AzureMlWorkspaceDependencyNames } from '../../../contract/azure-ml/azure-ml-names';
import { azureMlWorkspaceRules } from './azure-ml-workspace-rules';
import { Construct } from 'constructs';
import { Issues } from '../../../core/validation';
import { AzapiResource } from '../../internal/azapi';
import {
ApplicationInsights,ContainerRegistry,KeyVault,LogAnalyticsWorkspace,StorageAccount,StorageAccountNetworkRules,
} from '../../internal/azurerm';
import { AzureMlPrivateAccess, AzureMlPrivateNetwork } from './azure-ml-private-access';

/**
 * API version of the workspace: the one azurerm 4.55 vendors, whose body has `systemDatastoresAuthMode`
 * (Microsoft.MachineLearningServices workspaces, 2025-06-01).
 */
export const AZURE_ML_WORKSPACE_API_VERSION = '2025-06-01';

/** What the compute and the extension need from a workspace, created here or brought by ID. */
export interface AzureMlWorkspaceRef {
  /** Workspace resource ID. */
  readonly workspaceId: string;
  /** Workspace name. */
  readonly workspaceName: string;
  /** Registry Azure ML builds and pulls images from; the compute identity gets AcrPull on it. @default unknown */
  readonly containerRegistryId?: string;
  /** Default storage account; the compute identity gets Storage Blob Data Contributor on it. @default unknown */
  readonly storageAccountId?: string;
}

/** Names of the dependencies; each is global or regional in Azure, so collisions are possible and overridable. */
export interface AzureMlWorkspaceProps {
  /** Workspace name, 3-33 characters. ForceNew. */
  readonly name: string;
  /** Subscription of the resource group (the workspace's ARM parent). */
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Entra tenant of the Key Vault. */
  readonly tenantId: string;
  /**
   * Whether the workspace and its storage, Key Vault and registry accept traffic from the internet (behind Entra
   * authentication). There is no default on purpose, and production refuses `true`. With `false` the library puts
   * private endpoints for all four in `privateNetwork`, with their private DNS zones linked to its VNet, so the
   * cluster reaches them; it never closes them with no way in.
   */
  readonly publicNetworkAccess: boolean;
  /** Where the private endpoints go. Required when `publicNetworkAccess` is false. @default none */
  readonly privateNetwork?: AzureMlPrivateNetwork;
  /**
   * High business impact: less diagnostic data leaves the workspace. ForceNew, so it is decided at creation.
   * @default true
   */
  readonly highBusinessImpact?: boolean;
  /** Zone-redundant storage and 90-day log retention. @default false */
  readonly production?: boolean;
  /** Send Application Insights data to this Log Analytics workspace instead of creating one. @default a new workspace */
  readonly logAnalyticsWorkspaceId?: string;
  /** @default derived from `name` */
  readonly dependencyNames?: AzureMlWorkspaceDependencyNames;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An Azure ML workspace with its dependencies, secure by default:
 * - storage with shared-key access off (Entra only), and the workspace created with its system datastores in
 *   `identity` mode, as Microsoft creates workspaces on shared-key-disabled storage (how-to-disable-local-auth-storage,
 *   "Create a new workspace"); azurerm 4.55 has no such attribute, so the workspace is an `azapi_resource`;
 * - Key Vault with Azure RBAC and purge protection;
 * - workspace-based Application Insights on Log Analytics;
 * - a Premium registry with the admin user and anonymous pull off;
 * - a system-assigned workspace identity (the one private-link "trusted services" accept);
 * - when not public: private endpoints and DNS (`AzureMlPrivateAccess`), the workspace and registry closed to public
 *   networks, storage and Key Vault firewalled to "selected networks" with trusted Azure services allowed and, for
 *   storage, the workspace as a resource instance, the setup of how-to-secure-workspace-vnet.
 *
 * Inputs that force replacement: the storage account, Key Vault, Application Insights and registry, `highBusinessImpact`,
 * and the name. Changing a dependency name here therefore replaces the workspace, and its history with it.
 */
export class AzureMlWorkspace extends Construct implements AzureMlWorkspaceRef {
  /** A workspace that exists already; nothing is created. */
  public static fromId(workspaceId: string, workspaceName: string, dependencies: Omit<AzureMlWorkspaceRef, 'workspaceId' | 'workspaceName'> = {}): AzureMlWorkspaceRef {
    return { workspaceId, workspaceName, ...dependencies };
  }

  public readonly workspace: AzapiResource;
  public readonly workspaceId: string;
  public readonly workspaceName: string;
  public readonly containerRegistryId: string;
  public readonly storageAccountId: string;
  public readonly keyVaultId: string;
  /** Login server of the registry, for example `myws1mlacr.azurecr.io`. */
  public readonly containerRegistryLoginServer: string;
  /** Principal ID of the workspace's system-assigned identity. */
  public readonly principalId: string;
  /** Private endpoints and DNS, when the workspace is not public. */
  public readonly privateAccess?: AzureMlPrivateAccess;

  constructor(scope: Construct, id: string, props: AzureMlWorkspaceProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlWorkspaceRules(props, issues);
    issues.throwIfAny(this.node.path);

    const names = azureMlDependencyNames(props);
    const tags = { ...(props.tags ?? {}) };
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags };
    const isPublic = props.publicNetworkAccess;

    const storage = new StorageAccount(this, 'storage', {
      ...common,
      name: names.storageAccount,
      // Premium storage is not supported as the workspace's default storage (azurerm workspace docs).
      accountTier: 'Standard',
      accountReplicationType: props.production ? 'ZRS' : 'LRS',
      accountKind: 'StorageV2',
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      allowNestedItemsToBePublic: false,
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      crossTenantReplicationEnabled: false,
      // Not public: the firewall below denies by default ("selected networks"); public access stays on so the
      // trusted-service and resource-instance exceptions that Azure ML relies on apply (how-to-secure-workspace-vnet).
      publicNetworkAccessEnabled: true,
    });

    const keyVault = new KeyVault(this, 'key-vault', {
      ...common,
      name: names.keyVault,
      tenantId: props.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      // As storage: "selected networks" with trusted Microsoft services, and the private endpoint for the cluster.
      publicNetworkAccessEnabled: true,
      networkAcls: { defaultAction: isPublic ? 'Allow' : 'Deny', bypass: 'AzureServices' },
    });

    const logAnalyticsId = props.logAnalyticsWorkspaceId ?? new LogAnalyticsWorkspace(this, 'logs', {
      ...common,
      name: names.logAnalytics,
      sku: 'PerGB2018',
      retentionInDays: props.production ? 90 : 30,
    }).id;

    const insights = new ApplicationInsights(this, 'insights', {
      ...common,
      name: names.applicationInsights,
      applicationType: 'web',
      // Classic (non-workspace) Application Insights is retired; workspace-based is the only kind left.
      workspaceId: logAnalyticsId,
    });

    const registry = new ContainerRegistry(this, 'registry', {
      ...common,
      name: names.containerRegistry,
      // Premium is the tier with private endpoints; admin credentials would be a shared secret.
      sku: 'Premium',
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: isPublic,
      networkRuleBypassOption: 'AzureServices',
    });

    this.workspace = new AzapiResource(this, 'workspace', {
      type: `Microsoft.MachineLearningServices/workspaces@${AZURE_ML_WORKSPACE_API_VERSION}`,
      name: props.name,
      parentId: `/subscriptions/${props.subscriptionId}/resourceGroups/${props.resourceGroupName}`,
      location: props.location,
      identity: { type: 'SystemAssigned' },
      body: {
        sku: { name: 'Basic', tier: 'Basic' },
        kind: 'Default',
        properties: {
          storageAccount: storage.id,
          keyVault: keyVault.id,
          applicationInsights: insights.id,
          containerRegistry: registry.id,
          hbiWorkspace: props.highBusinessImpact ?? true,
          publicNetworkAccess: isPublic ? 'Enabled' : 'Disabled',
          v1LegacyMode: false,
          // Shared keys are off on the storage account, so the workspace's own datastores use its identity from the start.
          systemDatastoresAuthMode: 'identity',
        },
      },
      tags,
    });

    if (!isPublic) {
      // A separate resource: inline rules on the account would reference the workspace, which references the account.
      new StorageAccountNetworkRules(this, 'storage-network', {
        storageAccountId: storage.id,
        defaultAction: 'Deny',
        bypass: ['AzureServices'],
        privateLinkAccess: [{ endpointResourceId: this.workspace.id, endpointTenantId: props.tenantId }],
      });
      this.privateAccess = new AzureMlPrivateAccess(this, 'private-access', {
        ...props.privateNetwork!,
        name: props.name,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        workspaceId: this.workspace.id,
        storageAccountId: storage.id,
        keyVaultId: keyVault.id,
        containerRegistryId: registry.id,
        tags,
      });
    }

    this.workspaceId = this.workspace.id;
    this.workspaceName = props.name;
    this.containerRegistryId = registry.id;
    this.containerRegistryLoginServer = registry.loginServer;
    this.storageAccountId = storage.id;
    this.keyVaultId = keyVault.id;
    this.principalId = this.workspace.identityPrincipalId;
  }
}
