import { JsonPatch } from 'cdk8s';
import { Issues } from '../../lib/core/validation';
import { canaryPlanGatesRules, canaryPlanRules, CanaryPlan, REFERENCE_CANARY_PLAN, toFlaggerAnalysis } from '../../lib/k8s/serving/canary-plan';
import { ModelServer } from '../../lib/k8s/serving/model-server';
import { ModelCanary } from '../../lib/k8s/serving/model-canary';
import { collectSynthWarnings } from '../../lib/k8s/serving/synth-warnings';
import { ModelRoutes } from '../../lib/k8s/mesh/model-routes';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { REFERENCE_QUALITY_GATES } from '../../lib/k8s/quality/quality-gates';
import { MODEL_SERVER_FAILURE_ACCRUAL } from '../../lib/k8s/resilience/failure-accrual';
import { FLAGGER_LOADTESTER, LINKERD_VIZ_PROMETHEUS } from '../../lib/contract/flagger';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const V2 = { name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/var/cache/model/v2', autoscaling: { minReplicas: 3, maxReplicas: 6 } };

function issuesOf(plan: CanaryPlan): string[] {
  const issues = new Issues('plan');
  canaryPlanRules(plan, issues);
  return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
}

describe('canary plan validation', () => {
  test('the reference plan is valid', () => {
    expect(issuesOf(REFERENCE_CANARY_PLAN)).toEqual([]);
  });

  test('steps must strictly increase', () => {
    const plan = { ...REFERENCE_CANARY_PLAN, steps: [{ weight: 25, durationMinutes: 5 }, { weight: 10, durationMinutes: 5 }, { weight: 10, durationMinutes: 5 }] };
    expect(issuesOf(plan)).toEqual([
      "plan.steps[1].weight = 10: must be greater than the previous step's weight (25): a rollout only moves traffic forward",
      "plan.steps[2].weight = 10: must be greater than the previous step's weight (10): a rollout only moves traffic forward",
    ]);
  });

  test('no step reaches 100 before the promotion gate', () => {
    const plan = { ...REFERENCE_CANARY_PLAN, steps: [{ weight: 50, durationMinutes: 5 }, { weight: 100, durationMinutes: 5 }] };
    expect(issuesOf(plan)).toEqual([
      "plan.steps[1].weight = 100: must stay below 100: Flagger runs the promotion gate once the canary holds the last step's weight (maxWeight, pkg/controller/scheduler.go), so a step at 100 hands all traffic to the new version before the gate; end at 75, for example",
    ]);
  });

  test('weights, durations, thresholds and rollback tolerance are sane', () => {
    const plan: CanaryPlan = {
      steps: [{ weight: 0, durationMinutes: 0 }, { weight: 101, durationMinutes: 2.5 }], maxErrorRatePercent: 0, maxP99LatencyMs: 0,
      failedChecksBeforeRollback: 1, missedPromotionWindowsBeforeRollback: 1,
    };
    expect(issuesOf(plan)).toEqual([
      'plan.steps[0].weight = 0: must be a whole percentage 1-99',
      'plan.steps[0].durationMinutes = 0: must be a whole number of minutes >= 1',
      'plan.steps[1].weight = 101: must be a whole percentage 1-99',
      'plan.steps[1].durationMinutes = 2.5: must be a whole number of minutes >= 1',
      'plan.maxErrorRatePercent = 0: must be above 0 and at most 50 percent',
      'plan.maxP99LatencyMs = 0: must be between 1 and 600000 milliseconds',
      'plan.failedChecksBeforeRollback = 1: must be a whole number >= 2: Flagger counts a window without data as a failed check (pkg/metrics/providers/prometheus.go ErrNoValuesFound), so 1 rolls back a healthy version on one empty window',
      'plan.missedPromotionWindowsBeforeRollback = 1: must be a whole number >= 2: one slow window should not roll a version back',
    ]);
    expect(issuesOf({ ...REFERENCE_CANARY_PLAN, steps: [] })).toEqual(['plan.steps = []: must list at least one step']);
  });
});

describe('mapping the plan onto Flagger', () => {
  test('uneven durations run at the longest step, and the difference is stated', () => {
    const mapping = toFlaggerAnalysis(REFERENCE_CANARY_PLAN);
    expect(mapping.intervalMinutes).toBe(15);
    expect(mapping.stepWeights).toEqual([10, 25, 50, 75]);
    expect(mapping.totalMinutes).toBe(60);
    expect(mapping.deviations).toEqual([
      'Flagger holds every step for one interval, so the steps run 15 min each (the longest planned step): 10% 5->15 min, 25% 10->15 min, 75% 10->15 min; the rollout takes 60 min instead of 40.',
    ]);
  });

  test('even durations map exactly, without a warning', () => {
    const mapping = toFlaggerAnalysis({ ...REFERENCE_CANARY_PLAN, steps: [{ weight: 20, durationMinutes: 4 }, { weight: 80, durationMinutes: 4 }] });
    expect(mapping).toMatchObject({ intervalMinutes: 4, totalMinutes: 8, deviations: [] });
  });
});

describe('the reference canary on the model server', () => {
  const { chart } = clusterChart();
  new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
  const objects = synthObjects(chart);
  const canary = objects.find((o) => o.kind === 'Canary')!;
  const templates = objects.filter((o) => o.kind === 'MetricTemplate');

  test('every object is schema-valid', () => expectValidManifests(objects));

  test('Gateway API provider, the Service as route parent, the reference steps', () => {
    expect(canary.apiVersion).toBe('flagger.app/v1beta1');
    expect(canary.spec.provider).toBe('gatewayapi:v1');
    expect(canary.spec.service.gatewayRefs).toEqual([{ group: 'core', kind: 'Service', name: 'model-server', namespace: 'mlops', port: 8443 }]);
    expect(canary.spec.analysis).toMatchObject({ interval: '15m', threshold: 2, stepWeights: [10, 25, 50, 75] });
    expect(canary.spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'model-server' });
  });

  test('rolls back above 1 % errors, 500 ms p99 or below 0.90 accuracy; mesh checks cover the whole step', () => {
    const ref = (name: string) => ({ name, namespace: 'mlops' });
    expect(canary.spec.analysis.metrics).toEqual([
      { name: 'error-rate', templateRef: ref('model-server-error-rate'), thresholdRange: { max: 1 }, interval: '15m' },
      { name: 'p99-latency', templateRef: ref('model-server-p99-latency'), thresholdRange: { max: 500 }, interval: '15m' },
      { name: 'accuracy', templateRef: ref('model-server-accuracy'), thresholdRange: { min: 0.9 }, interval: '15m' },
    ]);
  });

  test('one set of MetricTemplates, the quality gate\'s, each metric pointing at one of them', () => {
    expect(templates.map((t) => t.metadata.name)).toEqual(['model-server-error-rate', 'model-server-p99-latency', 'model-server-accuracy']);
    for (const t of templates) expect(t.spec.provider).toEqual({ type: 'prometheus', address: LINKERD_VIZ_PROMETHEUS });
    expect(canary.spec.analysis.metrics.map((m: any) => m.templateRef.name).sort()).toEqual(templates.map((t) => t.metadata.name).sort());
  });

  test('the error-rate template reads 0 when nothing failed instead of returning no value', () => {
    const query: string = templates.find((t) => t.metadata.name === 'model-server-error-rate')!.spec.query;
    const total = 'sum(rate(response_total{namespace="{{ namespace }}", deployment="{{ target }}", direction="inbound"}[{{ interval }}]))';
    const failed = 'sum(rate(response_total{namespace="{{ namespace }}", deployment="{{ target }}", direction="inbound", classification="failure"}[{{ interval }}]))';
    expect(query).toBe(`100 * (${failed} or 0 * ${total}) / ${total}`);
  });

  test('promotes only through the confirm-promotion check at p99 <= 200 ms, errors <= 1 %, accuracy >= 0.95', () => {
    expect(canary.spec.analysis.webhooks.map((h: any) => h.type)).toEqual(['confirm-promotion', 'rollback']);
    const hook = canary.spec.analysis.webhooks[0];
    expect(hook).toMatchObject({ type: 'confirm-promotion', url: FLAGGER_LOADTESTER.url, metadata: { type: 'bash' } });
    expect(hook.metadata.cmd).toContain("'$e <= 1 and $l <= 200 and $a >= 0.95'");
    expect(hook.metadata.cmd).toContain('namespace="mlops", deployment="model-server"');
  });

  test('rolls back through the rollback webhook after 3 windows in a row below the promotion tier', () => {
    const hook = canary.spec.analysis.webhooks[1];
    expect(hook).toMatchObject({ name: 'promotion-quality-rollback', type: 'rollback', url: FLAGGER_LOADTESTER.url, metadata: { type: 'bash' } });
    expect(hook.metadata.cmd).toContain('> bool 1) + (');
    expect(hook.metadata.cmd).toContain(') > bool 200) + (');
    expect(hook.metadata.cmd).toContain(') < bool 0.95)');
    expect(hook.metadata.cmd).toMatch(/count_over_time\(.*\[45m:15m\]\) >= 3 and min_over_time\(.*\[45m:15m\]\) >= 1/);
  });

  test('the load tester may query linkerd-viz\'s Prometheus, like Flagger\'s chart authorizes Flagger', () => {
    const policies = objects.filter((o) => o.kind === 'AuthorizationPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0].metadata).toEqual({ name: 'prometheus-admin-flagger-loadtester', namespace: 'linkerd-viz' });
    expect(policies[0].spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' },
      requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'flagger-loadtester', namespace: 'flagger-system' }],
    });
  });

  test('the apex Service Flagger creates carries the reference circuit breaker', () => {
    expect(canary.spec.service.apex).toEqual({ annotations: {
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': String(MODEL_SERVER_FAILURE_ACCRUAL.maxFailures),
      'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': MODEL_SERVER_FAILURE_ACCRUAL.minPenalty,
      'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': MODEL_SERVER_FAILURE_ACCRUAL.maxPenalty,
    } });
  });

  test('the mapping is reported as a synth warning', () => {
    const warnings = collectSynthWarnings(chart);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe('test/model-server/canary');
    expect(warnings[0].message).toContain('the rollout takes 60 min instead of 40');
  });
});

