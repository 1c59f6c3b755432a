import { Canary, CanarySpecProvider, CanarySpecTargetRefKind } from '../../imports/flagger-canary-flagger.app';
import { Issues } from '../../lib/core/validation';
import { addCanaryQualityGate, promotionCheckCommand, promotionRollbackCommand, qualityTemplateNames } from '../../lib/k8s/quality/canary-quality-gate';
import { canaryAccuracyQuery, canaryErrorRateQuery, FLAGGER_TEMPLATE_SCOPE } from '../../lib/k8s/quality/canary-quality-queries';
import { QualityGates, qualityGatesRules, REFERENCE_QUALITY_GATES } from '../../lib/k8s/quality/quality-gates';
import { LINKERD_VIZ_PROMETHEUS } from '../../lib/contract/flagger';
import { ModelServer } from '../../lib/k8s/serving/model-server';
import { REFERENCE_CANARY_PLAN } from '../../lib/k8s/serving/canary-plan';
import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { must } from './fixtures';

const props = { namespace: 'mlops', targetName: 'model-server', intervalMinutes: 15 };
const QUALITY_TEMPLATE_NAMES = qualityTemplateNames('model-server');

function canaryWithGates(gateProps = props) {
  const { chart } = clusterChart();
  const quality = addCanaryQualityGate(chart, gateProps);
  new Canary(chart, 'canary', {
    metadata: { name: 'model-server', namespace: 'mlops' },
    spec: {
      provider: CanarySpecProvider.GATEWAYAPI_V1,
      targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: 'model-server' },
      service: { port: 8443, gatewayRefs: [{ group: 'core', kind: 'Service', name: 'model-server', namespace: 'mlops', port: 8443 }] },
      analysis: { interval: '15m', threshold: 2, stepWeights: [10, 25, 50, 75], metrics: quality.metrics, webhooks: quality.webhooks },
    },
  });
  return synthObjects(chart);
}

describe('canary quality gate', () => {
  const objects = canaryWithGates();
  const canary = must(objects, (o) => o.kind === 'Canary');

  test('the Canary and its MetricTemplates are schema-valid', () => expectValidManifests(objects));

  test('the rollback tier is thresholdRange on error rate, p99 and accuracy with the reference bounds', () => {
    expect(canary.spec.analysis.metrics.map((m: any) => [m.name, m.templateRef.name, m.thresholdRange])).toEqual([
      ['error-rate', QUALITY_TEMPLATE_NAMES.errorRate, { max: 1 }],
      ['p99-latency', QUALITY_TEMPLATE_NAMES.p99Latency, { max: 500 }],
      ['accuracy', QUALITY_TEMPLATE_NAMES.accuracy, { min: 0.9 }],
    ]);
  });

  test('the accuracy metric reads the model server metric from the canary pods only', () => {
    const accuracy = must(objects, (o) => o.kind === 'MetricTemplate' && o.metadata.name === QUALITY_TEMPLATE_NAMES.accuracy);
    expect(accuracy.spec.provider).toEqual({ type: 'prometheus', address: LINKERD_VIZ_PROMETHEUS });
    expect(accuracy.spec.query).toBe('min(min_over_time(model_prediction_accuracy{namespace="{{ namespace }}", deployment="{{ target }}"}[{{ interval }}]))');
    // Accuracy needs ground truth: its window is never shorter than 10 minutes.
    expect(must(canary.spec.analysis.metrics, (m: any) => m.name === 'accuracy').interval).toBe('15m');
  });

  test('the error-rate template is never empty when nothing failed and names the inbound direction', () => {
    const q = canaryErrorRateQuery(FLAGGER_TEMPLATE_SCOPE);
    expect(q).toContain('classification="failure"');
    expect(q).toContain(' or 0 * sum(rate(response_total{namespace="{{ namespace }}", deployment="{{ target }}", direction="inbound"}');
  });

  test('the promotion tier is a blocking confirm-promotion webhook through the load tester, with the stricter bounds', () => {
    expect(canary.spec.analysis.webhooks.map((h: any) => h.type)).toEqual(['confirm-promotion', 'rollback']);
    const hook = canary.spec.analysis.webhooks[0];
    expect(hook).toMatchObject({ type: 'confirm-promotion', url: 'http://flagger-loadtester.flagger-system/', metadata: { type: 'bash' } });
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['linkerd-viz/prometheus-admin-flagger-loadtester']);
    expect(hook.metadata.cmd).toContain("'$e <= 1 and $l <= 200 and $a >= 0.95'");
    expect(hook.metadata.cmd).toContain(`'${LINKERD_VIZ_PROMETHEUS}/api/v1/query'`);
    // Flagger does not template webhook metadata: the names are literal.
    expect(hook.metadata.cmd).toContain('namespace="mlops", deployment="model-server"');
    expect(hook.metadata.cmd).not.toContain('{{');
    expect(canaryAccuracyQuery({ ns: 'mlops', target: 'model-server', window: '15m' })).not.toMatch(/'/);
  });

  test('no mirroring is emitted', () => {
    expect(canary.spec.analysis.mirror).toBeUndefined();
    expect(canary.spec.service.mirror).toBeUndefined();
  });

  test('custom gates flow into both tiers', () => {
    const gates: QualityGates = { rollback: { maxErrorRatePercent: 2, maxP99LatencyMs: 800, minAccuracy: 0.8 }, promotion: { maxErrorRatePercent: 0.5, maxP99LatencyMs: 300, minAccuracy: 0.9 } };
    const cmd = promotionCheckCommand({ ...props, gates });
    expect(cmd).toContain("'$e <= 0.5 and $l <= 300 and $a >= 0.9'");
    const rollback = promotionRollbackCommand({ ...props, gates, missedPromotionWindowsBeforeRollback: 4 });
    expect(rollback).toMatch(/> bool 0\.5\) \+ \(.*> bool 300\) \+ \(.*< bool 0\.9\)/);
    expect(rollback).toContain('[60m:15m]) >= 4 and ');
    const custom = must(canaryWithGates({ ...props, gates } as typeof props), (o) => o.kind === 'Canary');
    expect(custom.spec.analysis.metrics.map((m: any) => m.thresholdRange)).toEqual([{ max: 2 }, { max: 800 }, { min: 0.8 }]);
  });
});

