import { Testing } from 'cdktf';
import { PlatformDashboardProps, platformDashboardPanels } from '../../lib/contract/observability/dashboard-panels';
import { cloudMonitoringDashboard, GoogleMonitoringDashboard } from '../../lib/terraform/observability/google-monitoring-dashboard';
import { grafanaDashboard } from '../../lib/contract/observability/grafana-dashboard';
import { KNOWN_METRICS } from '../../lib/contract/observability/metric-catalog';
import { referencedMetrics } from '../../lib/contract/observability/promql';

const props: PlatformDashboardProps = { environment: 'prod', cluster: 'aks-prod', models: [{ namespace: 'mlops', server: 'model-server' }] };

describe('environment dashboard', () => {
  test('has the four sections the operators watch', () => {
    expect([...new Set(platformDashboardPanels(props).map((p) => p.section))])
      .toEqual(['Golden signals', 'Traffic split and canary progress', 'Model quality and drift', 'Mesh health']);
  });

  test('the Grafana JSON parses back and every query references only metrics the platform scrapes', () => {
    const json = JSON.parse(JSON.stringify(grafanaDashboard(props)));
    const queries: string[] = json.panels.filter((p: any) => p.type === 'timeseries').flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(queries.length).toBeGreaterThan(8);
    for (const q of queries) {
      expect(referencedMetrics(q).length).toBeGreaterThan(0);
      for (const metric of referencedMetrics(q)) expect(KNOWN_METRICS).toContain(metric);
      expect(q).toContain('cluster="aks-prod"');
    }
    expect(json.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
  });

  test('golden signals are by model version, and the traffic split divides by all versions of the server', () => {
    const panels = platformDashboardPanels(props);
    const latency = panels.find((p) => p.title.endsWith('latency p50 / p95 / p99'));
    expect(latency?.queries.map((q) => q.legend)).toEqual(['p50 {{model_version}}', 'p95 {{model_version}}', 'p99 {{model_version}}']);
    const split = panels.find((p) => p.section === 'Traffic split and canary progress');
    expect(split?.queries[0].expr).toContain('ignoring(model_version) group_left');
  });

  test('Grafana panels do not overlap', () => {
    const cells = new Set<string>();
    for (const p of grafanaDashboard(props).panels as any[]) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  test('the Cloud Monitoring dashboard resource holds parseable JSON with PromQL tiles', () => {
    const synth = JSON.parse(Testing.synthScope((scope) => { new GoogleMonitoringDashboard(scope, 'dash', { ...props, cluster: 'gke-prod', project: 'ml-prod' }); }));
    const resource = Object.values(synth.resource.google_monitoring_dashboard)[0] as any;
    expect(resource.project).toBe('ml-prod');
    const dashboard = JSON.parse(resource.dashboard_json);
    expect(dashboard).toEqual(cloudMonitoringDashboard({ ...props, cluster: 'gke-prod' }));
    const tiles = dashboard.mosaicLayout.tiles;
    expect(tiles.length).toBe(platformDashboardPanels(props).length);
    for (const tile of tiles) {
      expect(tile.xPos + tile.width).toBeLessThanOrEqual(48);
      for (const ds of tile.widget.xyChart.dataSets) for (const m of referencedMetrics(ds.timeSeriesQuery.prometheusQuery)) expect(KNOWN_METRICS).toContain(m);
    }
  });
});
