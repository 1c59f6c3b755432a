import { Issues } from '../../core/validation';
import { GateBounds } from '../quality/quality-gates';

/** One stage of a rollout: the share of traffic the new version gets, and how long it is watched there. */
export interface CanaryStep {
  /** Percent of requests sent to the new version, 1-100. */
  readonly weight: number;
  /** Minutes at this weight. */
  readonly durationMinutes: number;
}

/** A progressive rollout: steps below 100 %, the promotion gate, and the limits that roll it back. */
export interface CanaryPlan {
  /**
   * Strictly increasing weights, all below 100. Flagger runs the promotion gate once the canary holds the last
   * step's weight, so the primary keeps serving the rest until the new version is promoted.
   */
  readonly steps: readonly CanaryStep[];
  /**
   * Roll back when more than this percent of requests fail (Linkerd `classification="failure"`). Must equal the
   * quality gates' `rollback.maxErrorRatePercent` (`canaryPlanGatesRules`).
   */
  readonly maxErrorRatePercent: number;
  /**
   * Roll back when the 99th percentile latency exceeds this many milliseconds. Must equal the quality gates'
   * `rollback.maxP99LatencyMs` (`canaryPlanGatesRules`).
   */
  readonly maxP99LatencyMs: number;
  /**
   * Failed checks that roll back (Flagger `analysis.threshold`). Flagger counts them over the whole rollout, not in a
   * row, and a window without data is a failed check, so at least 2: one empty window (no ground truth yet, a restart
   * of linkerd-viz's in-memory Prometheus) must not roll back a healthy version.
   * @default 2
   */
  readonly failedChecksBeforeRollback?: number;
  /**
   * Roll back once the new version has missed the promotion tier (the promotion gate's bounds) in this many analysis
   * windows in a row, at any step: a version that cannot pass the gate would otherwise wait at the last step, neither
   * promoted nor rolled back, while the rollback tier holds (a Flagger `rollback` webhook). At least 2.
   * @default 3
   */
  readonly missedPromotionWindowsBeforeRollback?: number;
}

export const DEFAULT_FAILED_CHECKS_BEFORE_ROLLBACK = 2;
export const DEFAULT_MISSED_PROMOTION_WINDOWS_BEFORE_ROLLBACK = 3;

/**
 * The reference plan: 10/25/50/75 % for 5/10/15/10 minutes, then the promotion gate at 75 %; roll back above 1 %
 * errors or 500 ms p99, after 2 failed checks, or after 3 windows in a row below the promotion tier.
 */
export const REFERENCE_CANARY_PLAN: CanaryPlan = {
  steps: [
    { weight: 10, durationMinutes: 5 },
    { weight: 25, durationMinutes: 10 },
    { weight: 50, durationMinutes: 15 },
    { weight: 75, durationMinutes: 10 },
  ],
  maxErrorRatePercent: 1,
  maxP99LatencyMs: 500,
  failedChecksBeforeRollback: DEFAULT_FAILED_CHECKS_BEFORE_ROLLBACK,
  missedPromotionWindowsBeforeRollback: DEFAULT_MISSED_PROMOTION_WINDOWS_BEFORE_ROLLBACK,
};

// Above this an "error budget" stops protecting anything; below 1 ms a p99 bound is noise.
const MAX_SANE_ERROR_RATE_PERCENT = 50;
const MIN_SANE_P99_MS = 1;
const MAX_SANE_P99_MS = 600_000;

