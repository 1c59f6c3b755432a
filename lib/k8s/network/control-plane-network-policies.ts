import { Construct } from 'constructs';
import { FLAGGER_NAMESPACE } from '../../contract/flagger';
import { checkCidr } from '../../core/cidr';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { COMPONENT_LABEL } from '../../contract/labels';
import { AllowPolicy } from './allow-policy';
import {
  API_SERVER_PORT,
  CERT_MANAGER_COMPONENTS,
  FLAGGER_COMPONENTS,
  KEDA_OPERATOR,
  LINKERD_COMPONENTS,
  TRUST_MANAGER,
  VIZ_COMPONENTS,
  VIZ_SCRAPED_ADMIN_PORTS,
} from '../../contract/chart-components';
import { LINKERD_NAMESPACE, LINKERD_PORTS } from '../../contract/linkerd';
import { MANAGED_METRICS_SCRAPER, MetricsScraper, NamespaceNetworkPolicies } from './namespace-network-policies';
import { AllowRule, Labels, PolicyPeer, tcp } from './policy-rules';
import { GKE_DEFAULT_MASTER_CIDR } from '../../contract/gke-control-plane';
import { KONNECTIVITY_AGENT } from './konnectivity';

/** A model server whose own `/metrics` port linkerd-viz's Prometheus scrapes (`vizModelMetricsScrapeConfig`). */
export interface ModelServerMetricsTarget {
  /** @default the serving namespace */
  readonly namespace?: string;
  /** Pod labels of the server, e.g. `{ 'ml-mesh-platform.io/workload': 'model-server' }` (`Workload.selector`). */
  readonly selector: Labels;
  /** Container port serving `/metrics`. @default 8080, as `ScrapedModelServer.metricsPort` */
  readonly metricsPort?: number;
}

/** Namespaces the add-ons are installed in, when not the defaults of lib/addons. */
export interface ControlPlaneNamespaces {
  /** @default 'linkerd' */
  readonly linkerd?: string;
  /** @default 'cert-manager' */
  readonly certManager?: string;
  /** @default 'linkerd-viz' */
  readonly viz?: string;
  /** @default FLAGGER_NAMESPACE ('flagger-system') */
  readonly flagger?: string;
}

export interface ControlPlaneNetworkPoliciesProps {
  /**
   * The workload namespaces whose pods run the Linkerd proxy (those with a meshed `NamespaceNetworkPolicies`).
   * They may call identity, destination and policy, and linkerd-viz's Prometheus scrapes their proxies. The
   * control-plane namespaces (linkerd, linkerd-viz, flagger-system) are added by this construct; do not list them.
   */
  readonly meshedNamespaces: readonly string[];
  /** The serving namespace: its drift gates read linkerd-viz's Prometheus. Must be one of `meshedNamespaces`. */
  readonly servingNamespace: string;
  /**
   * Model servers whose own metrics port linkerd-viz's Prometheus scrapes (accuracy and drift for canary analysis).
   * @default none
   */
  readonly modelServerSelectors?: readonly ModelServerMetricsTarget[];
  /**
   * GKE: the control plane's private range (the cluster's `masterIpv4CidrBlock`), for API-server egress and webhook
   * ingress. Ignored on AKS, where egress uses Cilium's `kube-apiserver` entity and webhook ingress is open to any
   * source on the webhook port only (see docs/network-policy.md).
   * @default GKE_DEFAULT_MASTER_CIDR ('172.16.0.0/28')
   */
  readonly apiServerCidr?: string;
  /** linkerd-viz is installed (`LinkerdControlPlane.viz`). @default false */
  readonly viz?: boolean;
  /** Flagger and its load tester are installed (`Flagger`); needs `viz`, whose Prometheus they read. @default false */
  readonly flagger?: boolean;
  /**
   * The KEDA operator (installed separately) reads viz's Prometheus for DriftScaledJob triggers; it is unmeshed,
   * so only the app port is opened. Needs `viz`.
   * @default false
   */
  readonly kedaOperator?: boolean;
  /** The cloud's managed Prometheus collector. @default MANAGED_METRICS_SCRAPER of the cluster's dataplane */
  readonly managedCollector?: MetricsScraper;
  /** @default the lib/terraform/addons defaults */
  readonly namespaces?: ControlPlaneNamespaces;
}

