import { Testing } from 'cdktf';
import { PlatformDashboardProps, platformDashboardPanels } from '../../lib/contract/observability/dashboard-panels';
import { cloudMonitoringDashboard, GoogleMonitoringDashboard } from '../../lib/terraform/observability/google-monitoring-dashboard';
import { grafanaDashboard, GrafanaDashboardProps } from '../../lib/contract/observability/grafana-dashboard';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { modelAlertTargets } from '../../lib/config/model-targets';
import { sharedSynth } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';
import { KNOWN_METRICS } from '../../lib/contract/observability/metric-catalog';
import { referencedMetrics } from '../../lib/contract/observability/promql';

const props: PlatformDashboardProps = { environment: 'prod', cluster: 'aks-prod', models: [{ namespace: 'mlops', server: 'model-server' }] };
const grafana: GrafanaDashboardProps = { environment: 'prod', clusters: ['aks-prod', 'gke-prod'], models: props.models };

describe('environment dashboard', () => {
  test('has the four sections the operators watch', () => {
    expect([...new Set(platformDashboardPanels(props).map((p) => p.section))])
      .toEqual(['Golden signals', 'Traffic split and canary progress', 'Model quality and drift', 'Mesh health']);
  });

  test('the Grafana JSON parses back and every query references only metrics the platform scrapes, pinned to the selected cluster', () => {
    const json = JSON.parse(JSON.stringify(grafanaDashboard(grafana)));
    const queries: string[] = json.panels.filter((p: any) => p.type === 'timeseries').flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(queries.length).toBeGreaterThan(8);
    for (const q of queries) {
      expect(referencedMetrics(q).length).toBeGreaterThan(0);
      for (const metric of referencedMetrics(q)) expect(KNOWN_METRICS).toContain(metric);
      expect(q).toContain('cluster="$cluster"');
    }
    expect(json.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    expect(json.templating.list[1]).toMatchObject({ name: 'cluster', type: 'custom', query: 'aks-prod,gke-prod', current: { value: 'aks-prod' }, multi: false });
  });

  test('a model server on several clusters gets one set of panels, not a copy per cluster', () => {
    const twice = grafanaDashboard({ ...grafana, models: [...grafana.models, ...grafana.models, { namespace: 'mlops', server: 'model-server-gpu' }] }) as any;
    const titles = twice.panels.filter((p: any) => p.type === 'timeseries').map((p: any) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles.filter((t: string) => t.startsWith('mlops/model-server:'))).toHaveLength(6);
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
    for (const p of grafanaDashboard(grafana).panels as any[]) {
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

describe.each(allEnvironments.map((env) => [env.name, env] as const))('the %s dashboard in dist/', (name, env) => {
  const json = JSON.parse(sharedSynth().files[`dist/${name}/grafana-dashboard.json`]);
  const targets = clusterTargets(env);

  test('offers the environment\'s clusters as the cluster variable and pins every query to it', () => {
    const variable = json.templating.list.find((v: any) => v.name === 'cluster');
    expect(variable.options.map((o: any) => o.value)).toEqual(targets.map((t) => t.clusterName));
    for (const panel of json.panels.filter((p: any) => p.type === 'timeseries')) {
      for (const target of panel.targets) expect(target.expr).toContain('cluster="$cluster"');
    }
  });

  test('shows each model server once, whichever clusters run it', () => {
    const servers = new Set(targets.flatMap((t) => modelAlertTargets(t.kubernetes)).map((m) => `${m.namespace}/${m.server}`));
    const titles: string[] = json.panels.filter((p: any) => p.type === 'timeseries').map((p: any) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const server of servers) expect(titles.filter((t) => t.startsWith(`${server}: `))).toHaveLength(6);
  });
});

