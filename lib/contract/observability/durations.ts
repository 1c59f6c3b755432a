/**
 * One duration type, rendered in each evaluator's dialect: Prometheus (`5m`, Rules CRDs and PromQL ranges),
 * ISO-8601 (`PT5M`, azurerm_monitor_alert_prometheus_rule_group) and protobuf (`300s`, google_monitoring_alert_policy).
 */
export function promDuration(minutes: number): string {
  return `${minutes}m`;
}

export function isoDuration(minutes: number): string {
  return minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
}

export function protoDuration(minutes: number): string {
  return `${minutes * 60}s`;
}
