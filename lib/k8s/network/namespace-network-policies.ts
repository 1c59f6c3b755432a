import { Construct } from 'constructs';
import { Issues, PlatformValidationError } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { AllowPolicy } from './allow-policy';
import { CloudEgressOptions, CloudEgressPolicy } from './cloud-egress-policy';
import { CloudEndpoint } from './cloud-endpoints';
import { KUBE_DNS, NODE_LOCAL_DNS } from './cluster-dns';
import { DefaultDenyPolicy } from './default-deny-policy';
import { LINKERD_NAMESPACE, LINKERD_PORTS } from '../../contract/linkerd';
import { NetworkBaselines } from './network-baselines';
import { dnsPorts, Labels, PolicyPeer, tcp } from './policy-rules';
import { Dataplane } from '../../contract/dataplane';

/** Pods allowed to scrape the Linkerd proxies' metrics on the admin port. */
export interface MetricsScraper {
  readonly namespace: string;
  /**
   * @default every pod in `namespace`
   */
  readonly podSelector?: Labels;
}

/**
 * The managed Prometheus collectors each cloud runs, used when no scraper is given:
 * - AKS managed Prometheus: the `ama-metrics` replica in kube-system (label `rsName: ama-metrics`) runs the
 *   custom scrape jobs, i.e. PodMonitors (Azure/prometheus-collector).
 * - GKE managed collection: collector pods labelled `app.kubernetes.io/name: collector` in `gke-gmp-system`
 *   (GoogleCloudPlatform/prometheus-engine chart; namespace per GKE managed collection ⚠, see docs).
 */
export const MANAGED_METRICS_SCRAPER: Readonly<Record<Dataplane, MetricsScraper>> = {
  'aks-cilium': { namespace: 'kube-system', podSelector: { rsName: 'ama-metrics' } },
  'gke-dataplane-v2': { namespace: 'gke-gmp-system', podSelector: { 'app.kubernetes.io/name': 'collector' } },
};

export interface NamespaceNetworkPoliciesProps {
  /** The namespace the policies apply to. */
  readonly namespace: string;
  /** Pods in the namespace run the Linkerd proxy: open the control plane, proxy inbound and metrics ports. */
  readonly meshed: boolean;
  /**
   * Who scrapes the proxies' metrics on TCP 4191; `'none'` opens nothing. Meshed namespaces only.
   * @default the cloud's managed Prometheus collector (MANAGED_METRICS_SCRAPER)
   */
  readonly metricsScraper?: MetricsScraper | 'none';
  /**
   * Namespace of the Linkerd control plane.
   * @default 'linkerd'
   */
  readonly linkerdNamespace?: string;
}

export function namespaceNetworkPoliciesRules(props: NamespaceNetworkPoliciesProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  if (props.linkerdNamespace !== undefined) checkDnsLabel(issues, 'linkerdNamespace', props.linkerdNamespace);
  const scraper = props.metricsScraper;
  if (scraper !== undefined && scraper !== 'none') {
    checkDnsLabel(issues, 'metricsScraper.namespace', scraper.namespace);
    issues.check(props.meshed, 'metricsScraper', scraper, 'applies only to meshed namespaces: unmeshed pods have no Linkerd proxy admin port to scrape');
  }
}

/**
 * The network baseline of one platform namespace: default deny both ways, DNS, and, when meshed, what the
 * Linkerd proxy needs (control plane, metrics scraping). Paths between workloads come from `allowTraffic`;
 * egress to cloud APIs from `allowCloudEgress`. Every namespace that a traffic path touches needs one.
 */
export class NamespaceNetworkPolicies extends Construct {
  public readonly namespace: string;
  public readonly meshed: boolean;
  private readonly cloudEgressNames = new Set<string>();

  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const issues = new Issues();
    namespaceNetworkPoliciesRules(props, issues);
    issues.throwIfAny(this.node.path);
    this.namespace = props.namespace;
    this.meshed = props.meshed;
    const cluster = ClusterContext.of(this);
    NetworkBaselines.of(this).register({ namespace: props.namespace, meshed: props.meshed, path: this.node.path });

    new DefaultDenyPolicy(this, 'default-deny', { namespace: props.namespace });

    new AllowPolicy(this, 'dns', {
      name: 'allow-dns',
      namespace: props.namespace,
      podSelector: {},
      direction: 'egress',
      rules: [{
        peers: [{ kind: 'pods', ...KUBE_DNS }, ...NODE_LOCAL_DNS[cluster.dataplane].map((cidr): PolicyPeer => ({ kind: 'cidr', cidr }))],
        ports: dnsPorts(),
      }],
      purpose: 'DNS to kube-dns and the node-local resolver addresses',
    });

    if (!props.meshed) return;

    new AllowPolicy(this, 'linkerd-control-plane', {
      name: 'allow-linkerd-control-plane',
      namespace: props.namespace,
      podSelector: {},
      direction: 'egress',
      rules: [{
        peers: [{ kind: 'pods', namespace: props.linkerdNamespace ?? LINKERD_NAMESPACE, selector: {} }],
        ports: [tcp(LINKERD_PORTS.identity), tcp(LINKERD_PORTS.destination), tcp(LINKERD_PORTS.policy)],
      }],
      purpose: 'Linkerd proxies reach identity (8080), destination (8086) and policy (8090)',
    });

    const scraper = props.metricsScraper ?? MANAGED_METRICS_SCRAPER[cluster.dataplane];
    if (scraper !== 'none') {
      new AllowPolicy(this, 'linkerd-metrics', {
        name: 'allow-linkerd-proxy-metrics',
        namespace: props.namespace,
        podSelector: {},
        direction: 'ingress',
        rules: [{ peers: [{ kind: 'pods', namespace: scraper.namespace, selector: scraper.podSelector ?? {} }], ports: [tcp(LINKERD_PORTS.proxyAdmin)] }],
        purpose: `Prometheus in ${scraper.namespace} scrapes the Linkerd proxy admin port (4191)`,
      });
    }
  }

  /**
   * Lets the namespace's pods (or those matching `options.podSelector`) call named cloud endpoints, by FQDN
   * where the dataplane enforces it; see `CloudEgressOptions` for the fallbacks and docs/network-policy.md.
   */
  public allowCloudEgress(endpoints: readonly CloudEndpoint[], options: CloudEgressOptions = {}): CloudEgressPolicy {
    const name = options.name ?? 'allow-cloud-egress';
    if (this.cloudEgressNames.has(name)) {
      throw new PlatformValidationError(this.node.path, [{ field: 'allowCloudEgress.name', value: name, rule: `is already used in namespace ${this.namespace}; give each cloud egress policy its own name` }]);
    }
    this.cloudEgressNames.add(name);
    return new CloudEgressPolicy(this, `cloud-egress-${name}`, { ...options, namespace: this.namespace, endpoints });
  }
}
