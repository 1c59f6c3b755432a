import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import {
  CiliumNetworkPolicy,
  CiliumNetworkPolicySpecEgress,
  CiliumNetworkPolicySpecEgressToEntities,
  CiliumNetworkPolicySpecEgressToPorts,
  CiliumNetworkPolicySpecEgressToPortsPortsProtocol,
  CiliumNetworkPolicySpecIngress,
  CiliumNetworkPolicySpecIngressFromEntities,
  CiliumNetworkPolicySpecIngressToPorts,
  CiliumNetworkPolicySpecIngressToPortsPortsProtocol,
} from '../../../imports/cilium-network-policy-cilium.io';
import { ClusterContext } from '../core/cluster-context';
import { capabilitiesOf } from './dataplane-capabilities';
import { AllowRule, Labels, PolicyPeer, PolicyPort } from './policy-rules';

/** Annotation that says, in words, why a policy exists; reviewers read it in the YAML diff. */
export const PURPOSE_ANNOTATION = 'ml-mesh-platform.io/purpose';

/** The label Cilium gives every endpoint with its namespace (docs.cilium.io security/policy/kubernetes). */
const CILIUM_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
/** The label Kubernetes sets on every namespace with its name (kubernetes.io/docs/reference/labels-annotations-taints). */
const K8S_NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface AllowPolicyProps {
  /** Object name. */
  readonly name: string;
  readonly namespace: string;
  /** Pods of `namespace` the policy applies to; `{}` selects every pod. */
  readonly podSelector: Labels;
  readonly direction: 'ingress' | 'egress';
  /**
   * The allow rules, or a function giving them at synth time, for rules that depend on constructs
   * created later (another namespace's baseline, L7 rules added after the path).
   */
  readonly rules: readonly AllowRule[] | (() => readonly AllowRule[]);
  /** Why the policy exists, written to the `ml-mesh-platform.io/purpose` annotation. */
  readonly purpose: string;
}

/**
 * One allow policy, written in the kind the cluster's dataplane enforces. It only adds allowed traffic:
 * default deny comes from `NamespaceNetworkPolicies`, which every namespace carrying these policies must have.
 */
export class AllowPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AllowPolicyProps) {
    super(scope, id);
    const capabilities = capabilitiesOf(ClusterContext.of(this));
    const rules = (): readonly AllowRule[] => (typeof props.rules === 'function' ? props.rules() : props.rules);
    const lazy = typeof props.rules === 'function';
    const metadata = { name: props.name, namespace: props.namespace, annotations: { [PURPOSE_ANNOTATION]: props.purpose } };

    if (capabilities.policyKind === 'CiliumNetworkPolicy') {
      const spec = () => ({
        endpointSelector: { matchLabels: { ...props.podSelector } },
        ...(props.direction === 'ingress' ? { ingress: rules().flatMap(ciliumIngress) } : { egress: rules().flatMap(ciliumEgress) }),
      });
      new CiliumNetworkPolicy(this, 'policy', { metadata, spec: lazy ? Lazy.any({ produce: spec }) : spec() });
    } else {
      const spec = (): k8s.NetworkPolicySpec => ({
        podSelector: { matchLabels: { ...props.podSelector } },
        policyTypes: [props.direction === 'ingress' ? 'Ingress' : 'Egress'],
        ...(props.direction === 'ingress'
          ? { ingress: rules().map((r) => ({ from: kubePeers(r, 'ingress'), ports: kubePorts(r) })) }
          : { egress: rules().map((r) => ({ to: kubePeers(r, 'egress'), ports: kubePorts(r) })) }),
      });
      new k8s.KubeNetworkPolicy(this, 'policy', { metadata, spec: lazy ? Lazy.any({ produce: spec }) : spec() });
    }
  }
}

function ciliumSelector(peer: Extract<PolicyPeer, { kind: 'pods' }>): { matchLabels: Record<string, string> } {
  return { matchLabels: { ...peer.selector, [CILIUM_NAMESPACE_LABEL]: peer.namespace } };
}

// Cilium ports are strings; the generated enums differ per direction, hence two small maps.
const EGRESS_PROTOCOL = { TCP: CiliumNetworkPolicySpecEgressToPortsPortsProtocol.TCP, UDP: CiliumNetworkPolicySpecEgressToPortsPortsProtocol.UDP };
const INGRESS_PROTOCOL = { TCP: CiliumNetworkPolicySpecIngressToPortsPortsProtocol.TCP, UDP: CiliumNetworkPolicySpecIngressToPortsPortsProtocol.UDP };

function ciliumEgressPorts(rule: AllowRule): CiliumNetworkPolicySpecEgressToPorts[] {
  const ports = rule.ports.map((p) => ({ port: String(p.port), protocol: EGRESS_PROTOCOL[p.protocol] }));
  if (rule.http) return [{ ports, rules: { http: rule.http.map((h) => ({ ...h })) } }];
  if (rule.inspectDns) return [{ ports, rules: { dns: [{ matchPattern: '*' }] } }];
  return [{ ports }];
}

