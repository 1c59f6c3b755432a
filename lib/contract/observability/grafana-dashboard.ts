import { DashboardModel, DashboardPanel, PanelUnit, platformDashboardPanels, PlatformDashboardProps } from './dashboard-panels';

// Grafana unit ids (grafana/grafana packages/grafana-data/src/valueFormats/categories.ts).
const GRAFANA_UNIT: Readonly<Record<PanelUnit, string>> = { reqps: 'reqps', percent: 'percent', ms: 'ms', ratio: 'percentunit', days: 'd' };
const WIDTH = 12;
const HEIGHT = 8;

export interface GrafanaDashboardProps extends Omit<PlatformDashboardProps, 'cluster' | 'models'> {
  /** The environment's clusters, the values of the `cluster` variable; the first is selected. */
  readonly clusters: readonly string[];
  /** Every model server of the environment; one set of panels each, whichever clusters run it. */
  readonly models: readonly DashboardModel[];
}

/** The dashboard's cluster variable, in Grafana's interpolation syntax: every query is pinned to the one selected. */
export const GRAFANA_CLUSTER_VARIABLE = '$cluster';

/**
 * The environment dashboard as Grafana dashboard JSON, for Azure Managed Grafana (whose Azure Monitor workspace data
 * source is a Prometheus data source) or any Grafana: import it with `az grafana dashboard import` or the Grafana
 * API. azurerm has no dashboard resource, so the JSON is an artifact, deterministic for review.
 * The data source and the cluster are template variables: one set of panels per model server, pinned to the selected
 * cluster with `cluster="$cluster"`, instead of a copy per cluster.
 */
export function grafanaDashboard(props: GrafanaDashboardProps): Record<string, unknown> {
  const models = [...new Map(props.models.map((m) => [`${m.namespace}/${m.server}`, { namespace: m.namespace, server: m.server }])).values()];
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  let section: string | undefined;
  let column = 0;
  for (const panel of platformDashboardPanels({ environment: props.environment, cluster: GRAFANA_CLUSTER_VARIABLE, models })) {
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
    templating: {
      list: [
        { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' },
        {
          name: GRAFANA_CLUSTER_VARIABLE.slice(1), label: 'Cluster', type: 'custom', query: props.clusters.join(','), multi: false, includeAll: false,
          current: { text: props.clusters[0], value: props.clusters[0] },
          options: props.clusters.map((c, i) => ({ text: c, value: c, selected: i === 0 })),
        },
      ],
    },
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
