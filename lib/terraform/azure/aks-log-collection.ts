import { Construct } from 'constructs';
import { AksAuditLogCategory } from './aks-types';
import { MonitorDataCollectionRule, MonitorDataCollectionRuleAssociation, MonitorDiagnosticSetting } from '../internal/azurerm';

export interface AksControlPlaneLogsProps {
  /** Cluster name; names the diagnostic setting. */
  readonly clusterName: string;
  readonly clusterId: string;
  readonly logAnalyticsWorkspaceId: string;
  readonly audit: AksAuditLogCategory;
}

/**
 * The AKS control plane's resource logs in Log Analytics. "Resource logs aren't collected and stored until you
 * create a diagnostic setting" (azure-aks-docs monitor-aks.md); PCI guidance asks for `kube-audit` or
 * `kube-audit-admin` and `guard` (pci-monitor.md). Also sent: the autoscaler and controller manager, whose logs
 * explain node and replica changes. Resource-specific tables (`Dedicated`: AKSAudit, AKSAuditAdmin,
 * AKSControlPlane), as monitor-aks.md recommends. azurerm 4.x names the block `enabled_log` (no `log` block).
 */
export class AksControlPlaneLogs extends Construct {
  public readonly setting: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: AksControlPlaneLogsProps) {
    super(scope, id);
    this.setting = new MonitorDiagnosticSetting(this, 'setting', {
      name: `${props.clusterName}-control-plane`,
      targetResourceId: props.clusterId,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: [props.audit, 'guard', 'cluster-autoscaler', 'kube-controller-manager'].map((category) => ({ category })),
    });
  }
}

export interface AksContainerInsightsProps {
  readonly clusterName: string;
  readonly clusterId: string;
  /** Region of the Log Analytics workspace; the rule lives there. */
  readonly location: string;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Managed Prometheus collects the metrics, so Container Insights keeps to logs and events (AVM's choice); without
   * it the default stream group, metrics included.
   */
  readonly managedPrometheus: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const DESTINATION = 'ciworkspace';

/**
 * The data collection rule and association Container Insights needs to collect anything. `oms_agent` with
 * `msi_auth_for_monitoring_enabled` alone installs the agent but collects nothing (terraform-provider-azurerm
 * #23510); Microsoft's own Terraform (microsoft/Docker-Provider scripts/onboarding/aks/onboarding-msi-terraform)
 * creates this rule, named `MSCI-<region>-<cluster>`, with the `ContainerInsights` extension data source and an
 * association named `ContainerInsightsExtension`.
 */
export class AksContainerInsights extends Construct {
  public readonly rule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: AksContainerInsightsProps) {
    super(scope, id);
    const streams = props.managedPrometheus
      ? ['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory']
      : ['Microsoft-ContainerInsights-Group-Default'];
    this.rule = new MonitorDataCollectionRule(this, 'rule', {
      // Data collection rule names are at most 64 characters.
      name: `MSCI-${props.location}-${props.clusterName}`.slice(0, 64),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      kind: 'Linux',
      destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: props.logAnalyticsWorkspaceId }] },
      dataFlow: [{ streams, destinations: [DESTINATION] }],
      dataSources: {
        extension: [{
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams,
          extensionJson: JSON.stringify({ dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } }),
        }],
      },
      description: `Container Insights of AKS cluster ${props.clusterName}`,
      tags: { ...(props.tags ?? {}) },
    });
    new MonitorDataCollectionRuleAssociation(this, 'association', {
      // The name Microsoft's onboarding uses; it must differ from the managed Prometheus association.
      name: 'ContainerInsightsExtension',
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.rule.id,
      description: 'Container Insights collection for this cluster; deleting it stops Container Insights.',
    });
  }
}
