import { azureMlDependencyNames,AzureMlWorkspaceDependencyNames } from '../../../contract/azure-ml/azure-ml-names';
import { azureMlWorkspaceRules } from './azure-ml-workspace-rules';
import { Construct } from 'constructs';
import { Issues } from '../../../core/validation';
import { AzapiUpdateResource } from '../../internal/azapi';
import {
ApplicationInsights,ContainerRegistry,KeyVault,LogAnalyticsWorkspace,MachineLearningWorkspace,StorageAccount,
} from '../../internal/azurerm';

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
  readonly location: string;
  readonly resourceGroupName: string;
  /** Entra tenant of the Key Vault. */
  readonly tenantId: string;
  /**
   * Whether the workspace and its storage, Key Vault and registry accept traffic from public networks. There is
   * no default on purpose: `false` needs private endpoints (and DNS) in the cluster's network before Azure ML or
   * the nodes can reach them; `true` leaves them reachable from the internet behind Entra authentication.
   */
  readonly publicNetworkAccess: boolean;
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
 * - storage with shared-key access off (Entra only) and the workspace's system datastores set to identity auth;
 * - Key Vault with Azure RBAC and purge protection;
 * - workspace-based Application Insights on Log Analytics;
 * - a Premium registry with the admin user and anonymous pull off;
 * - a system-assigned workspace identity (the one private-link "trusted services" accept).
 *
 * Inputs that force replacement (azurerm 4.55 `machine_learning_workspace`): the storage account, Key Vault,
 * Application Insights and registry IDs, `highBusinessImpact`, and the name. Changing a dependency name here
 * therefore replaces the workspace, and its history with it.
 */
export class AzureMlWorkspace extends Construct implements AzureMlWorkspaceRef {
  /** A workspace that exists already; nothing is created. */
  public static fromId(workspaceId: string, workspaceName: string, dependencies: Omit<AzureMlWorkspaceRef, 'workspaceId' | 'workspaceName'> = {}): AzureMlWorkspaceRef {
    return { workspaceId, workspaceName, ...dependencies };
  }

  public readonly workspace: MachineLearningWorkspace;
  public readonly workspaceId: string;
  public readonly workspaceName: string;
  public readonly containerRegistryId: string;
  public readonly storageAccountId: string;
  public readonly keyVaultId: string;
  /** Login server of the registry, for example `myws1mlacr.azurecr.io`. */
  public readonly containerRegistryLoginServer: string;
  /** Principal ID of the workspace's system-assigned identity. */
  public readonly principalId: string;

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
      publicNetworkAccessEnabled: isPublic,
    });

    const keyVault = new KeyVault(this, 'key-vault', {
      ...common,
      name: names.keyVault,
      tenantId: props.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: isPublic,
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

    this.workspace = new MachineLearningWorkspace(this, 'workspace', {
      ...common,
      name: props.name,
      applicationInsightsId: insights.id,
      keyVaultId: keyVault.id,
      storageAccountId: storage.id,
      containerRegistryId: registry.id,
      identity: { type: 'SystemAssigned' },
      publicNetworkAccessEnabled: isPublic,
      highBusinessImpact: props.highBusinessImpact ?? true,
      v1LegacyModeEnabled: false,
      skuName: 'Basic',
    });

    // With shared keys off, the workspace's own datastores must authenticate with its identity. azurerm 4.55 does
    // not expose `systemDatastoresAuthMode` (API 2025-06-01), so it is patched with azapi.
    new AzapiUpdateResource(this, 'identity-datastores', {
      type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01',
      resourceId: this.workspace.id,
      body: { properties: { systemDatastoresAuthMode: 'identity' } },
    });

    this.workspaceId = this.workspace.id;
    this.workspaceName = props.name;
    this.containerRegistryId = registry.id;
    this.containerRegistryLoginServer = registry.loginServer;
    this.storageAccountId = storage.id;
    this.keyVaultId = keyVault.id;
    this.principalId = this.workspace.identity.principalId;
  }
}