describe('the canary\'s gates come from traffic.qualityGates', () => {
  const gates = { rollback: { maxErrorRatePercent: 2, maxP99LatencyMs: 800, minAccuracy: 0.85 }, promotion: { maxErrorRatePercent: 0.5, maxP99LatencyMs: 300, minAccuracy: 0.93 } };
  const plan = { ...REFERENCE_CANARY_PLAN, maxErrorRatePercent: 2, maxP99LatencyMs: 800 };

  test('both tiers follow the configured gates', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: plan, qualityGates: gates }, failureAccrual: 'none' });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const canary = objects.find((o) => o.kind === 'Canary')!;
    expect(canary.spec.analysis.metrics.map((m: any) => [m.name, m.thresholdRange])).toEqual([
      ['error-rate', { max: 2 }], ['p99-latency', { max: 800 }], ['accuracy', { min: 0.85 }],
    ]);
    expect(canary.spec.analysis.webhooks[0].metadata.cmd).toContain("'$e <= 0.5 and $l <= 300 and $a >= 0.93'");
    expect(canary.spec.service.apex).toBeUndefined();
  });

  test('the plan\'s rollback bounds must equal the gates\' rollback tier', () => {
    const { chart } = clusterChart();
    expect(() => new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN, qualityGates: gates } })).toThrow(
      'traffic.canary.maxErrorRatePercent = 1: must equal qualityGates.rollback.maxErrorRatePercent (2): both are the canary\'s error-rate rollback bound; change them together');
    expect(() => new ModelServer(chart, 'other', { name: 'other', versions: [V2], traffic: { canary: { ...REFERENCE_CANARY_PLAN, maxP99LatencyMs: 800 } } })).toThrow(
      'traffic.canary.maxP99LatencyMs = 800: must equal qualityGates.rollback.maxP99LatencyMs (500): both are the canary\'s p99 rollback bound; change them together');
  });

  test('the reference plan and the reference gates agree', () => {
    const issues = new Issues('traffic');
    canaryPlanGatesRules(REFERENCE_CANARY_PLAN, REFERENCE_QUALITY_GATES.rollback, issues);
    expect(issues.all).toEqual([]);
  });

  test('contradicting tiers and gates without a canary are refused', () => {
    const { chart } = clusterChart();
    const loose = { ...REFERENCE_QUALITY_GATES, promotion: { ...REFERENCE_QUALITY_GATES.promotion, maxP99LatencyMs: 600 } };
    expect(() => new ModelServer(chart, 'a', { name: 'a', versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN, qualityGates: loose } }))
      .toThrow('traffic.qualityGates.promotion.maxP99LatencyMs = 600: must be at most rollback.maxP99LatencyMs (500)');
    expect(() => new ModelServer(chart, 'b', { name: 'b', versions: [V2], traffic: { qualityGates: REFERENCE_QUALITY_GATES } }))
      .toThrow(/traffic\.qualityGates = \{"rollback".*: only a canary is gated: set traffic\.canary, or remove the gates/);
  });

  test('ModelCanary names its own props in the agreement rule', () => {
    const { chart } = clusterChart();
    expect(() => new ModelCanary(chart, 'canary', {
      namespace: 'mlops', serviceName: 'm', deploymentName: 'm', routedPort: { name: 'http', port: 8080, protocol: 'http1' },
      plan: REFERENCE_CANARY_PLAN, qualityGates: gates, progressDeadlineSeconds: 900, labels: {},
    })).toThrow('plan.maxErrorRatePercent = 1: must equal qualityGates.rollback.maxErrorRatePercent (2)');
  });

  test('two canaries in one namespace get their own templates; the load tester is authorized once', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'a', { name: 'model-a', versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
    new ModelServer(chart, 'b', { name: 'model-b', versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const names = objects.filter((o) => o.kind === 'MetricTemplate').map((t) => t.metadata.name);
    expect(new Set(names).size).toBe(6);
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy')).toHaveLength(1);
  });

  test('a custom Prometheus is the caller\'s to authorize: no viz policy is emitted for it', () => {
    const { chart } = clusterChart();
    new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN, prometheusAddress: 'http://prometheus.monitoring:9090' } });
    const objects = synthObjects(chart);
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy')).toHaveLength(0);
    for (const t of objects.filter((o) => o.kind === 'MetricTemplate')) expect(t.spec.provider.address).toBe('http://prometheus.monitoring:9090');
    expect(objects.find((o) => o.kind === 'Canary')!.spec.analysis.webhooks[0].metadata.cmd).toContain("'http://prometheus.monitoring:9090/api/v1/query'");
  });
});

describe('mirroring is refused without being asked for', () => {
  test('a Flagger mirror option added to a ModelServer canary fails synth', () => {
    const { app, chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops' });
    const server = new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: REFERENCE_CANARY_PLAN } });
    expect(() => app.synth()).not.toThrow();
    server.canary!.canary.addJsonPatch(JsonPatch.add('/spec/analysis/mirror', true));
    expect(() => app.synth()).toThrow('Canary mlops/model-server: spec.analysis.mirror = true: must not be set; Linkerd 2.20 drops any route with a RequestMirror filter');
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
