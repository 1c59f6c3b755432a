import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { cloudEgressRules, Plan } from './cloud-egress-rules';
import { ClusterContext } from '../core/cluster-context';
import { AllowPolicy } from './allow-policy';
import { KUBE_DNS, NODE_LOCAL_DNS } from './cluster-dns';
import { CloudEndpoint, destinationOf, GOOGLE_API_VIPS, GoogleApiVip, HTTPS_PORT } from './cloud-endpoints';
import { capabilitiesOf } from './dataplane-capabilities';
import { AllowRule, dnsPorts, Labels, PolicyPeer, tcp } from './policy-rules';

export interface CloudEgressOptions {
  /**
   * Pods allowed to call the endpoints.
   * @default every pod in the namespace
   */
  readonly podSelector?: Labels;
  /**
   * Object name; set it when a namespace has more than one cloud egress policy.
   * @default 'allow-cloud-egress'
   */
  readonly name?: string;
  /**
   * GKE only: reach Google APIs through this Private Google Access VIP instead of by name. Requires the VPC's
   * Cloud DNS to resolve `*.googleapis.com` and `*.pkg.dev` to the VIP; otherwise the rule matches nothing.
   * @default none: Google endpoints on GKE need this or `allowUnfilteredHttps`
   */
  readonly googleApiVip?: GoogleApiVip;
  /**
   * Where the dataplane cannot filter by name, allow HTTPS (TCP 443) to every address outside the cluster.
   * This is an explicit weakening: name filtering must then happen in an egress firewall (Azure Firewall,
   * Cloud NGFW). Without it, asking for an endpoint the dataplane cannot restrict is an error.
   * @default false
   */
  readonly allowUnfilteredHttps?: boolean;
}

export interface CloudEgressPolicyProps extends CloudEgressOptions {
  readonly namespace: string;
  readonly endpoints: readonly CloudEndpoint[];
}

/** Egress from a namespace's pods to named cloud endpoints, in the strongest form the dataplane enforces. */
export class CloudEgressPolicy extends Construct {
  /** True when the policy allows HTTPS to any external address (the `allowUnfilteredHttps` fallback). */
  public readonly unfiltered: boolean;

  constructor(scope: Construct, id: string, props: CloudEgressPolicyProps) {
    super(scope, id);
    const cluster = ClusterContext.of(this);
    const capabilities = capabilitiesOf(cluster);
    const issues = new Issues();
    const plans = cloudEgressRules(props, capabilities, issues);
    issues.throwIfAny(this.node.path);

    const destinations = props.endpoints.map(destinationOf);
    const chosen = (kind: Plan['kind']) => destinations.filter((_, i) => plans[i].kind === kind);
    const rules: AllowRule[] = [];

    const fqdns = chosen('fqdn');
    if (fqdns.length > 0) {
      rules.push({
        peers: fqdns.map((d): PolicyPeer => (d.fqdn?.includes('*') ? { kind: 'fqdn', pattern: d.fqdn } : { kind: 'fqdn', name: d.fqdn })),
        ports: [tcp(HTTPS_PORT)],
      });
      // toFQDNs only learns addresses from DNS answers that pass through Cilium's DNS proxy, so the pods'
      // DNS traffic is sent through it here (docs.cilium.io security/policy/language "DNS based").
      rules.push({
        peers: [{ kind: 'pods', ...KUBE_DNS }, ...NODE_LOCAL_DNS[cluster.dataplane].map((cidr): PolicyPeer => ({ kind: 'cidr', cidr }))],
        ports: dnsPorts(),
        inspectDns: true,
      });
    }
    if (chosen('vip').length > 0 && props.googleApiVip !== undefined) {
      rules.push({ peers: [{ kind: 'cidr', cidr: GOOGLE_API_VIPS[props.googleApiVip] }], ports: [tcp(HTTPS_PORT)] });
    }
    for (const address of chosen('addresses').flatMap((d) => d.addresses ?? [])) {
      rules.push({ peers: [{ kind: 'cidr', cidr: address.cidr }], ports: [tcp(address.port)] });
    }
    this.unfiltered = chosen('unfiltered').length > 0;
    if (this.unfiltered) rules.push({ peers: [{ kind: 'world' }], ports: [tcp(HTTPS_PORT)] });

    const labels = destinations.map((d) => d.label).join(', ');
    new AllowPolicy(this, 'egress', {
      name: props.name ?? 'allow-cloud-egress',
      namespace: props.namespace,
      podSelector: props.podSelector ?? {},
      direction: 'egress',
      rules,
      purpose: this.unfiltered
        ? `cloud endpoints (${labels}): NOT filtered by name, HTTPS to any external address (allowUnfilteredHttps); filter in an egress firewall`
        : `cloud endpoints (${labels})`,
    });
  }
}