const DEFAULT_METRICS_PORT = 8080;
/** Drift-gate pods (lib/k8s/retraining/drift-gate.ts labels every pod `app.kubernetes.io/component: drift-gate`). */
const DRIFT_GATE_SELECTOR: Labels = { [COMPONENT_LABEL]: 'drift-gate' };

function namespacesOf(props: ControlPlaneNetworkPoliciesProps): Required<ControlPlaneNamespaces> {
  const ns = props.namespaces ?? {};
  return { linkerd: ns.linkerd ?? LINKERD_NAMESPACE, certManager: ns.certManager ?? 'cert-manager', viz: ns.viz ?? 'linkerd-viz', flagger: ns.flagger ?? FLAGGER_NAMESPACE };
}

export function controlPlaneNetworkPoliciesRules(props: ControlPlaneNetworkPoliciesProps, issues: Issues): void {
  const ns = namespacesOf(props);
  for (const [field, value] of Object.entries(props.namespaces ?? {})) {
    if (value !== undefined) checkDnsLabel(issues.at('namespaces'), field, value);
  }
  const installed = [ns.linkerd, ns.certManager, ...(props.viz === true ? [ns.viz] : []), ...(props.flagger === true ? [ns.flagger] : [])];
  issues.check(new Set(installed).size === installed.length, 'namespaces', props.namespaces, 'must name a different namespace for each add-on: each gets its own default deny');
  issues.check(props.meshedNamespaces.length > 0, 'meshedNamespaces', props.meshedNamespaces, 'must list at least the serving namespace');
  props.meshedNamespaces.forEach((namespace, i) => {
    if (!checkDnsLabel(issues.at('meshedNamespaces').at(i), '', namespace)) return;
    issues.check(!installed.includes(namespace), `meshedNamespaces[${i}]`, namespace,
      `is a control-plane namespace (${installed.join(', ')}); this construct writes its baseline and adds it to the meshed set itself`);
  });
  issues.check(new Set(props.meshedNamespaces).size === props.meshedNamespaces.length, 'meshedNamespaces', props.meshedNamespaces, 'must not repeat a namespace');
  if (checkDnsLabel(issues, 'servingNamespace', props.servingNamespace)) {
    issues.check(props.meshedNamespaces.includes(props.servingNamespace), 'servingNamespace', props.servingNamespace,
      `must be one of meshedNamespaces (${props.meshedNamespaces.join(', ')}): the serving namespace is meshed`);
  }
  (props.modelServerSelectors ?? []).forEach((m, i) => {
    const at = issues.at('modelServerSelectors').at(i);
    at.check(Object.keys(m.selector).length > 0, 'selector', m.selector, 'must select the model server pods by at least one label; an empty selector would open the metrics port on every pod');
    const port = m.metricsPort ?? DEFAULT_METRICS_PORT;
    at.check(Number.isInteger(port) && port >= 1 && port <= 65535, 'metricsPort', port, 'must be a TCP port 1-65535');
    const namespace = m.namespace ?? props.servingNamespace;
    at.check(props.meshedNamespaces.includes(namespace), 'namespace', namespace, 'must be one of meshedNamespaces: model servers run meshed');
  });
  if (props.modelServerSelectors !== undefined && props.modelServerSelectors.length > 0) {
    issues.check(props.viz === true, 'modelServerSelectors', props.modelServerSelectors, 'applies only with viz: true; they are scraped by linkerd-viz\'s Prometheus');
  }
  if (props.apiServerCidr !== undefined) checkCidr(issues, 'apiServerCidr', props.apiServerCidr);
  if (props.flagger === true) {
    issues.check(props.viz === true, 'flagger', props.flagger, 'needs viz: true; Flagger and its load tester query linkerd-viz\'s Prometheus (LINKERD_VIZ_PROMETHEUS)');
  }
  if (props.kedaOperator === true) {
    issues.check(props.viz === true, 'kedaOperator', props.kedaOperator, 'needs viz: true; the KEDA operator queries linkerd-viz\'s Prometheus for drift triggers');
  }
  if (props.managedCollector !== undefined) checkDnsLabel(issues.at('managedCollector'), 'namespace', props.managedCollector.namespace);
}