describe('the ModelServer canary is judged by the quality gate', () => {
  const V2 = { name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/var/cache/model/v2', autoscaling: { minReplicas: 2, maxReplicas: 4 } };

  function canaryOf(gates?: QualityGates, plan = REFERENCE_CANARY_PLAN) {
    const { chart } = clusterChart();
    new ModelServer(chart, 'model-server', { versions: [V2], traffic: { canary: plan, qualityGates: gates } });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    return { objects, canary: must(objects, (o) => o.kind === 'Canary') };
  }

  /** The bounds the promotion check's jq test enforces, read back from the emitted command. */
  function promotionBounds(cmd: string) {
    const m = /'\$e <= ([\d.]+) and \$l <= ([\d.]+) and \$a >= ([\d.]+)'/.exec(cmd);
    if (!m) throw new Error(`no promotion test in ${cmd}`);
    return { maxErrorRatePercent: Number(m[1]), maxP99LatencyMs: Number(m[2]), minAccuracy: Number(m[3]) };
  }
  const rollbackBounds = (canary: any) => {
    const range = (name: string) => must(canary.spec.analysis.metrics, (m: any) => m.name === name).thresholdRange;
    return { maxErrorRatePercent: range('error-rate').max, maxP99LatencyMs: range('p99-latency').max, minAccuracy: range('accuracy').min };
  };

  test('the metric set includes accuracy, read from the server\'s own metric', () => {
    const { canary, objects } = canaryOf();
    expect(canary.spec.analysis.metrics.map((m: any) => m.name)).toEqual(['error-rate', 'p99-latency', 'accuracy']);
    const accuracy = must(objects, (o) => o.kind === 'MetricTemplate' && o.metadata.name === QUALITY_TEMPLATE_NAMES.accuracy);
    expect(accuracy.spec.query).toContain('model_prediction_accuracy{');
  });

  test('the emitted thresholds are the configured tiers, and the plan\'s', () => {
    const { canary } = canaryOf();
    expect(rollbackBounds(canary)).toEqual(REFERENCE_QUALITY_GATES.rollback);
    expect(rollbackBounds(canary)).toMatchObject({ maxErrorRatePercent: REFERENCE_CANARY_PLAN.maxErrorRatePercent, maxP99LatencyMs: REFERENCE_CANARY_PLAN.maxP99LatencyMs });
    expect(promotionBounds(canary.spec.analysis.webhooks[0].metadata.cmd)).toEqual(REFERENCE_QUALITY_GATES.promotion);
  });

  test.each([
    ['reference', REFERENCE_QUALITY_GATES],
    ['custom', { rollback: { maxErrorRatePercent: 3, maxP99LatencyMs: 900, minAccuracy: 0.8 }, promotion: { maxErrorRatePercent: 0.5, maxP99LatencyMs: 250, minAccuracy: 0.92 } }],
  ] as const)('as emitted, the %s promotion tier is at least as strict as the rollback tier on every signal', (_label, gates) => {
    const plan = { ...REFERENCE_CANARY_PLAN, maxErrorRatePercent: gates.rollback.maxErrorRatePercent, maxP99LatencyMs: gates.rollback.maxP99LatencyMs };
    const { canary } = canaryOf(gates, plan);
    const rollback = rollbackBounds(canary);
    const promotion = promotionBounds(canary.spec.analysis.webhooks[0].metadata.cmd);
    expect(rollback).toEqual(gates.rollback);
    expect(promotion).toEqual(gates.promotion);
    expect(promotion.maxErrorRatePercent).toBeLessThanOrEqual(rollback.maxErrorRatePercent);
    expect(promotion.maxP99LatencyMs).toBeLessThanOrEqual(rollback.maxP99LatencyMs);
    expect(promotion.minAccuracy).toBeGreaterThanOrEqual(rollback.minAccuracy);
  });
});

describe('quality gate rules', () => {
  const messages = (gates: QualityGates) => {
    const issues = new Issues('gates');
    qualityGatesRules(gates, issues);
    return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
  };

  test('the reference tiers are consistent', () => expect(messages(REFERENCE_QUALITY_GATES)).toEqual([]));

  test('a promotion p99 above the rollback bound is refused', () => {
    expect(messages({ ...REFERENCE_QUALITY_GATES, promotion: { ...REFERENCE_QUALITY_GATES.promotion, maxP99LatencyMs: 600 } }))
      .toEqual(['gates.promotion.maxP99LatencyMs = 600: must be at most rollback.maxP99LatencyMs (500): promotion must be at least as strict as rollback']);
  });

  test('a promotion accuracy below the rollback floor is refused', () => {
    expect(messages({ ...REFERENCE_QUALITY_GATES, promotion: { ...REFERENCE_QUALITY_GATES.promotion, minAccuracy: 0.85 } }))
      .toEqual(['gates.promotion.minAccuracy = 0.85: must be at least rollback.minAccuracy (0.9): promotion must be at least as strict as rollback']);
  });

  test('a promotion error rate above the rollback bound is refused', () => {
    expect(messages({ ...REFERENCE_QUALITY_GATES, promotion: { ...REFERENCE_QUALITY_GATES.promotion, maxErrorRatePercent: 5 } }))
      .toEqual(['gates.promotion.maxErrorRatePercent = 5: must be at most rollback.maxErrorRatePercent (1): promotion must be at least as strict as rollback']);
  });

  test.each([
    ['accuracy above 1', { minAccuracy: 1.5 }, 'gates.rollback.minAccuracy = 1.5: must be a ratio above 0 and at most 1'],
    ['error rate of 100 %', { maxErrorRatePercent: 100 }, 'gates.rollback.maxErrorRatePercent = 100: must be a percentage from 0 up to (not including) 100'],
    ['p99 of 0 ms', { maxP99LatencyMs: 0 }, 'gates.rollback.maxP99LatencyMs = 0: must be between 1 and 600000 milliseconds'],
  ])('out of range: %s', (_label, change, message) => {
    expect(messages({ ...REFERENCE_QUALITY_GATES, rollback: { ...REFERENCE_QUALITY_GATES.rollback, ...change } })).toContain(message);
  });

  test('addCanaryQualityGate throws with the construct path and every problem', () => {
    const { chart } = clusterChart();
    expect(() => addCanaryQualityGate(chart, { ...props, intervalMinutes: 5, accuracyWindowMinutes: 2 }))
      .toThrow('accuracyWindowMinutes = 2: must be a whole number of minutes, at least intervalMinutes (5)');
  });
});
