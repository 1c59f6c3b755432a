import { allClusterObjects,sharedSynth } from '../support/example-synth';
import { Behaviour,promotionGateBounds,promotionRollbackRule,runCanaryModel,templateSignal,WindowSignals } from '../support/flagger-canary-model';

// Every Canary of every cluster folder, run through a model of Flagger's scheduler (test/support/flagger-canary-model.ts)
// with metric levels taken from the emitted config itself: the rollback bounds of its metrics and the promotion bounds
// of its webhooks. Each level must lead to the outcome the platform promises (docs/serving.md).

const example = sharedSynth();
const objects = allClusterObjects(example) as any[];
const canaries = objects.filter((o) => o.kind === 'Canary');
const templates = objects.filter((o) => o.kind === 'MetricTemplate');

test('the environments hold canaries on both clouds', () => {
  const clusters = new Set(Object.keys(example.files).filter((f) => /^dist\/[^/]+\/[^/]+\/serving\.yaml$/.test(f) && example.files[f].includes('kind: Canary')));
  expect(clusters.size).toBeGreaterThanOrEqual(2);
  expect([...clusters].some((f) => f.includes('/aks-')) && [...clusters].some((f) => f.includes('/gke-'))).toBe(true);
});

describe.each(canaries.map((c) => [`${c.metadata.namespace}/${c.metadata.name} (${c.spec.service.gatewayRefs[0].name})`, c] as const))('Canary %s', (_name, canary) => {
  const analysis = canary.spec.analysis;
  const lastStep = analysis.stepWeights[analysis.stepWeights.length - 1];
  const gate = promotionGateBounds(analysis.webhooks.find((h: any) => h.type === 'confirm-promotion').metadata.cmd);
  const rollbackHook = promotionRollbackRule(analysis.webhooks.find((h: any) => h.type === 'rollback').metadata.cmd);
  const rollbackBound = (signal: keyof WindowSignals, side: 'min' | 'max') => {
    const metric = analysis.metrics.find((m: any) => templateSignal(templates.find((t) => t.metadata.name === m.templateRef.name).spec.query) === signal);
    return metric.thresholdRange[side] as number;
  };
  const maxP99 = rollbackBound('p99Ms', 'max');
  const minAccuracy = rollbackBound('accuracy', 'min');
  // Levels that pass both tiers, and levels between the tiers (pass rollback, miss promotion).
  const healthy: WindowSignals = { errorRatePercent: 0, p99Ms: gate.p99Ms / 2, accuracy: (gate.accuracy + 1) / 2 };
  const run = (behaviour: Behaviour) => runCanaryModel(canary, templates, behaviour);
  const steady = (w: WindowSignals): Behaviour => () => w;

  test('steps stop below 100 % and the tiers are ordered: promotion is stricter than rollback', () => {
    expect(lastStep).toBeLessThan(100);
    expect(gate.p99Ms).toBeLessThan(maxP99);
    expect(gate.accuracy).toBeGreaterThan(minAccuracy);
    expect(analysis.threshold).toBeGreaterThanOrEqual(2);
    // The rollback webhook judges the same bounds as the promotion gate, over whole analysis windows.
    expect({ ...rollbackHook, windows: undefined, windowMinutes: undefined }).toEqual({ ...gate, windows: undefined, windowMinutes: undefined });
    expect(`${rollbackHook.windowMinutes}m`).toBe(analysis.interval);
  });

  test('a healthy version is promoted at the last step, never having all traffic', () => {
    const outcome = run(steady(healthy));
    expect(outcome).toMatchObject({ phase: 'Succeeded', maxCanaryWeight: lastStep });
    expect(outcome.trace).toContain(`${analysis.stepWeights.length + 1}: promotion gate passed at ${lastStep}%`);
  });

  test('a version between the tiers on latency (passes rollback, misses promotion) is rolled back, not left waiting', () => {
    const outcome = run(steady({ ...healthy, p99Ms: (gate.p99Ms + maxP99) / 2 }));
    expect(outcome).toMatchObject({ phase: 'Failed', reason: 'rollback webhook' });
    expect(outcome.maxCanaryWeight).toBeLessThan(100);
    expect(outcome.intervals).toBeLessThanOrEqual(analysis.stepWeights.length + rollbackHook.windows + 1);
  });

  test('a version between the tiers on accuracy is rolled back the same way', () => {
    expect(run(steady({ ...healthy, accuracy: (gate.accuracy + minAccuracy) / 2 }))).toMatchObject({ phase: 'Failed', reason: 'rollback webhook' });
  });

  test('fewer slow windows in a row than the webhook needs do not roll back', () => {
    const slowFor = rollbackHook.windows - 1;
    const outcome = run((i) => (i >= 2 && i < 2 + slowFor ? { ...healthy, p99Ms: (gate.p99Ms + maxP99) / 2 } : healthy));
    expect(outcome.phase).toBe('Succeeded');
  });

  test('a version over a rollback bound is rolled back within threshold windows of getting traffic, at its first step', () => {
    // It misses the promotion tier too, so whichever of the two rules Flagger runs first on that interval rolls it back.
    for (const bad of [{ ...healthy, p99Ms: maxP99 * 2 }, { ...healthy, accuracy: minAccuracy / 2 }, { ...healthy, errorRatePercent: 50 }]) {
      const outcome = run(steady(bad));
      expect(outcome).toMatchObject({ phase: 'Failed', maxCanaryWeight: analysis.stepWeights[0] });
      expect(outcome.intervals).toBeLessThanOrEqual(analysis.threshold + 2);
    }
  });

  test('one window without data (no ground truth yet, a Prometheus restart) does not roll back a healthy version', () => {
    expect(run((i) => (i === 3 ? 'no-data' : healthy))).toMatchObject({ phase: 'Succeeded' });
  });

  test('as many empty windows as the threshold roll back: silence is not success', () => {
    const empty = new Set(Array.from({ length: analysis.threshold }, (_, k) => 2 + 2 * k));
    expect(run((i) => (empty.has(i) ? 'no-data' : healthy))).toMatchObject({ phase: 'Failed', reason: 'failed checks' });
  });
});
