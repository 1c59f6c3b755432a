import { Construct } from 'constructs';
import { describeSource, TrafficIntent } from '../core/workload';
import { policyName } from './policy-names';
import { TrafficPathPolicies } from './traffic-path-policies';

/**
 * Creates the network-policy rules that let `intent.source` reach `intent.target` on `intent.port`:
 * ingress on the target and egress on the source, in the kind the cluster's dataplane enforces.
 * `allowTraffic` calls it with the same intent as the mesh authorization.
 */
export function authorizeInNetwork(scope: Construct, intent: TrafficIntent): void {
  const id = policyName('network', describeSource(intent.source).replace(/[^a-z0-9]+/g, '-'), intent.target.namespace, intent.target.name, intent.port);
  if (scope.node.tryFindChild(id)) {
    throw new Error(`${scope.node.path}: traffic ${describeSource(intent.source)} -> ${intent.target.namespace}/${intent.target.name}:${intent.port} is already allowed here`);
  }
  new TrafficPathPolicies(scope, id, intent);
}
