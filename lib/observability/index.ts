/** `ml-mesh-platform/observability`: managed Prometheus, alert rules and dashboards (cdktf). */
export * from './alert-catalog';
export * from './alert-thresholds';
export * from './azure-managed-prometheus';
export * from './azure-prometheus-alerts';
export * from './dashboard-panels';
export * from './durations';
export * from './google-monitoring-dashboard';
export * from './google-prometheus-alerts';
export * from './grafana-dashboard';
export * from './metric-catalog';
export * from './promql';
