import { Construct } from 'constructs';
import { LogAnalyticsWorkspace } from '../internal/azurerm';

export interface AksLogWorkspaceProps {
  /** Use this workspace (resource ID); nothing is created. */
  readonly existingWorkspaceId?: string;
  /** Name of the workspace to create. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** @default 30 */
  readonly retentionDays?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Log Analytics workspace Container Insights, Defender and the control-plane logs write to: the one given, or a new one.
 * A created workspace refuses shared-key ingestion (`local_authentication_enabled = false`); the AKS
 * monitoring agent authenticates with its managed identity (`msi_auth_for_monitoring_enabled`), so no
 * workspace key exists anywhere in the platform.
 */
export class AksLogWorkspace extends Construct {
  /** Resource ID of the workspace. */
  public readonly workspaceId: string;
  /** The created workspace, when the construct made one. */
  public readonly workspace?: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: AksLogWorkspaceProps) {
    super(scope, id);
    if (props.existingWorkspaceId !== undefined) {
      this.workspaceId = props.existingWorkspaceId;
      return;
    }
    this.workspace = new LogAnalyticsWorkspace(this, 'workspace', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: props.retentionDays ?? 30,
      localAuthenticationEnabled: false,
      tags: { ...(props.tags ?? {}) },
    });
    this.workspaceId = this.workspace.id;
  }
}
