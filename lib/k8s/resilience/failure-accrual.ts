import { Issues } from '../../core/validation';
import { checkDuration } from '../../contract/go-duration';

/**
 * Linkerd circuit breaking (failure accrual), set by annotations on the Service and applied by every meshed client's
 * balancer (linkerd.io/2-edge/reference/circuit-breaking; policy-controller/k8s/index/src/outbound/index.rs,
 * version-2.20). Only meshed callers break, and it does not combine with ServiceProfiles. With Flagger, put the
 * annotations on the apex Service (`spec.service.apex.annotations`), which Flagger owns.
 */
export interface FailureAccrualSpec {
  /**
   * `consecutive`: an endpoint is ejected after `maxFailures` failures in a row (5xx, or gRPC DATA_LOSS,
   * DEADLINE_EXCEEDED, INTERNAL, PERMISSION_DENIED, UNAVAILABLE).
   */
  readonly mode: 'consecutive';
  /** Failures in a row that eject an endpoint. @default 7 (Linkerd's default) */
  readonly maxFailures?: number;
  /** First ejection, a Linkerd duration (`ms|s|m|h`). @default '1s' */
  readonly minPenalty?: string;
  /** Longest ejection after repeated probation failures. @default '1m' */
  readonly maxPenalty?: string;
  /** Randomness added to penalties, 0-100. @default 0.5 */
  readonly jitterRatio?: number;
}

const PREFIX = 'balancer.linkerd.io/failure-accrual';
export const FAILURE_ACCRUAL_ANNOTATIONS = {
  mode: PREFIX,
  maxFailures: `${PREFIX}-consecutive-max-failures`,
  minPenalty: `${PREFIX}-consecutive-min-penalty`,
  maxPenalty: `${PREFIX}-consecutive-max-penalty`,
  jitterRatio: `${PREFIX}-consecutive-jitter-ratio`,
} as const;

/** The reference while retraining runs: eject a model-server pod after 5 failures in a row, for 5 s up to 1 min. */
export const MODEL_SERVER_FAILURE_ACCRUAL: FailureAccrualSpec = { mode: 'consecutive', maxFailures: 5, minPenalty: '5s', maxPenalty: '1m' };

// Linkerd penalties accept ms, s, m, h, d (reference/circuit-breaking); the library's Go-duration check covers ms-h.
function penaltyMs(issues: Issues, field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!checkDuration(issues, field, value)) return undefined;
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  if (!match) {
    issues.add(field, value, 'must be a whole number with one unit (ms, s, m or h), as Linkerd parses penalties');
    return undefined;
  }
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms'];
}

export function failureAccrualRules(spec: FailureAccrualSpec, issues: Issues): void {
  issues.check(spec.mode === 'consecutive', 'mode', spec.mode, "must be 'consecutive'; Linkerd ignores any other value with a warning and breaks nothing");
  if (spec.maxFailures !== undefined) issues.check(Number.isInteger(spec.maxFailures) && spec.maxFailures >= 1, 'maxFailures', spec.maxFailures, 'must be a whole number >= 1');
  const min = penaltyMs(issues, 'minPenalty', spec.minPenalty) ?? 1000;
  const max = penaltyMs(issues, 'maxPenalty', spec.maxPenalty) ?? 60_000;
  issues.check(max >= min, 'maxPenalty', spec.maxPenalty ?? '1m', `must be at least minPenalty (${spec.minPenalty ?? '1s'}): Linkerd rejects a maximum below the minimum`);
  if (spec.jitterRatio !== undefined) issues.check(Number.isFinite(spec.jitterRatio) && spec.jitterRatio >= 0 && spec.jitterRatio <= 100, 'jitterRatio', spec.jitterRatio, 'must be between 0 and 100');
}

/** The Service annotations for a failure-accrual spec, validated; only what is set is written. */
export function failureAccrualAnnotations(spec: FailureAccrualSpec, where = 'failureAccrual'): Record<string, string> {
  const issues = new Issues();
  failureAccrualRules(spec, issues);
  issues.throwIfAny(where);
  const out: Record<string, string> = { [FAILURE_ACCRUAL_ANNOTATIONS.mode]: spec.mode };
  if (spec.maxFailures !== undefined) out[FAILURE_ACCRUAL_ANNOTATIONS.maxFailures] = String(spec.maxFailures);
  if (spec.minPenalty !== undefined) out[FAILURE_ACCRUAL_ANNOTATIONS.minPenalty] = spec.minPenalty;
  if (spec.maxPenalty !== undefined) out[FAILURE_ACCRUAL_ANNOTATIONS.maxPenalty] = spec.maxPenalty;
  if (spec.jitterRatio !== undefined) out[FAILURE_ACCRUAL_ANNOTATIONS.jitterRatio] = String(spec.jitterRatio);
  return out;
}
