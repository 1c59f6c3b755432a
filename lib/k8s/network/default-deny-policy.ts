import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { CiliumNetworkPolicy } from '../../../imports/cilium-network-policy-cilium.io';
import { ClusterContext } from '../core/cluster-context';
import { PURPOSE_ANNOTATION } from './allow-policy';
import { capabilitiesOf } from './dataplane-capabilities';

export interface DefaultDenyPolicyProps {
  readonly namespace: string;
  /** @default 'default-deny' */
  readonly name?: string;
}

/** Denies all ingress and egress for every pod in a namespace; allow policies then open named paths. */
export class DefaultDenyPolicy extends Construct {
  constructor(scope: Construct, id: string, props: DefaultDenyPolicyProps) {
    super(scope, id);
    const metadata = {
      name: props.name ?? 'default-deny',
      namespace: props.namespace,
      annotations: { [PURPOSE_ANNOTATION]: 'deny all ingress and egress unless another policy allows it' },
    };
    if (capabilitiesOf(ClusterContext.of(this)).policyKind === 'CiliumNetworkPolicy') {
      // An endpoint selected by a rule with an ingress (egress) section is default-deny in that direction.
      // `[{}]` is one rule matching no peer, which Cilium's own examples use for "deny all"
      // (cilium examples/policies/l3/ingress-default-deny, egress-default-deny).
      new CiliumNetworkPolicy(this, 'policy', { metadata, spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } });
    } else {
      // kubernetes.io/docs/concepts/services-networking/network-policies "Default deny all ingress and all egress traffic".
      new k8s.KubeNetworkPolicy(this, 'policy', { metadata, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    }
  }
}
