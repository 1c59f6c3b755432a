import { Issues } from '../../core/validation';

/**
 * Milliseconds for a duration as Linkerd 2.20's policy controller reads timeout and retry annotations
 * (`parse_duration`, policy-controller/k8s/index/src/outbound/index.rs): one whole number and one unit of ms, s, m,
 * h or d. Compound ("1m30s") and fractional ("1.5s") values are refused there, and the route is dropped. Days are
 * left out, so every accepted value is also a Go (GEP-2257) duration.
 */
export function parseLinkerdDuration(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** Records an issue unless `value` is a positive duration Linkerd's policy controller can read. */
export function checkLinkerdDuration(issues: Issues, field: string, value: string): boolean {
  const ms = parseLinkerdDuration(value);
  return issues.check(ms !== undefined && ms > 0, field, value, 'must be a positive whole number with one unit (ms, s, m or h), such as "300ms" or "5s": Linkerd drops a route whose duration it cannot parse, and it parses no compound or fractional values');
}
