import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { GrpcMethodMatch, grpcMethodMatchRules, grpcResilienceRules, GrpcRetry } from './grpc-route';
import type { GrpcModelRouteRule, HttpRetry, ModelRouteRule, ModelRoutesProps } from './model-routes';
import { pathMatchRules } from './path-match';
import { retryTimeoutRules, RouteTimeouts, routeTimeoutRules } from './route-resilience';

/** True for a rule written for a gRPC port. */
export function isGrpcRule(rule: ModelRouteRule | GrpcModelRouteRule): rule is GrpcModelRouteRule {
  return 'grpc' in rule;
}

// Gateway API HTTPRoute v1: backendRefs[].weight is 0..1,000,000.
const MAX_WEIGHT = 1_000_000;
const RETRY_CONDITION = /^(5xx|gateway-error|([1-5]\d\d)(-([1-5]\d\d))?)$/;

export function modelRoutesRules(props: ModelRoutesProps, issues: Issues): void {
  const svc = issues.at('service');
  checkDnsLabel(svc, 'name', props.service.name);
  checkDnsLabel(svc, 'namespace', props.service.namespace);
  checkPort(svc, 'port', props.service.port);

  issues.check(props.backends.length > 0, 'backends', props.backends, 'must list at least one backend');
  props.backends.forEach((b, i) => {
    const at = issues.at('backends').at(i);
    checkDnsLabel(at, 'name', b.name);
    at.check(Number.isInteger(b.weight) && b.weight >= 0 && b.weight <= MAX_WEIGHT, 'weight', b.weight, `must be a whole number from 0 to ${MAX_WEIGHT}`);
    if (b.port !== undefined) checkPort(at, 'port', b.port);
  });
  if (props.backends.length > 0) {
    issues.check(props.backends.some((b) => b.weight > 0), 'backends', props.backends.map((b) => b.weight), 'must give at least one backend a weight above 0, or no request could be routed');
  }
  duplicates(props.backends.map((b) => b.name)).forEach((name) => issues.add('backends', name, 'must name each backend Service once'));

  issues.check(props.rules.length > 0, 'rules', props.rules, 'must hold at least one rule');
  duplicates(props.rules.map((r) => r.name)).forEach((name) => issues.add('rules', name, 'must name each rule once'));
  const protocol = props.service.protocol ?? 'http1';
  svc.check(protocol !== 'opaque', 'protocol', protocol, 'must be http1, http2 or grpc: an opaque port is routed by connection, not by request, so routes cannot split it');
  props.rules.forEach((rule, i) => {
    const at = issues.at('rules').at(i);
    checkDnsLabel(at, 'name', `${props.service.name}-${rule.name}`);
    if (protocol === 'grpc') {
      grpcRuleRules(rule, at);
      return;
    }
    if (isGrpcRule(rule)) {
      at.add('grpc', rule.grpc, `is for a gRPC port; service.protocol is ${protocol}, so this rule needs a path match instead`);
      return;
    }
    httpRouteRuleRules(rule, at);
  });
}

/** One HTTP rule on its own: its path match, timeouts and retry (`issues` is at the rule). */
export function httpRouteRuleRules(rule: ModelRouteRule, issues: Issues): void {
  pathMatchRules(rule.path, issues.at('path'));
  const t = rule.timeouts ?? {};
  routeTimeoutRules(t, issues);
  if (rule.retry) retryRules(rule.retry, t, issues.at('retry'));
}

function grpcRuleRules(rule: ModelRouteRule | GrpcModelRouteRule, issues: Issues): void {
  const fields = rule as Partial<ModelRouteRule> & Partial<GrpcModelRouteRule>;
  const httpOnly = 'on a gRPC port (service.protocol grpc); match the call with grpc: { service, method } instead';
  if (fields.path !== undefined) issues.add('path', fields.path, `is an HTTP path match, refused ${httpOnly}`);
  if (fields.method !== undefined) issues.add('method', fields.method, `is an HTTP method, refused ${httpOnly}`);
  if (!issues.check(fields.grpc !== undefined, 'grpc', fields.grpc, 'must be set on a gRPC port: { service, method }, or {} for every call')) return;
  grpcMethodMatchRules(fields.grpc as GrpcMethodMatch, issues.at('grpc'));
  grpcResilienceRules(fields.timeouts, fields.retry as GrpcRetry | undefined, issues);
}

function retryRules(retry: HttpRetry, timeouts: RouteTimeouts, issues: Issues): void {
  issues.check(retry.on.length > 0, 'on', retry.on, 'must list at least one status code or class to retry');
  retry.on.forEach((cond, i) => {
    const m = RETRY_CONDITION.exec(cond);
    const ordered = !m || m[4] === undefined || Number(m[2]) <= Number(m[4]);
    issues.check(m !== null && ordered, `on[${i}]`, cond, 'must be "5xx", "gateway-error", a status code such as "504" or a range such as "500-504"');
  });
  const limit = retry.limit ?? 1;
  issues.check(Number.isInteger(limit) && limit >= 1, 'limit', limit, 'must be a whole number >= 1 (leave retry unset for no retries)');
  retryTimeoutRules(retry, timeouts, issues, 'request');
}

function checkPort(issues: Issues, field: string, port: number): void {
  issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, field, port, 'must be a TCP port 1-65535');
}

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}
