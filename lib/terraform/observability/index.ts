/** `ml-mesh-platform/observability`: managed Prometheus, alert rules and dashboards (cdktf). */
export * from '../../contract/observability/alert-catalog';
export * from '../../contract/observability/alert-thresholds';
export * from './azure-managed-prometheus';
export * from './azure-prometheus-alerts';
export * from '../../contract/observability/dashboard-panels';
export * from '../../contract/observability/durations';
export * from './google-monitoring-dashboard';
export * from './google-prometheus-alerts';
export * from '../../contract/observability/grafana-dashboard';
export * from '../../contract/observability/metric-catalog';
export * from '../../contract/observability/promql';
