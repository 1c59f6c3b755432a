import { Issues } from '../../lib/core/validation';
import { canaryPlanRules, CanaryPlan, REFERENCE_CANARY_PLAN, toFlaggerAnalysis } from '../../lib/k8s/serving/canary-plan';
import { ERROR_RATE_QUERY, P99_LATENCY_QUERY } from '../../lib/k8s/serving/linkerd-metric-templates';
import { ModelServer } from '../../lib/k8s/serving/model-server';
import { collectSynthWarnings } from '../../lib/k8s/serving/synth-warnings';
import { ModelRoutes } from '../../lib/k8s/mesh/model-routes';
import { LINKERD_VIZ_PROMETHEUS } from '../../lib/addons/flagger-chart';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const V2 = { name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/var/cache/model/v2' };

function issuesOf(plan: CanaryPlan): string[] {
  const issues = new Issues('plan');
  canaryPlanRules(plan, issues);
  return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
}

describe('canary plan validation', () => {
  test('the reference plan is valid', () => {
    expect(issuesOf(REFERENCE_CANARY_PLAN)).toEqual([]);
  });

  test('steps must strictly increase and end at 100', () => {
    const plan = { ...REFERENCE_CANARY_PLAN, steps: [{ weight: 25, durationMinutes: 5 }, { weight: 10, durationMinutes: 5 }, { weight: 10, durationMinutes: 5 }] };
    expect(issuesOf(plan)).toEqual([
      "plan.steps[1].weight = 10: must be greater than the previous step's weight (25): a rollout only moves traffic forward",
      "plan.steps[2].weight = 10: must be greater than the previous step's weight (10): a rollout only moves traffic forward",
      'plan.steps[2].weight = 10: the last step must send 100 % of traffic to the new version',
    ]);
  });

  test('weights, durations, thresholds and rollback tolerance are sane', () => {
    const plan: CanaryPlan = { steps: [{ weight: 0, durationMinutes: 0 }, { weight: 100, durationMinutes: 2.5 }], maxErrorRatePercent: 0, maxP99LatencyMs: 0, failedChecksBeforeRollback: 0 };
    expect(issuesOf(plan)).toEqual([
      'plan.steps[0].weight = 0: must be a whole percentage 1-100',
      'plan.steps[0].durationMinutes = 0: must be a whole number of minutes >= 1',
      'plan.steps[1].durationMinutes = 2.5: must be a whole number of minutes >= 1',
      'plan.maxErrorRatePercent = 0: must be above 0 and at most 50 percent',
      'plan.maxP99LatencyMs = 0: must be between 1 and 600000 milliseconds',
      'plan.failedChecksBeforeRollback = 0: must be a whole number >= 1',
    ]);
    expect(issuesOf({ ...REFERENCE_CANARY_PLAN, steps: [] })).toEqual(['plan.steps = []: must list at least one step']);
  });
});

describe('mapping the plan onto Flagger', () => {
  test('uneven durations run at the longest step, and the difference is stated', () => {
    const mapping = toFlaggerAnalysis(REFERENCE_CANARY_PLAN);
    expect(mapping.intervalMinutes).toBe(15);
    expect(mapping.stepWeights).toEqual([10, 25, 50, 75, 100]);
    expect(mapping.totalMinutes).toBe(75);
    expect(mapping.deviations).toEqual([
      'Flagger holds every step for one interval, so the steps run 15 min each (the longest planned step): 10% 5->15 min, 25% 10->15 min, 75% 10->15 min, 100% 5->15 min; the rollout takes 75 min instead of 45.',
    ]);
  });

  test('even durations map exactly, without a warning', () => {
    const mapping = toFlaggerAnalysis({ ...REFERENCE_CANARY_PLAN, steps: [{ weight: 20, durationMinutes: 4 }, { weight: 100, durationMinutes: 4 }] });
    expect(mapping).toMatchObject({ intervalMinutes: 4, totalMinutes: 8, deviations: [] });
  });
});

describe('the reference canary on the model server', () => {
  const { chart } = clusterChart();
  new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  const canary = objects.find((o) => o.kind === 'Canary')!;
  const templates = objects.filter((o) => o.kind === 'MetricTemplate');

  test('Gateway API provider, the Service as route parent, the reference steps', () => {
    expect(canary.apiVersion).toBe('flagger.app/v1beta1');
    expect(canary.spec.provider).toBe('gatewayapi:v1');
    expect(canary.spec.service.gatewayRefs).toEqual([{ group: 'core', kind: 'Service', name: 'model-server', namespace: 'mlops', port: 8443 }]);
    expect(canary.spec.analysis).toMatchObject({ interval: '15m', threshold: 1, stepWeights: [10, 25, 50, 75, 100] });
  });

  test('rolls back above 1 % errors or 500 ms p99, each judged over the whole step', () => {
    expect(canary.spec.analysis.metrics).toEqual([
      { name: 'error-rate', templateRef: { name: 'linkerd-error-rate', namespace: 'mlops' }, thresholdRange: { max: 1 }, interval: '15m' },
      { name: 'p99-latency', templateRef: { name: 'linkerd-p99-latency', namespace: 'mlops' }, thresholdRange: { max: 500 }, interval: '15m' },
    ]);
  });

  test('MetricTemplates query Linkerd\'s proxy metrics of the canary Deployment in linkerd-viz Prometheus', () => {
    expect(templates.map((t) => t.metadata.name)).toEqual(['linkerd-error-rate', 'linkerd-p99-latency']);
    for (const t of templates) expect(t.spec.provider).toEqual({ type: 'prometheus', address: LINKERD_VIZ_PROMETHEUS });
    expect(templates[0].spec.query).toBe(ERROR_RATE_QUERY);
    expect(ERROR_RATE_QUERY).toContain('response_total{namespace="{{ namespace }}", deployment=~"{{ target }}", direction="inbound", classification="failure"}');
    expect(P99_LATENCY_QUERY).toMatch(/^histogram_quantile\(0\.99, sum\(rate\(response_latency_ms_bucket\{.*deployment=~"\{\{ target \}\}".*\}\[\{\{ interval \}\}\]\)\) by \(le\)\)$/);
  });

  test('the mapping is reported as a synth warning', () => {
    const warnings = collectSynthWarnings(chart);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe('test/model-server/canary');
    expect(warnings[0].message).toContain('the rollout takes 75 min instead of 45');
  });
});

describe('mutual exclusion per Service', () => {
  test('a static split route on a canaried Service fails at synth', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
    expect(() => new ModelRoutes(chart, 'routes', {
      service: { name: 'model-server', namespace: 'mlops', port: 8443 },
      backends: [{ name: 'model-server-v1', weight: 90 }, { name: 'model-server-v2', weight: 10 }],
      rules: [{ name: 'all', path: { value: '/' } }],
    })).toThrow('Service mlops/model-server already has its traffic driven by canary test/model-server/canary');
  });

  test('a canary on a Service that already has a static split fails at synth', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'split', { versions: [{ ...V2, name: 'v1' }, V2], traffic: { split: { v1: 90, v2: 10 } } });
    expect(() => new ModelServer(chart, 'canary', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } }))
      .toThrow('Service mlops/model-server already has its traffic driven by static-split test/split/routes; a Service takes one traffic controller (canary requested)');
  });
});
