import { Construct } from 'constructs';
import { PlatformValidationError, ValidationIssue } from '../../core/validation';
import { describeSource, TrafficIntent, TrafficSource } from '../core/workload';
import { AllowPolicy } from './allow-policy';
import { HttpRestrictions, MESHED_L7_RULE } from './http-restrictions';
import { LINKERD_PORTS } from '../../contract/linkerd';
import { NetworkBaselines } from './network-baselines';
import { policyName } from './policy-names';
import { AllowRule, Labels, PolicyPeer, tcp } from './policy-rules';

/** The pods a traffic source stands for, and whether they are meshed by definition. */
interface SourcePods {
  readonly namespace: string;
  readonly selector: Labels;
  /** Short name for policy names. */
  readonly id: string;
  /** Unmeshed sources never speak to the proxy port; the others are meshed if their namespace is. */
  readonly unmeshed: boolean;
}

function sourcePods(source: Exclude<TrafficSource, { kind: 'external' }>): SourcePods {
  switch (source.kind) {
    case 'workload':
      return { namespace: source.workload.namespace, selector: source.workload.selector, id: source.workload.name, unmeshed: false };
    case 'namespace':
      return { namespace: source.namespace, selector: {}, id: `ns-${source.namespace}`, unmeshed: false };
    case 'unmeshed':
      return { namespace: source.namespace, selector: source.selector, id: source.name, unmeshed: true };
  }
}

/**
 * The network half of one traffic intent: ingress on the target's pods from the source, and egress on the
 * source's pods to the target, because both namespaces deny by default. Meshed-to-meshed paths also open the
 * proxy inbound port 4143: the client proxy replaces the target port with it (linkerd.io/2/common-errors/network-policy).
 * The app port stays open for unmeshed clients and for connections the client proxy does not upgrade.
 */
export class TrafficPathPolicies extends Construct {
  constructor(scope: Construct, id: string, intent: TrafficIntent) {
    super(scope, id);
    const target = intent.target;
    const port = target.ports.find((p) => p.name === intent.port);
    if (!port) {
      throw new PlatformValidationError(this.node.path, [{ field: 'port', value: intent.port, rule: `must be a port of ${target.namespace}/${target.name} (it has: ${target.ports.map((p) => p.name).join(', ') || 'none'})` }]);
    }
    const path = `${describeSource(intent.source)} -> ${target.namespace}/${target.name}:${intent.port}`;
    HttpRestrictions.of(this).notePath(target, intent.port);
    if (intent.source.kind === 'external') {
      this.external(intent.source, target, port.port, intent.port, path);
      return;
    }
    const source = sourcePods(intent.source);

    const problems = (): ValidationIssue[] => {
      const issues: ValidationIssue[] = [];
      const baselines = NetworkBaselines.of(this);
      for (const [field, namespace] of [['target.namespace', target.namespace], ['source.namespace', source.namespace]] as const) {
        if (!baselines.find(namespace)) {
          issues.push({ field, value: namespace, rule: `has no NamespaceNetworkPolicies; every namespace on a traffic path (${path}) needs one, or its allow policies would isolate pods instead of adding to a default deny` });
        }
      }
      return issues;
    };
    // Checked when the app synthesizes, so namespaces and paths may be declared in any order.
    this.node.addValidation({
      validate: () => {
        const issues = problems();
        return issues.length === 0 ? [] : [new PlatformValidationError(this.node.path, issues).message];
      },
    });

    const rules = (peer: PolicyPeer, withHttp: boolean) => (): readonly AllowRule[] => {
      const issues = problems();
      if (issues.length > 0) throw new PlatformValidationError(this.node.path, issues);
      const baselines = NetworkBaselines.of(this);
      const meshedPath = !source.unmeshed && baselines.find(source.namespace)?.meshed === true && baselines.find(target.namespace)?.meshed === true;
      const ports = meshedPath ? [tcp(port.port), tcp(LINKERD_PORTS.proxyInbound)] : [tcp(port.port)];
      const http = withHttp ? HttpRestrictions.of(this).find(target, intent.port) : undefined;
      if (http && baselines.find(target.namespace)?.meshed === true) {
        // restrictHttpRequests reports this as a validation error; this guards synth paths that skip validation.
        throw new PlatformValidationError(this.node.path, [{ field: 'target', value: `${target.namespace}/${target.name}`, rule: MESHED_L7_RULE }]);
      }
      return [{ peers: [peer], ports, ...(http ? { http } : {}) }];
    };

    const sourceId = source.namespace === target.namespace ? source.id : `${source.namespace}-${source.id}`;
    new AllowPolicy(this, 'ingress', {
      name: policyName('allow-from', sourceId, 'to', target.name, intent.port),
      namespace: target.namespace,
      podSelector: target.selector,
      direction: 'ingress',
      rules: rules({ kind: 'pods', namespace: source.namespace, selector: source.selector }, true),
      purpose: `traffic path ${path} (target side)`,
    });
    const targetId = source.namespace === target.namespace ? target.name : `${target.namespace}-${target.name}`;
    new AllowPolicy(this, 'egress', {
      name: policyName('allow-to', targetId, intent.port, 'from', source.id),
      namespace: source.namespace,
      podSelector: source.selector,
      direction: 'egress',
      rules: rules({ kind: 'pods', namespace: target.namespace, selector: target.selector }, false),
      purpose: `traffic path ${path} (source side)`,
    });
  }

  /**
   * Clients outside the pod network (an internal load balancer's callers): ingress from their ranges on the app port
   * only, since they have no proxy; no egress side, since they are not pods. The target namespace needs its baseline.
   */
  private external(source: Extract<TrafficSource, { kind: 'external' }>, target: TrafficIntent['target'], port: number, portName: string, path: string): void {
    this.node.addValidation({
      validate: () => (NetworkBaselines.of(this).find(target.namespace) ? [] : [new PlatformValidationError(this.node.path, [{
        field: 'target.namespace', value: target.namespace,
        rule: `has no NamespaceNetworkPolicies; every namespace on a traffic path (${path}) needs one, or its allow policies would isolate pods instead of adding to a default deny`,
      }]).message]),
    });
    new AllowPolicy(this, 'ingress', {
      name: policyName('allow-from', source.name, 'to', target.name, portName),
      namespace: target.namespace,
      podSelector: target.selector,
      direction: 'ingress',
      rules: [{ peers: source.cidrs.map((cidr): PolicyPeer => ({ kind: 'cidr', cidr })), ports: [tcp(port)] }],
      purpose: `traffic path ${path}: clients outside the cluster, unmeshed, by address`,
    });
  }
}
