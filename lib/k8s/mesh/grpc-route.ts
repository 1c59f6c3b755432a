import { Issues } from '../../core/validation';
import { retryTimeoutRules, RouteTimeouts, routeTimeoutRules } from './route-resilience';

/** How a gRPC service and method are matched (Gateway API GRPCRoute v1 `matches[].method.type`). */
export type GrpcMatchType = 'Exact' | 'RegularExpression';

/**
 * Which calls a gRPC rule takes: the fully qualified service (`tensorflow.serving.PredictionService`) and the method
 * (`Predict`). Leave both unset for a catch-all rule (a GRPCRoute rule without matches takes every call).
 */
export interface GrpcMethodMatch {
  /** Fully qualified gRPC service, with its package. @default any service */
  readonly service?: string;
  /** Method name within the service. @default any method */
  readonly method?: string;
  /**
   * Only `Exact` works with Linkerd 2.20: its policy controller refuses a RegularExpression method match
   * (`unsupported GRPCRoute method match type`, policy-controller/k8s/index/src/routes/grpc.rs) and drops the whole
   * route, so it is refused here.
   * @default 'Exact'
   */
  readonly type?: GrpcMatchType;
}

/** gRPC status codes Linkerd retries on (linkerd.io/2.19/reference/retries; parse_grpc_retry in the 2.20 controller). */
export type GrpcRetryCondition = 'cancelled' | 'deadline-exceeded' | 'internal' | 'resource-exhausted' | 'unavailable';
export const GRPC_RETRY_CONDITIONS: readonly GrpcRetryCondition[] = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

/** Linkerd gRPC retries (`retry.linkerd.io/grpc`, valid on a GRPCRoute or Service, never on an HTTPRoute). */
export interface GrpcRetry {
  /** Status codes to retry. Retry only idempotent methods. */
  readonly on: readonly GrpcRetryCondition[];
  /** Retries per call, 1-65535 (the controller parses a u16). @default 1 (Linkerd's default) */
  readonly limit?: number;
  /** Each attempt is cancelled and retried after this long. @default no per-attempt timeout */
  readonly timeout?: string;
}

// Gateway API GRPCRoute v1 CEL rules on matches[].method for type Exact; both values are at most 1024 characters.
const SERVICE_NAME = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const METHOD_NAME = /^[A-Za-z_][A-Za-z_0-9]*$/;
const MAX_MATCH_LENGTH = 1024;
// retry.linkerd.io/limit is parsed as a u16 (policy-controller/k8s/index/src/outbound/index/grpc.rs).
const MAX_RETRY_LIMIT = 65_535;

export function grpcMethodMatchRules(match: GrpcMethodMatch, issues: Issues): void {
  const type = match.type ?? 'Exact';
  issues.check(type === 'Exact', 'type', type, 'must be "Exact": Linkerd 2.20 refuses RegularExpression method matches on a GRPCRoute and drops the whole route');
  if (match.type !== undefined) {
    // GRPCRoute CEL rule: "One or both of 'service' or 'method' must be specified" once a type is given.
    issues.check(match.service !== undefined || match.method !== undefined, 'type', match.type, 'needs a service or a method to match (GRPCRoute CEL rule); leave service, method and type unset for a catch-all rule');
  }
  if (match.service !== undefined) {
    issues.check(match.service.length <= MAX_MATCH_LENGTH && SERVICE_NAME.test(match.service), 'service', match.service,
      'must be a fully qualified gRPC service name such as "tensorflow.serving.PredictionService" (dot-separated identifiers of letters, digits and "_", GRPCRoute CEL rule)');
  }
  if (match.method !== undefined) {
    issues.check(match.method.length <= MAX_MATCH_LENGTH && METHOD_NAME.test(match.method), 'method', match.method,
      'must be a gRPC method name such as "Predict" (letters, digits and "_", not starting with a digit; no service or "/" in it, GRPCRoute CEL rule)');
  }
}

/** The GRPCRoute `matches` of a rule: none for a catch-all, else one method match. */
export function toGatewayGrpcMatches(match: GrpcMethodMatch): { method: { type: GrpcMatchType; service?: string; method?: string } }[] | undefined {
  if (match.service === undefined && match.method === undefined) return undefined;
  return [{ method: { type: match.type ?? 'Exact', service: match.service, method: match.method } }];
}

/** Timeouts and retries of one gRPC rule. */
export function grpcResilienceRules(timeouts: RouteTimeouts | undefined, retry: GrpcRetry | undefined, issues: Issues): void {
  const t = timeouts ?? {};
  routeTimeoutRules(t, issues);
  if (!retry) return;
  const at = issues.at('retry');
  at.check(retry.on.length > 0, 'on', retry.on, 'must list at least one gRPC status to retry');
  retry.on.forEach((cond, i) => {
    at.check(GRPC_RETRY_CONDITIONS.includes(cond), `on[${i}]`, cond, `must be one of ${GRPC_RETRY_CONDITIONS.join(', ')} (the gRPC statuses Linkerd retries)`);
  });
  const limit = retry.limit ?? 1;
  at.check(Number.isInteger(limit) && limit >= 1 && limit <= MAX_RETRY_LIMIT, 'limit', limit, `must be a whole number from 1 to ${MAX_RETRY_LIMIT} (leave retry unset for no retries)`);
  retryTimeoutRules(retry, t, at, 'call');
}

