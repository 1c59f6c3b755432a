import { Issues } from '../../core/validation';

/** Bounds a canary is judged by. */
export interface GateBounds {
  /** Percent of inbound requests that failed (Linkerd `classification="failure"`). */
  readonly maxErrorRatePercent: number;
  /** 99th percentile inbound latency, milliseconds. */
  readonly maxP99LatencyMs: number;
  /** Lowest accuracy (0-1) the model server reports. */
  readonly minAccuracy: number;
}

/**
 * Two tiers: breaching `rollback` fails a check (Flagger `thresholdRange`) and, after `analysis.threshold` failures,
 * rolls back; `promotion` is the stricter bar the new version must meet before Flagger promotes it (a
 * confirm-promotion webhook). Between the two the canary neither rolls back nor promotes: it waits at full weight.
 */
export interface QualityGates {
  readonly rollback: GateBounds;
  readonly promotion: GateBounds;
}

/** The reference gates: roll back above 1 % errors, 500 ms p99 or below 0.90 accuracy; promote only at <= 1 %, <= 200 ms, >= 0.95. */
export const REFERENCE_QUALITY_GATES: QualityGates = {
  rollback: { maxErrorRatePercent: 1, maxP99LatencyMs: 500, minAccuracy: 0.9 },
  promotion: { maxErrorRatePercent: 1, maxP99LatencyMs: 200, minAccuracy: 0.95 },
};

function boundsRules(bounds: GateBounds, issues: Issues): void {
  issues.check(Number.isFinite(bounds.maxErrorRatePercent) && bounds.maxErrorRatePercent >= 0 && bounds.maxErrorRatePercent < 100,
    'maxErrorRatePercent', bounds.maxErrorRatePercent, 'must be a percentage from 0 up to (not including) 100');
  issues.check(Number.isFinite(bounds.maxP99LatencyMs) && bounds.maxP99LatencyMs >= 1 && bounds.maxP99LatencyMs <= 600_000,
    'maxP99LatencyMs', bounds.maxP99LatencyMs, 'must be between 1 and 600000 milliseconds');
  issues.check(Number.isFinite(bounds.minAccuracy) && bounds.minAccuracy > 0 && bounds.minAccuracy <= 1,
    'minAccuracy', bounds.minAccuracy, 'must be a ratio above 0 and at most 1');
}

/** Each tier in range, and the promotion tier at least as strict as the rollback tier on every signal. */
export function qualityGatesRules(gates: QualityGates, issues: Issues): void {
  boundsRules(gates.rollback, issues.at('rollback'));
  boundsRules(gates.promotion, issues.at('promotion'));
  const p = gates.promotion;
  const r = gates.rollback;
  // A looser promotion bound would promote a version the rollback check fails: the two tiers would contradict.
  issues.check(p.maxErrorRatePercent <= r.maxErrorRatePercent, 'promotion.maxErrorRatePercent', p.maxErrorRatePercent,
    `must be at most rollback.maxErrorRatePercent (${r.maxErrorRatePercent}): promotion must be at least as strict as rollback`);
  issues.check(p.maxP99LatencyMs <= r.maxP99LatencyMs, 'promotion.maxP99LatencyMs', p.maxP99LatencyMs,
    `must be at most rollback.maxP99LatencyMs (${r.maxP99LatencyMs}): promotion must be at least as strict as rollback`);
  issues.check(p.minAccuracy >= r.minAccuracy, 'promotion.minAccuracy', p.minAccuracy,
    `must be at least rollback.minAccuracy (${r.minAccuracy}): promotion must be at least as strict as rollback`);
}
