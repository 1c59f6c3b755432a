import { DashboardPanel, PanelUnit, platformDashboardPanels, PlatformDashboardProps } from './dashboard-panels';

// Grafana unit ids (grafana/grafana packages/grafana-data/src/valueFormats/categories.ts).
const GRAFANA_UNIT: Readonly<Record<PanelUnit, string>> = { reqps: 'reqps', percent: 'percent', ms: 'ms', ratio: 'percentunit', days: 'd' };
const WIDTH = 12;
const HEIGHT = 8;

/**
 * The environment dashboard as Grafana dashboard JSON, for Azure Managed Grafana (whose Azure Monitor workspace data
 * source is a Prometheus data source) or any Grafana: import it with `az grafana dashboard import` or the Grafana
 * API. azurerm has no dashboard resource, so the JSON is an artifact, deterministic for review.
 * The data source is a template variable, so the same JSON works against any Prometheus-compatible source.
 */
export function grafanaDashboard(props: PlatformDashboardProps): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  let section: string | undefined;
  let column = 0;
  for (const panel of platformDashboardPanels(props)) {
    if (panel.section !== section) {
      if (column !== 0) y += HEIGHT;
      panels.push({ id: id++, type: 'row', title: panel.section, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y } });
      y += 1;
      column = 0;
      section = panel.section;
    }
    panels.push(timeseries(id++, panel, { h: HEIGHT, w: WIDTH, x: column * WIDTH, y }));
    column = (column + 1) % 2;
    if (column === 0) y += HEIGHT;
  }
  return {
    title: `ml-mesh-platform ${props.environment}`,
    uid: `ml-mesh-${props.environment}`.slice(0, 40),
    tags: ['ml-mesh-platform', 'linkerd'],
    timezone: 'utc',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }] },
    panels,
  };
}

function timeseries(id: number, panel: DashboardPanel, gridPos: Record<string, number>): Record<string, unknown> {
  return {
    id,
    type: 'timeseries',
    title: panel.title,
    gridPos,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    fieldConfig: { defaults: { unit: GRAFANA_UNIT[panel.unit] }, overrides: [] },
    targets: panel.queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), expr: q.expr, legendFormat: q.legend })),
  };
}
