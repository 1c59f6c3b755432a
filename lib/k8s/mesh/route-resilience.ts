import { Issues } from '../../core/validation';
import { RETRY_LIMIT, RETRY_TIMEOUT, TIMEOUT_IDLE, TIMEOUT_REQUEST, TIMEOUT_RESPONSE } from '../../contract/linkerd-annotations';
import { checkLinkerdDuration, parseLinkerdDuration } from './linkerd-duration';

// What HTTPRoutes and GRPCRoutes share: Linkerd reads timeouts and retries from annotations on the route object
// (linkerd.io/2-edge/reference/timeouts, reference/retries); only the retry-condition key differs.

export interface RouteTimeouts {
  /** Whole request, including retries. @default no timeout */
  readonly request?: string;
  /** Wait for the response headers of one attempt. @default no timeout */
  readonly response?: string;
  /** A stream may stay idle this long. @default no timeout */
  readonly idle?: string;
}

/** The parts of an HTTP or gRPC retry that are written the same way. */
export interface RouteRetry {
  readonly on: readonly string[];
  readonly limit?: number;
  readonly timeout?: string;
}

/** Every timeout must be a duration Linkerd's policy controller reads. */
export function routeTimeoutRules(timeouts: RouteTimeouts, issues: Issues): void {
  if (timeouts.request !== undefined) checkLinkerdDuration(issues, 'timeouts.request', timeouts.request);
  if (timeouts.response !== undefined) checkLinkerdDuration(issues, 'timeouts.response', timeouts.response);
  if (timeouts.idle !== undefined) checkLinkerdDuration(issues, 'timeouts.idle', timeouts.idle);
}

/** A retry attempt's timeout must parse and leave room inside the whole request's (`issues` is at the retry). */
export function retryTimeoutRules(retry: RouteRetry, timeouts: RouteTimeouts, issues: Issues, unit: 'request' | 'call'): void {
  if (retry.timeout === undefined || !checkLinkerdDuration(issues, 'timeout', retry.timeout) || timeouts.request === undefined) return;
  const attempt = parseLinkerdDuration(retry.timeout) ?? 0;
  const whole = parseLinkerdDuration(timeouts.request) ?? Infinity;
  issues.check(attempt < whole, 'timeout', retry.timeout, `must be shorter than timeouts.request (${timeouts.request}), or no retry could start before the ${unit} times out`);
}

/** The timeout and retry annotations of one route; `retryConditionsKey` is retry.linkerd.io/http or /grpc. */
export function linkerdResilienceAnnotations(timeouts: RouteTimeouts | undefined, retry: RouteRetry | undefined, retryConditionsKey: string): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (timeouts?.request) annotations[TIMEOUT_REQUEST] = timeouts.request;
  if (timeouts?.response) annotations[TIMEOUT_RESPONSE] = timeouts.response;
  if (timeouts?.idle) annotations[TIMEOUT_IDLE] = timeouts.idle;
  if (retry) {
    // The controller splits the list on "," without trimming, so no spaces; annotation values are strings ("1").
    annotations[retryConditionsKey] = retry.on.join(',');
    annotations[RETRY_LIMIT] = String(retry.limit ?? 1);
    if (retry.timeout) annotations[RETRY_TIMEOUT] = retry.timeout;
  }
  return annotations;
}