export function canaryPlanRules(plan: CanaryPlan, issues: Issues): void {
  issues.check(plan.steps.length > 0, 'steps', plan.steps, 'must list at least one step');
  plan.steps.forEach((step, i) => {
    const at = issues.at('steps').at(i);
    if (at.check(Number.isInteger(step.weight) && step.weight >= 1 && step.weight <= 100, 'weight', step.weight, 'must be a whole percentage 1-99')) {
      at.check(step.weight < 100, 'weight', step.weight,
        'must stay below 100: Flagger runs the promotion gate once the canary holds the last step\'s weight (maxWeight, pkg/controller/scheduler.go), so a step at 100 hands all traffic to the new version before the gate; end at 75, for example');
    }
    at.check(Number.isInteger(step.durationMinutes) && step.durationMinutes >= 1, 'durationMinutes', step.durationMinutes, 'must be a whole number of minutes >= 1');
    if (i > 0) {
      const previous = plan.steps[i - 1].weight;
      at.check(step.weight > previous, 'weight', step.weight, `must be greater than the previous step's weight (${previous}): a rollout only moves traffic forward`);
    }
  });
  issues.check(Number.isFinite(plan.maxErrorRatePercent) && plan.maxErrorRatePercent > 0 && plan.maxErrorRatePercent <= MAX_SANE_ERROR_RATE_PERCENT,
    'maxErrorRatePercent', plan.maxErrorRatePercent, `must be above 0 and at most ${MAX_SANE_ERROR_RATE_PERCENT} percent`);
  issues.check(Number.isFinite(plan.maxP99LatencyMs) && plan.maxP99LatencyMs >= MIN_SANE_P99_MS && plan.maxP99LatencyMs <= MAX_SANE_P99_MS,
    'maxP99LatencyMs', plan.maxP99LatencyMs, `must be between ${MIN_SANE_P99_MS} and ${MAX_SANE_P99_MS} milliseconds`);
  const threshold = plan.failedChecksBeforeRollback;
  if (threshold !== undefined) {
    issues.check(Number.isInteger(threshold) && threshold >= 2, 'failedChecksBeforeRollback', threshold,
      'must be a whole number >= 2: Flagger counts a window without data as a failed check (pkg/metrics/providers/prometheus.go ErrNoValuesFound), so 1 rolls back a healthy version on one empty window');
  }
  const windows = plan.missedPromotionWindowsBeforeRollback;
  if (windows !== undefined) {
    issues.check(Number.isInteger(windows) && windows >= 2, 'missedPromotionWindowsBeforeRollback', windows,
      'must be a whole number >= 2: one slow window should not roll a version back');
  }
}

/**
 * The plan's rollback bounds and the quality gates' rollback tier are the same two numbers: the Canary carries one
 * `thresholdRange` per signal. They are checked to agree rather than one silently winning, so a changed plan with
 * unchanged gates (or the reverse) fails at synth instead of shipping a bound nobody wrote. `issues` is the level
 * that holds both; `fields` names them there.
 * @param fields @default ModelServerProps `traffic`: `canary` and `qualityGates`
 */
export function canaryPlanGatesRules(plan: CanaryPlan, rollback: GateBounds, issues: Issues, fields = { plan: 'canary', gates: 'qualityGates' }): void {
  issues.check(plan.maxErrorRatePercent === rollback.maxErrorRatePercent, `${fields.plan}.maxErrorRatePercent`, plan.maxErrorRatePercent,
    `must equal ${fields.gates}.rollback.maxErrorRatePercent (${rollback.maxErrorRatePercent}): both are the canary's error-rate rollback bound; change them together`);
  issues.check(plan.maxP99LatencyMs === rollback.maxP99LatencyMs, `${fields.plan}.maxP99LatencyMs`, plan.maxP99LatencyMs,
    `must equal ${fields.gates}.rollback.maxP99LatencyMs (${rollback.maxP99LatencyMs}): both are the canary's p99 rollback bound; change them together`);
}

/** The plan as Flagger's analysis can run it, and what differs from the plan as written. */
export interface FlaggerAnalysisMapping {
  /** `analysis.interval`, one for every step. */
  readonly intervalMinutes: number;
  /** `analysis.stepWeights`, below 100: the promotion gate runs at the last one, with the primary still serving. */
  readonly stepWeights: readonly number[];
  /** Minutes the rollout takes as Flagger runs it (steps × interval), before promotion. */
  readonly totalMinutes: number;
  /** One sentence per difference from the plan; empty when Flagger runs it exactly. */
  readonly deviations: readonly string[];
}

/**
 * Flagger holds every step for the same `analysis.interval` and runs one check per interval
 * (fluxcd/flagger v1.44.0 pkg/controller/scheduler.go). Repeating a weight to stretch a step does not work:
 * `nextStepWeight` returns 0 for a repeated weight and the rollout stalls there. So uneven durations are mapped to
 * interval = the longest step: no step is watched for less time than planned, the trade being a longer rollout.
 */
export function toFlaggerAnalysis(plan: CanaryPlan): FlaggerAnalysisMapping {
  const durations = plan.steps.map((s) => s.durationMinutes);
  const intervalMinutes = Math.max(...durations);
  const stepWeights = plan.steps.map((s) => s.weight);
  const plannedMinutes = durations.reduce((a, b) => a + b, 0);
  const totalMinutes = intervalMinutes * plan.steps.length;
  const deviations: string[] = [];
  if (durations.some((d) => d !== intervalMinutes)) {
    const stretched = plan.steps.filter((s) => s.durationMinutes !== intervalMinutes).map((s) => `${s.weight}% ${s.durationMinutes}->${intervalMinutes} min`);
    deviations.push(`Flagger holds every step for one interval, so the steps run ${intervalMinutes} min each (the longest planned step): ${stretched.join(', ')}; the rollout takes ${totalMinutes} min instead of ${plannedMinutes}.`);
  }
  return { intervalMinutes, stepWeights, totalMinutes, deviations };
}
