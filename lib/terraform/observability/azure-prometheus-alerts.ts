import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { MonitorAlertPrometheusRuleGroup, MonitorAlertPrometheusRuleGroupRule } from '../internal/azurerm';
import { AlertSeverity, PortableAlert } from '../../contract/observability/alert-catalog';
import { isoDuration } from '../../contract/observability/durations';

export interface AzurePrometheusAlertsProps {
  /** Base of the rule group names. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Azure Monitor workspace the rules are evaluated against. */
  readonly workspaceId: string;
  /** AKS cluster resource ID; scopes the group to the cluster. */
  readonly clusterId: string;
  /** AKS cluster name, matched against the `cluster` label (or its alias). */
  readonly clusterName: string;
  /** The alerts, normally `platformAlerts({ cluster: clusterName, ... })`. */
  readonly alerts: readonly PortableAlert[];
  /** Action groups every alert notifies. At least one: an alert that notifies nobody is not an alert. */
  readonly actionGroupIds: readonly string[];
  /** Evaluation interval in minutes, 1-15. @default 1 */
  readonly intervalMinutes?: number;
}

/** Azure Monitor alert severities: 0 Critical ... 4 Verbose (learn.microsoft.com/azure/azure-monitor/alerts/alerts-overview). */
const SEVERITY: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 2 };
/** A Prometheus rule group holds at most 20 rules (Azure Monitor service limits, "Prometheus rule groups"). */
export const MAX_RULES_PER_GROUP = 20;

export function azurePrometheusAlertsRules(props: AzurePrometheusAlertsProps, issues: Issues): void {
  issues.check(props.actionGroupIds.length > 0, 'actionGroupIds', props.actionGroupIds, 'must name at least one action group: Azure Monitor routes alerts only through action groups');
  issues.check(props.alerts.length > 0, 'alerts', props.alerts.length, 'must hold at least one alert');
  const interval = props.intervalMinutes ?? 1;
  issues.check(Number.isInteger(interval) && interval >= 1 && interval <= 15, 'intervalMinutes', interval, 'must be a whole number of minutes from 1 to 15 (PT1M-PT15M)');
}

/**
 * The platform's alerts as Azure Monitor Prometheus rule groups (Microsoft.AlertsManagement/prometheusRuleGroups),
 * which Azure evaluates against the workspace: the AKS add-on does not evaluate in-cluster PrometheusRules.
 * Alerts are split into groups of 20, the per-group limit. Each rule carries the runbook as an annotation, which
 * the common alert schema passes to the action group.
 */
export class AzurePrometheusAlerts extends Construct {
  public readonly ruleGroups: readonly MonitorAlertPrometheusRuleGroup[];

  constructor(scope: Construct, id: string, props: AzurePrometheusAlertsProps) {
    super(scope, id);
    const issues = new Issues();
    azurePrometheusAlertsRules(props, issues);
    issues.throwIfAny(this.node.path);

    const groups: MonitorAlertPrometheusRuleGroup[] = [];
    for (let start = 0, n = 1; start < props.alerts.length; start += MAX_RULES_PER_GROUP, n++) {
      const chunk = props.alerts.slice(start, start + MAX_RULES_PER_GROUP);
      groups.push(new MonitorAlertPrometheusRuleGroup(this, `group-${n}`, {
        name: `${props.name}-alerts-${n}`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        scopes: [props.workspaceId, props.clusterId],
        clusterName: props.clusterName,
        interval: isoDuration(props.intervalMinutes ?? 1),
        ruleGroupEnabled: true,
        description: `ml-mesh-platform alerts for ${props.clusterName} (${n})`,
        rule: chunk.map((alert) => toRule(alert, props.actionGroupIds)),
      }));
    }
    this.ruleGroups = groups;
  }
}

function toRule(alert: PortableAlert, actionGroupIds: readonly string[]): MonitorAlertPrometheusRuleGroupRule {
  return {
    alert: alert.name,
    expression: alert.expr,
    for: isoDuration(alert.forMinutes),
    severity: SEVERITY[alert.severity],
    enabled: true,
    labels: { ...alert.labels, severity: alert.severity, alert_id: alert.id },
    annotations: { summary: alert.summary, runbook: alert.runbook },
    action: actionGroupIds.map((actionGroupId) => ({ actionGroupId })),
    alertResolution: { autoResolved: true, timeToResolve: isoDuration(10) },
  };
}
