import { IConstruct } from 'constructs';
import { Issues, PlatformValidationError } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { Workload } from '../core/workload';
import { capabilitiesOf } from './dataplane-capabilities';
import { NetworkBaselines } from './network-baselines';
import { HttpMatch } from './policy-rules';

export interface HttpRestriction {
  readonly target: Workload;
  /** Port name on the target. */
  readonly port: string;
  /** The only HTTP requests allowed on that port, from every source `allowTraffic` admits. */
  readonly requests: readonly HttpMatch[];
}

const METHOD = /^[A-Z]+$/;

export const MESHED_L7_RULE = 'runs in a meshed namespace: Cilium sees only mTLS between meshed pods, so L7 rules would not work; use Linkerd route authorization instead';

export function httpRestrictionRules(restriction: HttpRestriction, issues: Issues): void {
  issues.check(restriction.target.ports.some((p) => p.name === restriction.port), 'port', restriction.port,
    `must be a port of ${restriction.target.namespace}/${restriction.target.name} (it has: ${restriction.target.ports.map((p) => p.name).join(', ') || 'none'})`);
  issues.check(restriction.requests.length > 0, 'requests', restriction.requests, 'must allow at least one request; to block the port, do not allow traffic to it');
  restriction.requests.forEach((r, i) => {
    if (r.method !== undefined) issues.check(METHOD.test(r.method), `requests[${i}].method`, r.method, 'must be an upper-case HTTP method such as "GET"');
    if (r.path !== undefined) {
      let valid = r.path.startsWith('/');
      try {
        new RegExp(r.path);
      } catch {
        valid = false;
      }
      issues.check(valid, `requests[${i}].path`, r.path, 'must be a regular expression for a path, starting with "/" (Cilium matches it as an extended POSIX regex)');
    }
  });
}

/**
 * L7 (HTTP) rules on the ingress network policies of one workload port. Cilium enforces them only on AKS with
 * ACNS security, and only for unmeshed pods: between meshed pods Cilium sees mTLS on 4143 and cannot read HTTP,
 * so such a rule would deny everything or nothing. Meshed workloads get L7 policy from Linkerd instead.
 */
export class HttpRestrictions {
  private static readonly KEY = Symbol.for('ml-mesh-platform.HttpRestrictions');

  public static of(scope: IConstruct): HttpRestrictions {
    const root = scope.node.root as unknown as Record<symbol, HttpRestrictions | undefined>;
    return (root[HttpRestrictions.KEY] ??= new HttpRestrictions());
  }

  private readonly byPort = new Map<string, readonly HttpMatch[]>();
  private readonly pathPorts = new Set<string>();

  /** Records that a traffic path reaches this workload port, so rules on it have something to refine. */
  public notePath(target: Workload, port: string): void {
    this.pathPorts.add(key(target, port));
  }

  /** The HTTP requests allowed on a workload port, if it is restricted. */
  public find(target: Workload, port: string): readonly HttpMatch[] | undefined {
    return this.byPort.get(key(target, port));
  }

  public add(scope: IConstruct, restriction: HttpRestriction): void {
    const issues = new Issues();
    httpRestrictionRules(restriction, issues);
    const capabilities = capabilitiesOf(ClusterContext.of(scope));
    issues.check(capabilities.l7Rules, 'requests', restriction.requests, `L7 rules cannot be enforced on this cluster: ${capabilities.limitation}`);
    const k = key(restriction.target, restriction.port);
    issues.check(!this.byPort.has(k), 'port', restriction.port, `already has HTTP rules on ${restriction.target.namespace}/${restriction.target.name}; give all requests in one call`);
    issues.throwIfAny(scope.node.path);
    this.byPort.set(k, restriction.requests);
    // Whether the namespace is meshed is known once its baseline exists, which may come later.
    scope.node.addValidation({
      validate: () => {
        const target = `${restriction.target.namespace}/${restriction.target.name}`;
        const problems = [];
        if (NetworkBaselines.of(scope).find(restriction.target.namespace)?.meshed === true) {
          problems.push({ field: 'target', value: target, rule: MESHED_L7_RULE });
        }
        if (!this.pathPorts.has(k)) {
          problems.push({ field: 'port', value: restriction.port, rule: `has no traffic path to ${target}; HTTP rules refine a path opened with allowTraffic and do nothing alone` });
        }
        return problems.length === 0 ? [] : [new PlatformValidationError(scope.node.path, problems).message];
      },
    });
  }
}

/** Restricts which HTTP requests reach a workload port (AKS with ACNS, unmeshed workloads only). */
export function restrictHttpRequests(scope: IConstruct, restriction: HttpRestriction): void {
  HttpRestrictions.of(scope).add(scope, restriction);
}

function key(target: Workload, port: string): string {
  return `${target.namespace}/${target.name}/${port}`;
}
