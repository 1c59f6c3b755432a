import { Construct } from 'constructs';
import { AuthorizationPolicy } from '../../../imports/linkerd-authorization-policy-policy.linkerd.io';
import { MeshTlsAuthentication } from '../../../imports/linkerd-meshtls-authentication-policy.linkerd.io';
import { NetworkAuthentication } from '../../../imports/linkerd-network-authentication-policy.linkerd.io';
import { ServerV1Beta3 } from '../../../imports/linkerd-server-policy.linkerd.io';
import { HttpRoute, HttpRouteSpecRulesMatchesMethod, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway-httproute-gateway.networking.k8s.io';
import { Issues } from '../../core/validation';
import { MODEL_METRICS_PATH } from '../../contract/observability/metric-catalog';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { Workload } from '../core/workload';
import { MeshNetworks } from '../mesh/mesh-networks';
import { DEFAULT_PROBE_NETWORKS, MeshServer } from '../mesh/mesh-server';
import { AllowPolicy } from '../network/allow-policy';
import { LINKERD_NAMESPACE, LINKERD_PORTS } from '../../contract/linkerd';
import { MANAGED_METRICS_SCRAPER, MetricsScraper } from '../network/namespace-network-policies';
import { tcp } from '../network/policy-rules';
import { LINKERD_VIZ_PROMETHEUS_CLIENT } from './analysis-endpoint';

const POLICY_GROUP = 'policy.linkerd.io';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface MetricsScrapeAccessProps {
  /** Meshed namespaces whose proxies are scraped. */
  readonly meshedNamespaces: readonly string[];
  /**
   * Model servers whose own metrics port is scraped, the name of that port on the Workload, and the exact paths of the
   * httpGet probes on that port (they need a route of their own once the port has routes).
   */
  readonly modelServers: readonly { readonly server: Workload; readonly metricsPortName: string; readonly probePaths: readonly string[] }[];
  /** The unmeshed managed collector. @default MANAGED_METRICS_SCRAPER of the cluster's dataplane */
  readonly managedCollector?: MetricsScraper;
  /** The meshed in-cluster Prometheus Flagger reads. @default linkerd-viz's Prometheus */
  readonly analysisPrometheus?: Workload;
  /** Linkerd's identity trust domain (`identityTrustDomain`). @default 'cluster.local' */
  readonly trustDomain?: string;
  /** @default 'linkerd' */
  readonly linkerdNamespace?: string;
}

/** A ServiceAccount's Linkerd mTLS identity (linkerd/linkerd2 pkg/identity: `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`). */
export function linkerdIdentity(workload: Workload, trust: { readonly trustDomain: string; readonly linkerdNamespace: string }): string {
  return `${workload.serviceAccountName}.${workload.namespace}.serviceaccount.identity.${trust.linkerdNamespace}.${trust.trustDomain}`;
}

export function metricsScrapeAccessRules(props: MetricsScrapeAccessProps, issues: Issues): void {
  props.meshedNamespaces.forEach((ns, i) => checkDnsLabel(issues.at('meshedNamespaces'), `[${i}]`, ns));
  props.modelServers.forEach((m, i) => {
    issues.check(m.server.ports.some((p) => p.name === m.metricsPortName), `modelServers[${i}].metricsPortName`, m.metricsPortName,
      `must name a port of ${m.server.namespace}/${m.server.name} (it has: ${m.server.ports.map((p) => p.name).join(', ')})`);
    issues.check(m.probePaths.length > 0, `modelServers[${i}].probePaths`, m.probePaths,
      'must list the httpGet probe paths on the metrics port: once the port has routes, Linkerd no longer authorizes probes by itself');
  });
}

/**
 * Lets the collectors reach what they scrape when namespaces deny by default, in Linkerd and in the network policy:
 * - Proxy admin port 4191: under a `deny` default inbound policy the proxy refuses /metrics to everyone, so each meshed
 *   namespace gets a Server on 4191 with one route for /metrics (managed collector by pod network, the analysis
 *   Prometheus by mTLS identity) and one for /live and /ready (kubelet probes, as Linkerd authorizes them by default).
 *   This is what `linkerd viz allow-scrapes` generates (linkerd/linkerd2 viz/cmd/allow_scrapes.go). The managed
 *   collector's network ingress to 4191 comes from NamespaceNetworkPolicies; the analysis Prometheus's is added here.
 * - Model-server metrics port: the port also serves inference, so the unmeshed collector's authorization (by pod
 *   network) is scoped to a `GET /metrics` route, beside a catch-all `default` route and the probe route
 *   (research-mesh §6, review D11); the analysis Prometheus is authorized by identity on the Server, which covers
 *   every route. Plus the ingress network policy. Only the target side is written: the collectors live in namespaces
 *   the platform does not police.
 */
export class MetricsScrapeAccess extends Construct {
  private readonly trustDomain: { readonly trustDomain: string; readonly linkerdNamespace: string };

  constructor(scope: Construct, id: string, props: MetricsScrapeAccessProps) {
    super(scope, id);
    this.trustDomain = { trustDomain: props.trustDomain ?? 'cluster.local', linkerdNamespace: props.linkerdNamespace ?? LINKERD_NAMESPACE };
    const issues = new Issues();
    metricsScrapeAccessRules(props, issues);
    issues.throwIfAny(this.node.path);
    const collector = props.managedCollector ?? MANAGED_METRICS_SCRAPER[ClusterContext.of(this).dataplane];
    const analysis = props.analysisPrometheus ?? LINKERD_VIZ_PROMETHEUS_CLIENT;
    const collectorSource = { kind: 'unmeshed' as const, name: 'managed-prometheus', namespace: collector.namespace, selector: collector.podSelector ?? {} };

    for (const namespace of props.meshedNamespaces) this.proxyAdmin(namespace, analysis);

    for (const { server, metricsPortName, probePaths } of props.modelServers) {
      const port = server.ports.find((p) => p.name === metricsPortName)?.port as number;
      const meshServer = MeshServer.forPort(this, server, metricsPortName);
      // Requests match the most specific route (Gateway API precedence): GET /metrics and the probes their own, the
      // rest `default`, which only the Server-level (identity) authorizations admit.
      meshServer.addRoutes({
        routes: [
          { name: 'metrics', matches: [{ path: { type: 'Exact', value: MODEL_METRICS_PATH }, method: 'GET' }] },
          { name: 'default', matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
        ],
        probePaths,
      });
      meshServer.allowNetworkOnRoute('metrics', MeshNetworks.PODS, collectorSource);
      this.authorizeAnalysis(server.namespace, `${server.name}-${metricsPortName}`, meshServer.serverName, { kind: 'Server', name: meshServer.serverName }, analysis);
      new AllowPolicy(this, `${server.namespace}-${server.name}-metrics`, {
        name: `allow-metrics-scrape-${server.name}`.slice(0, 63),
        namespace: server.namespace,
        podSelector: server.selector,
        direction: 'ingress',
        rules: [
          { peers: [{ kind: 'pods', namespace: collector.namespace, selector: collector.podSelector ?? {} }], ports: [tcp(port)] },
          // The analysis Prometheus is meshed: its proxy connects to the target's proxy inbound port.
          { peers: [{ kind: 'pods', namespace: analysis.namespace, selector: analysis.selector }], ports: [tcp(port), tcp(LINKERD_PORTS.proxyInbound)] },
        ],
        purpose: `Prometheus scrapes ${server.name}'s ${MODEL_METRICS_PATH} (model accuracy and drift) on port ${port}`,
      });
    }
  }

  /**
   * Lets the analysis Prometheus in by mTLS identity. Its ServiceAccount is installed by Helm, not by this app, so
   * the identity is named as a string (`<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`,
   * linkerd.io/2-edge/reference/authorization-policy#meshtlsauthentication) rather than an identityRef to an object.
   */
  private authorizeAnalysis(namespace: string, name: string, idBase: string, target: { kind: string; name: string; group?: string }, analysis: Workload): void {
    const authName = `${name}-analysis`;
    new MeshTlsAuthentication(this, `${namespace}-${idBase}-${target.kind}-analysis-identity`, {
      metadata: { name: authName, namespace },
      spec: { identities: [linkerdIdentity(analysis, this.trustDomain)] },
    });
    new AuthorizationPolicy(this, `${namespace}-${idBase}-${target.kind}-analysis-policy`, {
      metadata: { name: authName, namespace },
      spec: {
        targetRef: { group: target.group ?? POLICY_GROUP, kind: target.kind, name: target.name },
        requiredAuthenticationRefs: [{ group: POLICY_GROUP, kind: 'MeshTLSAuthentication', name: authName }],
      },
    });
  }

  private proxyAdmin(namespace: string, analysis: Workload): void {
    const server = 'linkerd-proxy-admin';
    const ref = (kind: string, name: string, group = POLICY_GROUP) => ({ group, kind, name });
    const id = (suffix: string) => `${namespace}-${suffix}`;
    new ServerV1Beta3(this, id('server'), {
      metadata: { name: server, namespace },
      spec: { podSelector: { matchLabels: {} }, port: LINKERD_PORTS.proxyAdmin, proxyProtocol: 'HTTP/1', accessPolicy: 'deny' },
    });
    const route = (suffix: string, paths: readonly string[]) => new HttpRoute(this, id(`route-${suffix}`), {
      metadata: { name: `${server}-${suffix}`, namespace },
      spec: {
        parentRefs: [{ group: POLICY_GROUP, kind: 'Server', name: server }],
        rules: [{ matches: paths.map((value) => ({ path: { type: HttpRouteSpecRulesMatchesPathType.EXACT, value }, method: HttpRouteSpecRulesMatchesMethod.GET })) }],
      },
    });
    route('metrics', ['/metrics']);
    route('probes', ['/live', '/ready']);

    const collectorAuth = `${server}-collector`;
    new NetworkAuthentication(this, id('collector-network'), {
      metadata: { name: collectorAuth, namespace },
      spec: { networks: MeshNetworks.of(this).get(MeshNetworks.PODS, `${this.node.path}: managed Prometheus collector`).map((cidr) => ({ cidr })) },
    });
    this.authorizeAnalysis(namespace, `${server}-metrics`, server, { kind: 'HTTPRoute', name: `${server}-metrics`, group: GATEWAY_GROUP }, analysis);
    const probeAuth = `${server}-probes`;
    new NetworkAuthentication(this, id('probe-network'), {
      metadata: { name: probeAuth, namespace },
      spec: { networks: DEFAULT_PROBE_NETWORKS.map((cidr) => ({ cidr })) },
    });
    const authorize = (name: string, route: string, authentication: { kind: string; name: string }) => new AuthorizationPolicy(this, id(name), {
      metadata: { name, namespace },
      spec: { targetRef: ref('HTTPRoute', `${server}-${route}`, GATEWAY_GROUP), requiredAuthenticationRefs: [ref(authentication.kind, authentication.name)] },
    });
    authorize(`${server}-metrics-collector`, 'metrics', { kind: 'NetworkAuthentication', name: collectorAuth });
    authorize(`${server}-probes`, 'probes', { kind: 'NetworkAuthentication', name: probeAuth });

    new AllowPolicy(this, id('analysis-ingress'), {
      name: 'allow-analysis-prometheus-proxy-metrics',
      namespace,
      podSelector: {},
      direction: 'ingress',
      rules: [{ peers: [{ kind: 'pods', namespace: analysis.namespace, selector: analysis.selector }], ports: [tcp(LINKERD_PORTS.proxyAdmin)] }],
      purpose: `The canary-analysis Prometheus in ${analysis.namespace} scrapes the Linkerd proxy admin port (4191)`,
    });
  }
}
