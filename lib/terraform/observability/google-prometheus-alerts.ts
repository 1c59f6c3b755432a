import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { MonitoringAlertPolicy } from '../internal/google';
import { AlertSeverity, PortableAlert } from '../../contract/observability/alert-catalog';
import { protoDuration } from '../../contract/observability/durations';

export interface GooglePrometheusAlertsProps {
  /** Project the policies live in (the GKE cluster's, whose metrics scope holds the GMP data). */
  readonly project: string;
  /** GKE cluster name, for display names; queries are pinned with the `cluster` label by `platformAlerts`. */
  readonly clusterName: string;
  /** The alerts, normally `platformAlerts({ cluster: clusterName, ... })`. */
  readonly alerts: readonly PortableAlert[];
  /** Notification channel IDs every policy notifies. At least one. */
  readonly notificationChannelIds: readonly string[];
  /** Evaluation interval in seconds, a multiple of 30. @default 60 */
  readonly evaluationIntervalSeconds?: number;
}

const SEVERITY: Readonly<Record<AlertSeverity, string>> = { critical: 'CRITICAL', warning: 'WARNING' };

export function googlePrometheusAlertsRules(props: GooglePrometheusAlertsProps, issues: Issues): void {
  issues.check(props.notificationChannelIds.length > 0, 'notificationChannelIds', props.notificationChannelIds, 'must name at least one notification channel: a policy without one notifies nobody');
  issues.check(props.alerts.length > 0, 'alerts', props.alerts.length, 'must hold at least one alert');
  const interval = props.evaluationIntervalSeconds ?? 60;
  // google_monitoring_alert_policy condition_prometheus_query_language.evaluation_interval: "a positive multiple of 30 seconds".
  issues.check(Number.isInteger(interval) && interval >= 30 && interval % 30 === 0, 'evaluationIntervalSeconds', interval, 'must be a positive multiple of 30 seconds');
  const ids = props.alerts.map((a) => a.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  issues.check(duplicate === undefined, 'alerts', duplicate, 'alert ids must be unique: each becomes one alert policy');
}

/**
 * The platform's alerts as Cloud Monitoring alert policies with PromQL conditions, evaluated by Google against
 * Managed Service for Prometheus data (cloud.google.com/monitoring/promql/create-promql-alerts-console): no in-cluster
 * rule evaluator or Alertmanager, and routing through notification channels. One policy per alert, with the runbook
 * as its Markdown documentation.
 */
export class GooglePrometheusAlerts extends Construct {
  public readonly policies: readonly MonitoringAlertPolicy[];

  constructor(scope: Construct, id: string, props: GooglePrometheusAlertsProps) {
    super(scope, id);
    const issues = new Issues();
    googlePrometheusAlertsRules(props, issues);
    issues.throwIfAny(this.node.path);
    const interval = `${props.evaluationIntervalSeconds ?? 60}s`;

    this.policies = props.alerts.map((alert) => new MonitoringAlertPolicy(this, alert.id, {
      project: props.project,
      displayName: `${props.clusterName}: ${alert.summary}`,
      combiner: 'OR',
      severity: SEVERITY[alert.severity],
      notificationChannels: [...props.notificationChannelIds],
      userLabels: { ...lowercaseKeys(alert.labels), alert_id: alert.id },
      documentation: { subject: `${alert.name} on ${props.clusterName}`, content: `${alert.summary}\n\n**Runbook:** ${alert.runbook}`, mimeType: 'text/markdown' },
      alertStrategy: { autoClose: protoDuration(30) },
      conditions: [{
        displayName: alert.name,
        conditionPrometheusQueryLanguage: {
          query: alert.expr,
          duration: protoDuration(alert.forMinutes),
          evaluationInterval: interval,
          alertRule: alert.name,
          labels: { severity: alert.severity },
          // The model metrics appear only once a server reports them; without this, applying on a fresh project
          // fails metric validation.
          disableMetricValidation: true,
        },
      }],
    }));
  }
}

/** User label keys: lowercase letters, digits, '_' and '-' (Cloud Monitoring userLabels). */
function lowercaseKeys(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
}