function ciliumIngressPorts(rule: AllowRule): CiliumNetworkPolicySpecIngressToPorts[] {
  if (rule.inspectDns) throw new Error('AllowPolicy: DNS inspection is an egress rule');
  const ports = rule.ports.map((p) => ({ port: String(p.port), protocol: INGRESS_PROTOCOL[p.protocol] }));
  if (rule.http) return [{ ports, rules: { http: rule.http.map((h) => ({ ...h })) } }];
  return [{ ports }];
}

/**
 * Cilium wants different peer kinds in separate rules (`toFQDNs` cannot share a rule with other `to*`
 * fields), so peers are grouped by kind and each group becomes its own rule with the same ports.
 */
function ciliumEgress(rule: AllowRule): CiliumNetworkPolicySpecEgress[] {
  const toPorts = ciliumEgressPorts(rule);
  const out: CiliumNetworkPolicySpecEgress[] = [];
  const pods = rule.peers.filter((p) => p.kind === 'pods');
  const cidrs = rule.peers.filter((p) => p.kind === 'cidr');
  const fqdns = rule.peers.filter((p) => p.kind === 'fqdn');
  const entities = rule.peers.flatMap((p) => (p.kind === 'world' ? [CiliumNetworkPolicySpecEgressToEntities.WORLD] : p.kind === 'kube-apiserver' ? [CiliumNetworkPolicySpecEgressToEntities.KUBE_HYPHEN_APISERVER] : []));
  if (rule.peers.some((p) => p.kind === 'anywhere')) throw new Error('AllowPolicy: the "anywhere" peer is for ingress only');
  if (pods.length > 0) out.push({ toEndpoints: pods.map(ciliumSelector), toPorts });
  if (cidrs.length > 0) out.push({ toCidrSet: cidrs.map((p) => ({ cidr: p.cidr })), toPorts });
  if (fqdns.length > 0) out.push({ toFqdNs: fqdns.map((p) => (p.name !== undefined ? { matchName: p.name } : { matchPattern: p.pattern })), toPorts });
  if (entities.length > 0) out.push({ toEntities: entities, toPorts });
  return out;
}

function ciliumIngress(rule: AllowRule): CiliumNetworkPolicySpecIngress[] {
  const toPorts = ciliumIngressPorts(rule);
  const out: CiliumNetworkPolicySpecIngress[] = [];
  const pods = rule.peers.filter((p) => p.kind === 'pods');
  const cidrs = rule.peers.filter((p) => p.kind === 'cidr');
  if (rule.peers.some((p) => p.kind === 'fqdn' || p.kind === 'world' || p.kind === 'kube-apiserver')) {
    throw new Error('AllowPolicy: fqdn, world and kube-apiserver peers are for egress only');
  }
  if (pods.length > 0) out.push({ fromEndpoints: pods.map(ciliumSelector), toPorts });
  if (cidrs.length > 0) out.push({ fromCidrSet: cidrs.map((p) => ({ cidr: p.cidr })), toPorts });
  // `all` rather than `world`: webhook calls come from the API server, which Cilium may see as
  // kube-apiserver, remote-node or world depending on the cloud (Cilium docs, layer3 "Entities").
  if (rule.peers.some((p) => p.kind === 'anywhere')) out.push({ fromEntities: [CiliumNetworkPolicySpecIngressFromEntities.ALL], toPorts });
  return out;
}

function kubePeers(rule: AllowRule, direction: 'ingress' | 'egress'): k8s.NetworkPolicyPeer[] | undefined {
  if (rule.http || rule.inspectDns) {
    throw new Error('AllowPolicy: L7 and DNS-inspection rules cannot be written as a Kubernetes NetworkPolicy; check dataplane capabilities first');
  }
  // An ingress rule without `from` admits every source, which is what "anywhere" means.
  if (direction === 'ingress' && rule.peers.some((p) => p.kind === 'anywhere')) return undefined;
  return rule.peers.map((peer): k8s.NetworkPolicyPeer => {
    switch (peer.kind) {
      case 'pods':
        return {
          namespaceSelector: { matchLabels: { [K8S_NAMESPACE_NAME_LABEL]: peer.namespace } },
          podSelector: { matchLabels: { ...peer.selector } },
        };
      case 'cidr':
        return { ipBlock: { cidr: peer.cidr } };
      case 'world':
        return { ipBlock: { cidr: '0.0.0.0/0' } };
      default:
        throw new Error(`AllowPolicy: a "${peer.kind}" peer cannot be written as a Kubernetes NetworkPolicy; check dataplane capabilities first`);
    }
  });
}

function kubePorts(rule: AllowRule): k8s.NetworkPolicyPort[] {
  return rule.ports.map((p: PolicyPort) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
}
