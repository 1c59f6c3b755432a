import { Construct } from 'constructs';
import { MonitoringDashboard } from '../internal/google';
import { platformDashboardPanels, PlatformDashboardProps } from '../../contract/observability/dashboard-panels';

// Cloud Monitoring mosaic layout: 48 columns (cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards#mosaiclayout).
const COLUMNS = 48;
const TILE_WIDTH = 24;
const TILE_HEIGHT = 16;

/**
 * The environment dashboard as Cloud Monitoring dashboard JSON: one xyChart tile per panel, each series a PromQL
 * query (`timeSeriesQuery.prometheusQuery`) against Managed Service for Prometheus.
 */
export function cloudMonitoringDashboard(props: PlatformDashboardProps): Record<string, unknown> {
  const tiles = platformDashboardPanels(props).map((panel, i) => ({
    xPos: (i % (COLUMNS / TILE_WIDTH)) * TILE_WIDTH,
    yPos: Math.floor(i / (COLUMNS / TILE_WIDTH)) * TILE_HEIGHT,
    width: TILE_WIDTH,
    height: TILE_HEIGHT,
    widget: {
      title: `${panel.section}: ${panel.title}`,
      xyChart: {
        dataSets: panel.queries.map((q) => ({ timeSeriesQuery: { prometheusQuery: q.expr }, plotType: 'LINE', legendTemplate: q.legend })),
      },
    },
  }));
  return { displayName: `ml-mesh-platform ${props.environment}`, mosaicLayout: { columns: COLUMNS, tiles } };
}

export interface GoogleMonitoringDashboardProps extends PlatformDashboardProps {
  readonly project: string;
}

/** The environment dashboard in Cloud Monitoring (google_monitoring_dashboard). */
export class GoogleMonitoringDashboard extends Construct {
  public readonly dashboard: MonitoringDashboard;

  constructor(scope: Construct, id: string, props: GoogleMonitoringDashboardProps) {
    super(scope, id);
    this.dashboard = new MonitoringDashboard(this, 'dashboard', {
      project: props.project,
      dashboardJson: JSON.stringify(cloudMonitoringDashboard(props)),
    });
  }
}
