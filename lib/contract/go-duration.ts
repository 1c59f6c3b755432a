import { Issues } from '../core/validation';

// Go's time.ParseDuration grammar (pkg.go.dev/time#ParseDuration): a sequence of decimal numbers, each with a
// unit, e.g. "300ms", "1.5h", "2h45m". cert-manager's Certificate durations and Linkerd's failure-accrual
// annotations are read with it; route timeouts and retries use the narrower linkerd-duration.ts.
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SEGMENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds for a Go duration with units, or undefined when the text is not one. Signs are rejected. */
export function parseGoDuration(text: string): number | undefined {
  if (text.length === 0) return undefined;
  SEGMENT.lastIndex = 0;
  let total = 0;
  while (SEGMENT.lastIndex < text.length) {
    const match = SEGMENT.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]];
  }
  return total;
}

/** Records an issue unless `value` is a positive Go duration with units. */
export function checkDuration(issues: Issues, field: string, value: string): boolean {
  const ms = parseGoDuration(value);
  return issues.check(ms !== undefined && ms > 0, field, value, 'must be a positive Go duration with units, such as "300ms", "5s" or "1m30s"');
}