/**
 * Default deny, and only the traffic each add-on needs, in every namespace the platform installs a control plane
 * into: `linkerd`, `cert-manager`, and with `viz` / `flagger` also `linkerd-viz` and `flagger-system`. Each namespace
 * gets a `NamespaceNetworkPolicies` baseline (default deny both ways, DNS, and for meshed namespaces the Linkerd
 * control-plane ports and managed-Prometheus scraping of 4191), so `allowTraffic` paths may also end there. On top:
 * - linkerd: identity 8080, destination 8086, policy 8090 and proxy inbound 4143 from every meshed namespace; the
 *   webhooks (proxy-injector 8443, sp-validator 8443, policy-validator 9443) from the API server; admin-port scrapes;
 *   egress to the API server.
 * - cert-manager: the cert-manager webhook (10250) and trust-manager webhook (6443) from the API server; controller
 *   metrics (9402) from the managed collector; egress to the API server.
 * - linkerd-viz: Prometheus 9090 (and 4143) from metrics-api, Flagger, the load tester and the serving namespace's
 *   drift gates; web -> metrics-api 8085; tap's APIService (8089) and tap-injector webhook (8443) from the API server;
 *   Prometheus scraping every meshed pod's 4191, the model servers' metrics port and the control-plane admin ports;
 *   egress to the API server.
 * - flagger-system: Flagger -> API server, viz Prometheus and the load tester (8080); load tester -> viz Prometheus.
 *   The confirm-promotion webhook only queries Prometheus (lib/k8s/quality/canary-quality-gate.ts), so the load
 *   tester never reaches the model servers.
 * Meshed peers get the app port and 4143: the client proxy sends to the proxy inbound port
 * (linkerd.io/2/common-errors/network-policy). Admin and tap ports (4191, 4190) are sent as is: the destination
 * controller never gives them an opaque-transport hint (controller/api/destination/endpoint_translator.go, meta ports).
 */
export class ControlPlaneNetworkPolicies extends Construct {
  /** Every namespace this construct wrote a default-deny baseline for. */
  public readonly namespaces: readonly string[];
  /** Every namespace whose pods run the Linkerd proxy: `meshedNamespaces` plus the meshed control-plane namespaces. */
  public readonly allMeshedNamespaces: readonly string[];
  private readonly apiServerEgress: PolicyPeer;
  private readonly apiServerIngress: readonly PolicyPeer[];

