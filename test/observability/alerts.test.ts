import { Testing } from 'cdktf';
import { platformAlerts, PlatformAlertsProps } from '../../lib/contract/observability/alert-catalog';
import { AzurePrometheusAlerts } from '../../lib/terraform/observability/azure-prometheus-alerts';
import { GooglePrometheusAlerts } from '../../lib/terraform/observability/google-prometheus-alerts';
import { KNOWN_METRICS } from '../../lib/contract/observability/metric-catalog';
import { referencedMetrics } from '../../lib/contract/observability/promql';

const props: PlatformAlertsProps = {
  cluster: 'aks-prod',
  models: [
    { namespace: 'mlops', server: 'model-server', versions: ['v1', 'v2'] },
    { namespace: 'fraud', server: 'scorer', versions: ['v7'], minAccuracy: 0.97, maxDriftScore: 0.3 },
  ],
};
const alerts = platformAlerts(props);
const byId = (id: string) => {
  const alert = alerts.find((a) => a.id === id);
  if (!alert) throw new Error(`no alert ${id}`);
  return alert;
};

describe('platform alerts', () => {
  test('every model version has its error-rate, p99, accuracy and drift alerts', () => {
    for (const model of props.models) {
      for (const version of model.versions) {
        const own = alerts.filter((a) => a.labels.workload === model.server && a.labels.model_version === version).map((a) => a.name);
        expect(own).toEqual(['ModelErrorRateHigh', 'ModelLatencyP99High', 'ModelAccuracyLow', 'ModelDriftHigh']);
      }
    }
  });

  test('mesh alerts cover each certificate\'s renewal, the anchor\'s renewal window, the issuer identity holds, and proxy memory and CPU', () => {
    expect(alerts.filter((a) => a.labels.component === 'linkerd').map((a) => a.id)).toEqual([
      'mesh-certificate-expiry-linkerd-trust-anchor', 'mesh-certificate-expiry-linkerd-identity-issuer', 'mesh-trust-anchor-renewal',
      'mesh-issuer-ttl', 'mesh-certificate-not-ready', 'mesh-proxy-memory', 'mesh-proxy-cpu',
    ]);
  });

  test('each certificate alerts below its own renewBefore: quiet while renewal works, firing once it is overdue', () => {
    // Anchor 87600h renewed 8760h before expiry: fires 14 days after the missed renewal (8424h left).
    expect(byId('mesh-certificate-expiry-linkerd-trust-anchor').expr)
      .toBe('certmanager_certificate_expiration_timestamp_seconds{cluster="aks-prod", name=~"linkerd-trust-anchor"} - time() < 30326400');
    // Issuer 48h renewed 25h before expiry: fires 5 hours after the missed renewal (20h left), never in normal operation.
    expect(byId('mesh-certificate-expiry-linkerd-identity-issuer').expr).toMatch(/name=~"linkerd-identity-issuer"\} - time\(\) < 72000$/);
    expect(byId('mesh-issuer-ttl').expr).toBe('min(issuer_cert_ttl_seconds{cluster="aks-prod"}) < 72000');
    expect(byId('mesh-trust-anchor-renewal')).toMatchObject({
      severity: 'warning',
      expr: '(certmanager_certificate_renewal_timestamp_seconds{cluster="aks-prod", name="linkerd-trust-anchor"} > 0) - time() < 2592000',
    });
    expect(byId('mesh-certificate-not-ready').expr).toContain('condition="False"');
  });

  test('a changed lifetime moves its alert with it; an explicit alertBelow is honoured', () => {
    const custom = platformAlerts({ ...props, meshCertificates: { identityIssuer: { duration: '72h', renewBefore: '36h' }, trustAnchor: { alertBelow: '8000h' } } });
    const expr = (id: string) => custom.find((a) => a.id === id)!.expr;
    expect(expr('mesh-certificate-expiry-linkerd-identity-issuer')).toMatch(/ < 103680$/); // 36h - 36h/5 = 28.8h
    expect(expr('mesh-issuer-ttl')).toMatch(/ < 103680$/);
    expect(expr('mesh-certificate-expiry-linkerd-trust-anchor')).toMatch(/ < 28800000$/);
  });

  test('golden-signal PromQL names the inbound direction, the version and the cluster, and groups by deployment', () => {
    for (const id of ['model-server-v2-error-rate', 'model-server-v2-p99-latency']) {
      const expr = byId(id).expr;
      expect(expr).toContain('direction="inbound"');
      expect(expr).toContain('namespace="mlops", workload="model-server", model_version="v2"');
      expect(expr).toContain('cluster="aks-prod"');
      expect(expr).toMatch(/by \((le, )?namespace, deployment, model_version\)/);
    }
    expect(byId('model-server-v2-error-rate').expr).toContain('classification="failure"');
    expect(byId('model-server-v2-p99-latency').expr).toMatch(/^histogram_quantile\(0\.99, sum by \(le, /);
  });

  test('thresholds match the configuration, per model where overridden', () => {
    expect(byId('model-server-v1-error-rate').expr).toMatch(/ > 1$/);
    expect(byId('model-server-v1-p99-latency').expr).toMatch(/ > 500$/);
    expect(byId('model-server-v1-accuracy').expr).toMatch(/ < 0\.9$/);
    expect(byId('model-server-v1-drift').expr).toMatch(/ > 0\.15$/);
    expect(byId('scorer-v7-accuracy').expr).toMatch(/ < 0\.97$/);
    expect(byId('scorer-v7-drift').expr).toMatch(/ > 0\.3$/);
    expect(byId('mesh-proxy-memory').expr).toMatch(/ > 0\.9$/);
  });

  test('proxy limits are read for native (init-container) and classic sidecars', () => {
    const expr = byId('mesh-proxy-memory').expr;
    expect(expr).toContain('kube_pod_init_container_resource_limits{cluster="aks-prod", container="linkerd-proxy", resource="memory"}');
    expect(expr).toContain('kube_pod_container_resource_limits{cluster="aks-prod", container="linkerd-proxy", resource="memory"}');
  });

  test('every alert has runbook text, ids are unique and only known metrics are queried', () => {
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    for (const alert of alerts) {
      expect(alert.runbook.length).toBeGreaterThan(40);
      for (const metric of referencedMetrics(alert.expr)) expect(KNOWN_METRICS).toContain(metric);
    }
  });

  test.each([
    [{ thresholds: { maxErrorRatePercent: 0 } }, 'thresholds.maxErrorRatePercent = 0: must be a percentage above 0 and below 100'],
    [{ thresholds: { minAccuracy: 1.2 } }, 'thresholds.minAccuracy = 1.2: must be a ratio above 0 and at most 1'],
    [{ thresholds: { maxP99LatencyMs: -5 } }, 'thresholds.maxP99LatencyMs = -5: must be between 1 and 600000 milliseconds'],
    [{ meshCertificates: { identityIssuer: { alertBelow: '30h' } } },
      'meshCertificates.identityIssuer.alertBelow = "30h": must be shorter than renewBefore (25h): the expiry alert must stay quiet while renewal works'],
    [{ meshCertificates: { trustAnchor: { renewBefore: '1440h', alertBelow: '1440h' } } }, 'meshCertificates.trustAnchor.alertBelow = "1440h": must be shorter than renewBefore (1440h)'],
    [{ thresholds: { maxDriftScore: 0 } }, 'thresholds.maxDriftScore = 0: must be a drift score above 0'],
    [{ thresholds: { proxyLimitRatio: 1.5 } }, 'thresholds.proxyLimitRatio = 1.5: must be a ratio above 0 and at most 1'],
    [{ models: [{ namespace: 'mlops', server: 's', versions: [] }] }, 'models[0].versions = []: must list at least one version'],
    [{ models: [{ namespace: 'mlops', server: 's', versions: ['v1'], minAccuracy: 0 }] }, 'models[0].minAccuracy = 0: must be a ratio above 0 and at most 1'],
  ])('bad input %j is refused', (change, message) => {
    expect(() => platformAlerts({ ...props, ...change } as PlatformAlertsProps)).toThrow(message);
  });
});

describe('AzurePrometheusAlerts', () => {
  const base = { name: 'aks-prod', location: 'westeurope', resourceGroupName: 'rg', workspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Monitor/accounts/amw', clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod', clusterName: 'aks-prod', actionGroupIds: ['/ag/oncall'] };
  const synth = JSON.parse(Testing.synthScope((scope) => { new AzurePrometheusAlerts(scope, 'alerts', { ...base, alerts }); }));
  const groups = Object.values(synth.resource.azurerm_monitor_alert_prometheus_rule_group) as any[];

  test('rule groups are scoped to the workspace and the cluster, at most 20 rules each, evaluated every minute', () => {
    expect(groups.map((g) => g.rule.length)).toEqual([alerts.length]);
    expect(groups[0]).toMatchObject({ scopes: [base.workspaceId, base.clusterId], cluster_name: 'aks-prod', interval: 'PT1M', rule_group_enabled: true });
  });

  test('each rule carries the expression, an ISO-8601 for, severity, runbook annotation and the action group', () => {
    const rule = groups[0].rule.find((r: any) => r.labels.alert_id === 'model-server-v2-accuracy');
    expect(rule).toMatchObject({ alert: 'ModelAccuracyLow', for: 'PT15M', severity: 0, action: [{ action_group_id: '/ag/oncall' }] });
    expect(rule.expression).toBe(byId('model-server-v2-accuracy').expr);
    expect(rule.annotations.runbook).toBe(byId('model-server-v2-accuracy').runbook);
    expect(groups[0].rule.find((r: any) => r.labels.alert_id === 'model-server-v2-drift').for).toBe('PT30M');
  });

  test('more than 20 alerts are split across groups', () => {
    const many = [...alerts, ...alerts.map((a) => ({ ...a, id: `${a.id}-copy` }))];
    const out = JSON.parse(Testing.synthScope((scope) => { new AzurePrometheusAlerts(scope, 'alerts', { ...base, alerts: many }); }));
    expect((Object.values(out.resource.azurerm_monitor_alert_prometheus_rule_group) as any[]).map((g) => g.rule.length)).toEqual([20, many.length - 20]);
  });

  test('without an action group or with a bad interval it is refused', () => {
    expect(() => Testing.synthScope((scope) => { new AzurePrometheusAlerts(scope, 'a', { ...base, alerts, actionGroupIds: [] }); }))
      .toThrow('actionGroupIds = []: must name at least one action group');
    expect(() => Testing.synthScope((scope) => { new AzurePrometheusAlerts(scope, 'a', { ...base, alerts, intervalMinutes: 30 }); }))
      .toThrow('intervalMinutes = 30: must be a whole number of minutes from 1 to 15 (PT1M-PT15M)');
  });
});

describe('GooglePrometheusAlerts', () => {
  const gkeAlerts = platformAlerts({ ...props, cluster: 'gke-prod' });
  const base = { project: 'ml-prod', clusterName: 'gke-prod', notificationChannelIds: ['projects/ml-prod/notificationChannels/1'] };
  const synth = JSON.parse(Testing.synthScope((scope) => { new GooglePrometheusAlerts(scope, 'alerts', { ...base, alerts: gkeAlerts }); }));
  const policies = Object.values(synth.resource.google_monitoring_alert_policy) as any[];

  test('one PromQL alert policy per alert, with runbook documentation and proto durations', () => {
    expect(policies).toHaveLength(gkeAlerts.length);
    const p99 = policies.find((p) => p.user_labels.alert_id === 'model-server-v1-p99-latency');
    expect(p99.severity).toBe('CRITICAL');
    expect(p99.conditions[0].condition_prometheus_query_language).toMatchObject({ duration: '300s', evaluation_interval: '60s', alert_rule: 'ModelLatencyP99High' });
    expect(p99.conditions[0].condition_prometheus_query_language.query).toContain('cluster="gke-prod"');
    expect(p99.documentation.content).toContain('**Runbook:**');
    expect(p99.notification_channels).toEqual(base.notificationChannelIds);
  });

  test('an evaluation interval that is not a multiple of 30 s is refused', () => {
    expect(() => Testing.synthScope((scope) => { new GooglePrometheusAlerts(scope, 'a', { ...base, alerts: gkeAlerts, evaluationIntervalSeconds: 45 }); }))
      .toThrow('evaluationIntervalSeconds = 45: must be a positive multiple of 30 seconds');
  });
});
