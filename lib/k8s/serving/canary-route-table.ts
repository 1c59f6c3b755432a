import { CanarySpecServiceMatch } from '../../../imports/flagger-canary-flagger.app';
import { RETRY_HTTP } from '../../contract/linkerd-annotations';
import { ModelRouteRule } from '../mesh/model-routes';
import { linkerdResilienceAnnotations, RouteTimeouts } from '../mesh/route-resilience';
import { parseLinkerdDuration } from '../mesh/linkerd-duration';

/** What of a route table a Flagger canary can carry, and what it cannot. */
export interface CanaryRouteSettings {
  /** `spec.service.match`: the table's matches, so the canary's route takes the same requests as a split's routes. */
  readonly match: CanarySpecServiceMatch[];
  /** Linkerd timeout and retry annotations for `spec.service.apex`, which Flagger writes on the apex Service and route. */
  readonly annotations: Record<string, string>;
  /** One sentence per rule setting that no single route can honour. */
  readonly deviations: readonly string[];
}

const TIMEOUT_KINDS: readonly (keyof RouteTimeouts)[] = ['request', 'response', 'idle'];

/**
 * A route table on a Flagger canary. Flagger's gatewayapi router writes one HTTPRoute with one rule for the apex
 * Service: the table's matches become that rule's matches, and `spec.service.apex.annotations` are copied onto both
 * the apex Service and the route (fluxcd/flagger v1.44.0 pkg/router/gateway_api.go `Reconcile`,
 * pkg/router/kubernetes_default.go). Linkerd reads timeout and retry annotations on Services and routes alike, a route's
 * own overriding its Service's per category (policy-controller grpc/src/outbound/http.rs, Linkerd 2.20). One rule
 * cannot hold per-path settings, so only what suits every path is carried:
 * - a timeout that every rule sets, at the longest value (a shorter one would cut the slowest path off);
 * - a retry only when every rule retries alike (the reference never retries its POSTs, so it carries none).
 */
export function canaryRouteSettings(rules: readonly ModelRouteRule[]): CanaryRouteSettings {
  const timeouts: Record<string, string> = {};
  const deviations: string[] = [];
  for (const kind of TIMEOUT_KINDS) {
    const set = rules.filter((r) => r.timeouts?.[kind] !== undefined);
    if (set.length === 0) continue;
    if (set.length < rules.length) {
      deviations.push(`${kind} timeouts are not carried: ${rules.filter((r) => r.timeouts?.[kind] === undefined).map((r) => r.name).join(', ')} set none, and one route applies one value to every path`);
      continue;
    }
    const longest = set.reduce((a, b) => ((parseLinkerdDuration(b.timeouts![kind]!) ?? 0) > (parseLinkerdDuration(a.timeouts![kind]!) ?? 0) ? b : a)).timeouts![kind]!;
    timeouts[kind] = longest;
    const shorter = set.filter((r) => r.timeouts![kind] !== longest);
    if (shorter.length > 0) deviations.push(`the ${kind} timeout is ${longest} on every path (the longest rule's): ${shorter.map((r) => `${r.name} ${r.timeouts![kind]}`).join(', ')} get ${longest}`);
  }
  const retries = rules.map((r) => JSON.stringify(r.retry ?? null));
  const sharedRetry = retries.every((r) => r === retries[0]) ? rules[0]?.retry : undefined;
  if (!sharedRetry && rules.some((r) => r.retry)) {
    deviations.push(`retries are not carried: ${rules.filter((r) => r.retry).map((r) => r.name).join(', ')} retry and ${rules.filter((r) => !r.retry).map((r) => r.name).join(', ') || 'other rules'} differ, and one route retries every path alike`);
  }
  return {
    match: rules.map((r) => ({
      uri: uriMatch(r),
      ...(r.method ? { method: { exact: r.method } } : {}),
    })),
    annotations: linkerdResilienceAnnotations(timeouts, sharedRetry, RETRY_HTTP),
    deviations,
  };
}

function uriMatch(rule: ModelRouteRule): { exact?: string; prefix?: string; regex?: string } {
  switch (rule.path.type ?? 'PathPrefix') {
    case 'Exact': return { exact: rule.path.value };
    case 'RegularExpression': return { regex: rule.path.value };
    default: return { prefix: rule.path.value };
  }
}