  constructor(scope: Construct, id: string, props: ControlPlaneNetworkPoliciesProps) {
    super(scope, id);
    const issues = new Issues();
    controlPlaneNetworkPoliciesRules(props, issues);
    issues.throwIfAny(this.node.path);

    const cluster = ClusterContext.of(this);
    const ns = namespacesOf(props);
    const viz = props.viz === true;
    const flagger = props.flagger === true;
    const collector = props.managedCollector ?? MANAGED_METRICS_SCRAPER[cluster.dataplane];
    if (cluster.dataplane === 'aks-cilium') {
      // Egress: Cilium knows the API server's addresses as the `kube-apiserver` entity (docs.cilium.io layer3
      // "Entities"). Ingress: that entity "may not work" for ingress, and on AKS the API server reaches webhooks
      // through konnectivity or a node address that ipBlock cannot match; so any source, on the webhook port only.
      this.apiServerEgress = { kind: 'kube-apiserver' };
      this.apiServerIngress = [{ kind: 'anywhere' }];
    } else {
      // GKE private clusters: the control plane serves the API from its private range (the masterIpv4CidrBlock), and
      // calls webhooks both directly from it (through the VPC firewall the gcp stack opens for API_SERVER_CALLED_PORTS)
      // and through the konnectivity agents, whose pod addresses no ipBlock matches (tigera/operator#5212,
      // research-mesh §11): both peers, on the webhook port only.
      const cidr: PolicyPeer = { kind: 'cidr', cidr: props.apiServerCidr ?? GKE_DEFAULT_MASTER_CIDR };
      const konnectivity = KONNECTIVITY_AGENT[cluster.dataplane];
      this.apiServerEgress = cidr;
      this.apiServerIngress = [cidr, { kind: 'pods', namespace: konnectivity.namespace, selector: konnectivity.selector }];
    }
    this.namespaces = [ns.linkerd, ns.certManager, ...(viz ? [ns.viz] : []), ...(flagger ? [ns.flagger] : [])];
    this.allMeshedNamespaces = [...props.meshedNamespaces, ns.linkerd, ...(viz ? [ns.viz] : []), ...(flagger ? [ns.flagger] : [])];

    const pods = (namespace: string, selector: Labels = {}): PolicyPeer => ({ kind: 'pods', namespace, selector });
    const meshed = this.allMeshedNamespaces.map((n) => pods(n));
    const prometheus = pods(ns.viz, VIZ_COMPONENTS.prometheus.selector);
    const meshedPorts = (...ports: number[]) => [...ports, LINKERD_PORTS.proxyInbound].map(tcp);

    // ---- linkerd ----
    this.baseline(ns.linkerd, true, collector, ns.linkerd);
    this.allow('identity-clients', ns.linkerd, LINKERD_COMPONENTS.identity.selector, 'ingress',
      [{ peers: meshed, ports: [tcp(LINKERD_PORTS.identity)] }],
      'meshed proxies fetch their certificate from identity (8080)');
    this.allow('destination-clients', ns.linkerd, LINKERD_COMPONENTS.destination.selector, 'ingress',
      [{ peers: meshed, ports: [tcp(LINKERD_PORTS.destination), tcp(LINKERD_PORTS.policy)] }],
      'meshed proxies reach destination (8086) and policy (8090)');
    this.allow('meshed-proxy-inbound', ns.linkerd, {}, 'ingress',
      [{ peers: meshed, ports: [tcp(LINKERD_PORTS.proxyInbound)] }],
      'meshed clients reach the control-plane proxies on the proxy inbound port (4143)');
    this.allow('webhook-proxy-injector', ns.linkerd, LINKERD_COMPONENTS.proxyInjector.selector, 'ingress',
      [{ peers: this.apiServerIngress, ports: [tcp(LINKERD_COMPONENTS.proxyInjector.webhookPort)] }],
      'the API server calls the proxy-injector webhook (8443)');
    this.allow('webhook-destination', ns.linkerd, LINKERD_COMPONENTS.destination.selector, 'ingress',
      [{ peers: this.apiServerIngress, ports: LINKERD_COMPONENTS.destination.webhookPorts.map(tcp) }],
      'the API server calls the sp-validator (8443) and policy-validator (9443) webhooks');
    this.allow('identity-metrics', ns.linkerd, LINKERD_COMPONENTS.identity.selector, 'ingress',
      [{ peers: [pods(collector.namespace, collector.podSelector)], ports: [tcp(LINKERD_COMPONENTS.identity.adminPort)] }],
      `managed Prometheus in ${collector.namespace} scrapes identity's admin port (9990, issuer certificate expiry)`);
    this.apiServer(ns.linkerd, {}, 'identity, destination, policy and proxy-injector watch the API server');

    // ---- cert-manager (not meshed) ----
    this.baseline(ns.certManager, false, collector, ns.linkerd);
    this.allow('webhook-cert-manager', ns.certManager, CERT_MANAGER_COMPONENTS.webhook.selector, 'ingress',
      [{ peers: this.apiServerIngress, ports: [tcp(CERT_MANAGER_COMPONENTS.webhook.webhookPort)] }],
      'the API server calls the cert-manager webhook (10250)');
    this.allow('webhook-trust-manager', ns.certManager, TRUST_MANAGER.selector, 'ingress',
      [{ peers: this.apiServerIngress, ports: [tcp(TRUST_MANAGER.webhookPort)] }],
      'the API server calls the trust-manager webhook (6443)');
    this.allow('controller-metrics', ns.certManager, CERT_MANAGER_COMPONENTS.controller.selector, 'ingress',
      [{ peers: [pods(collector.namespace, collector.podSelector)], ports: [tcp(CERT_MANAGER_COMPONENTS.controller.metricsPort)] }],
      `managed Prometheus in ${collector.namespace} scrapes the cert-manager controller's metrics (9402)`);
    this.apiServer(ns.certManager, {}, 'cert-manager, cainjector, its webhook, startupapicheck and trust-manager work through the API server only');

    // ---- linkerd-viz ----
    if (viz) {
      this.baseline(ns.viz, true, collector, ns.linkerd);
      const readers: PolicyPeer[] = [
        pods(ns.viz, VIZ_COMPONENTS.metricsApi.selector),
        ...(flagger ? [pods(ns.flagger, FLAGGER_COMPONENTS.controller.selector), pods(ns.flagger, FLAGGER_COMPONENTS.loadTester.selector)] : []),
        pods(props.servingNamespace, DRIFT_GATE_SELECTOR),
      ];
      const unmeshedReaders = props.kedaOperator ? [{ peers: [pods(KEDA_OPERATOR.namespace, KEDA_OPERATOR.selector)], ports: [tcp(VIZ_COMPONENTS.prometheus.port)] }] : [];
      this.allow('prometheus-readers', ns.viz, VIZ_COMPONENTS.prometheus.selector, 'ingress',
        [{ peers: readers, ports: meshedPorts(VIZ_COMPONENTS.prometheus.port) }, ...unmeshedReaders],
        `metrics-api${flagger ? ', Flagger, its load tester' : ''} and the drift gates in ${props.servingNamespace} query Prometheus (9090)`);
      this.allow('metrics-api-from-web', ns.viz, VIZ_COMPONENTS.metricsApi.selector, 'ingress',
        [{ peers: [pods(ns.viz, VIZ_COMPONENTS.web.selector)], ports: meshedPorts(VIZ_COMPONENTS.metricsApi.port) }],
        'the dashboard (web) calls metrics-api (8085)');
      this.allow('webhook-tap', ns.viz, VIZ_COMPONENTS.tap.selector, 'ingress',
        [{ peers: this.apiServerIngress, ports: [tcp(VIZ_COMPONENTS.tap.apiServicePort)] }],
        'the API server calls the tap APIService (8089); an unreachable APIService breaks API discovery');
      this.allow('webhook-tap-injector', ns.viz, VIZ_COMPONENTS.tapInjector.selector, 'ingress',
        [{ peers: this.apiServerIngress, ports: [tcp(VIZ_COMPONENTS.tapInjector.webhookPort)] }],
        'the API server calls the tap-injector webhook (8443)');
      this.allow('viz-admin-scrape', ns.viz, {}, 'ingress',
        [{ peers: [prometheus], ports: meshedPorts(...VIZ_SCRAPED_ADMIN_PORTS.viz) }],
        'Prometheus scrapes the viz components\' admin ports (linkerd-controller job)');
      this.allow('linkerd-admin-scrape', ns.linkerd, {}, 'ingress',
        [{ peers: [prometheus], ports: VIZ_SCRAPED_ADMIN_PORTS.linkerd.map(tcp) }],
        'linkerd-viz Prometheus scrapes the control-plane admin ports (linkerd-controller job)');

      const scrapeRules: AllowRule[] = [
        { peers: meshed, ports: [tcp(LINKERD_PORTS.proxyAdmin)] },
        { peers: [pods(ns.linkerd)], ports: meshedPorts(...VIZ_SCRAPED_ADMIN_PORTS.linkerd) },
        { peers: [pods(ns.viz)], ports: meshedPorts(...VIZ_SCRAPED_ADMIN_PORTS.viz) },
        ...(props.modelServerSelectors ?? []).map((m): AllowRule => ({
          peers: [pods(m.namespace ?? props.servingNamespace, m.selector)],
          ports: meshedPorts(m.metricsPort ?? DEFAULT_METRICS_PORT),
        })),
      ];
      this.allow('prometheus-scrape', ns.viz, VIZ_COMPONENTS.prometheus.selector, 'egress', scrapeRules,
        'Prometheus scrapes every meshed proxy (4191), the model servers\' metrics port and the control-plane admin ports');
      this.allow('metrics-api-to-prometheus', ns.viz, VIZ_COMPONENTS.metricsApi.selector, 'egress',
        [{ peers: [prometheus], ports: meshedPorts(VIZ_COMPONENTS.prometheus.port) }],
        'metrics-api queries Prometheus (9090)');
      this.allow('web-to-metrics-api', ns.viz, VIZ_COMPONENTS.web.selector, 'egress',
        [{ peers: [pods(ns.viz, VIZ_COMPONENTS.metricsApi.selector)], ports: meshedPorts(VIZ_COMPONENTS.metricsApi.port) }],
        'the dashboard (web) calls metrics-api (8085)');
      this.apiServer(ns.viz, {}, 'Prometheus service discovery and cadvisor, metrics-api, tap, tap-injector and web use the API server');

      for (const namespace of [ns.linkerd, ns.viz]) this.vizProxyScrape(namespace, prometheus);
    }

    // ---- flagger-system ----
    if (flagger) {
      this.baseline(ns.flagger, true, collector, ns.linkerd);
      const controller = FLAGGER_COMPONENTS.controller.selector;
      const loadTester = FLAGGER_COMPONENTS.loadTester;
      this.allow('flagger-egress', ns.flagger, controller, 'egress', [
        { peers: [prometheus], ports: meshedPorts(VIZ_COMPONENTS.prometheus.port) },
        { peers: [pods(ns.flagger, loadTester.selector)], ports: meshedPorts(loadTester.port) },
      ], 'Flagger queries linkerd-viz Prometheus (9090) and calls the load tester\'s webhooks (8080)');
      this.allow('loadtester-from-flagger', ns.flagger, loadTester.selector, 'ingress',
        [{ peers: [pods(ns.flagger, controller)], ports: meshedPorts(loadTester.port) }],
        'Flagger calls the load tester\'s webhooks (confirm-promotion) on 8080');
      this.allow('loadtester-egress', ns.flagger, loadTester.selector, 'egress',
        [{ peers: [prometheus], ports: meshedPorts(VIZ_COMPONENTS.prometheus.port) }],
        'the promotion check queries linkerd-viz Prometheus (9090); it calls nothing else');
      this.apiServer(ns.flagger, controller, 'Flagger manages Deployments, Services and HTTPRoutes through the API server');
      this.vizProxyScrape(ns.flagger, prometheus);
    }
  }

