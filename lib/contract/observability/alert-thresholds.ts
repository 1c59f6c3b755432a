import { Issues } from '../../core/validation';

/**
 * Where alerts fire. Every threshold is checked by `alertThresholdsRules`. Mesh certificates have no threshold here:
 * each fires below its own `alertBelow`, derived from its renewBefore (contract/mesh-certificates.ts).
 */
export interface AlertThresholds {
  /** A version's inbound error rate above this percent (5 min) fires. @default 1 */
  readonly maxErrorRatePercent?: number;
  /** A version's inbound p99 above this many milliseconds (5 min) fires. @default 500 */
  readonly maxP99LatencyMs?: number;
  /** Accuracy below this (0-1) fires. @default 0.9 */
  readonly minAccuracy?: number;
  /** A drift score above this fires. @default 0.15 (the reference threshold) */
  readonly maxDriftScore?: number;
  /** Proxy memory or CPU above this share (0-1) of its limit fires. @default 0.9 */
  readonly proxyLimitRatio?: number;
}

/** The reference thresholds; alerts mirror the canary's rollback bounds, so a breach pages even without a rollout. */
export const DEFAULT_ALERT_THRESHOLDS: Required<AlertThresholds> = {
  maxErrorRatePercent: 1,
  maxP99LatencyMs: 500,
  minAccuracy: 0.9,
  maxDriftScore: 0.15,
  proxyLimitRatio: 0.9,
};

export function resolveAlertThresholds(thresholds: AlertThresholds = {}): Required<AlertThresholds> {
  return { ...DEFAULT_ALERT_THRESHOLDS, ...thresholds };
}

export function alertThresholdsRules(thresholds: AlertThresholds, issues: Issues): void {
  const t = resolveAlertThresholds(thresholds);
  issues.check(Number.isFinite(t.maxErrorRatePercent) && t.maxErrorRatePercent > 0 && t.maxErrorRatePercent < 100,
    'maxErrorRatePercent', t.maxErrorRatePercent, 'must be a percentage above 0 and below 100');
  issues.check(Number.isFinite(t.maxP99LatencyMs) && t.maxP99LatencyMs >= 1 && t.maxP99LatencyMs <= 600_000,
    'maxP99LatencyMs', t.maxP99LatencyMs, 'must be between 1 and 600000 milliseconds');
  checkRatio(issues, 'minAccuracy', t.minAccuracy);
  issues.check(Number.isFinite(t.maxDriftScore) && t.maxDriftScore > 0, 'maxDriftScore', t.maxDriftScore, 'must be a drift score above 0');
  checkRatio(issues, 'proxyLimitRatio', t.proxyLimitRatio);
}

/** A share in (0, 1]: 0 would fire always (or never, for a floor) and above 1 can never be reached. */
export function checkRatio(issues: Issues, field: string, value: number): boolean {
  return issues.check(Number.isFinite(value) && value > 0 && value <= 1, field, value, 'must be a ratio above 0 and at most 1');
}