  private baseline(namespace: string, meshed: boolean, collector: MetricsScraper, linkerdNamespace: string): void {
    new NamespaceNetworkPolicies(this, namespace, {
      namespace,
      meshed,
      ...(meshed ? { metricsScraper: collector, linkerdNamespace } : {}),
    });
  }

  private allow(name: string, namespace: string, podSelector: Labels, direction: 'ingress' | 'egress', rules: readonly AllowRule[], purpose: string): void {
    new AllowPolicy(this, `${namespace}-${name}`, { name: `allow-${name}`, namespace, podSelector, direction, rules, purpose });
  }

  private apiServer(namespace: string, podSelector: Labels, purpose: string): void {
    this.allow('api-server', namespace, podSelector, 'egress', [{ peers: [this.apiServerEgress], ports: [tcp(API_SERVER_PORT)] }], purpose);
  }

  /** linkerd-viz Prometheus scrapes the proxies (4191) of a meshed control-plane namespace, beside the managed collector. */
  private vizProxyScrape(namespace: string, prometheus: PolicyPeer): void {
    this.allow('viz-prometheus-proxy-metrics', namespace, {}, 'ingress', [{ peers: [prometheus], ports: [tcp(LINKERD_PORTS.proxyAdmin)] }],
      'linkerd-viz Prometheus scrapes the Linkerd proxy admin port (4191)');
  }
}
