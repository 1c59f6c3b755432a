import { Construct } from 'constructs';
import {
  PodMonitor as AzPodMonitor,
  PodMonitorSpecPodMetricsEndpoints as AzEndpoint,
  PodMonitorSpecPodMetricsEndpointsMetricRelabelingsAction as AzMetricAction,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction as AzAction,
} from '../../../imports/azmonitoring-podmonitor-azmonitoring.coreos.com';
import {
  ClusterPodMonitoring,
  ClusterPodMonitoringSpecEndpointsMetricRelabelingAction,
  ClusterPodMonitoringSpecEndpointsPort,
  ClusterPodMonitoringSpecTargetLabelsMetadata,
} from '../../../imports/gmp-clusterpodmonitoring-monitoring.googleapis.com';
import {
  PodMonitoring,
  PodMonitoringSpecEndpointsPort,
  PodMonitoringSpecTargetLabelsMetadata,
} from '../../../imports/gmp-podmonitoring-monitoring.googleapis.com';
import { Issues } from '../../core/validation';
import { CERT_MANAGER_METRICS, LINKERD_ISSUER_TTL, LINKERD_METRICS, MODEL_METRICS_PATH, SCRAPE_LABELS } from '../../contract/observability/metric-catalog';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { LINKERD_NAMESPACE, LINKERD_PORTS } from '../../contract/linkerd';
import { MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { ScrapedModelServer } from '../../contract/observability/viz-scrape';

export interface ManagedMetricsScrapeProps {
  /** Model servers whose own metrics (accuracy, drift) are collected. */
  readonly modelServers: readonly ScrapedModelServer[];
  /** Seconds between scrapes. @default 30 */
  readonly intervalSeconds?: number;
  /** @default 'cert-manager' */
  readonly certManagerNamespace?: string;
  /** @default 'linkerd' */
  readonly linkerdNamespace?: string;
}

/** A scraped port and what it serves; tests check each against the network policies. */
export interface ScrapeTarget {
  readonly namespace: string | 'all-meshed';
  readonly selector: Readonly<Record<string, string>>;
  readonly port: number;
  readonly path: string;
}

/** Pod label the injector writes with the owning Deployment (linkerd/linkerd2 pkg/k8s/labels.go ProxyDeploymentLabel). */
const PROXY_DEPLOYMENT_LABEL = 'linkerd.io/proxy-deployment';
/** Pod label the injector writes on every meshed pod with the control plane's namespace. */
const CONTROL_PLANE_NS_LABEL = 'linkerd.io/control-plane-ns';
/** cert-manager's metrics port (cert-manager.io/docs/usage/prometheus-metrics). */
const CERT_MANAGER_METRICS_PORT = 9402;
/** linkerd-identity's admin port `ident-admin`, serving issuer_cert_ttl_seconds (charts/linkerd-control-plane). */
const IDENTITY_ADMIN_PORT = 9990;

/**
 * Managed collection bills per sample, and a proxy exports hundreds of series (tcp_*, outbound_* per backend): keep
 * only what the platform's queries read. A regex on `__name__` in scrape relabeling is allowed on GMP; only queries
 * need exact names.
 */
export const PROXY_METRICS_KEEP = `^(${[LINKERD_METRICS.responseTotal, LINKERD_METRICS.responseLatencyBucket, LINKERD_METRICS.requestTotal, LINKERD_METRICS.proxyCertExpiry].join('|')})$`;

export function managedMetricsScrapeRules(props: ManagedMetricsScrapeProps, issues: Issues): void {
  const interval = props.intervalSeconds ?? 30;
  // GMP rejects intervals under 5 s by CEL rule; above 120 s a 5-minute rate() has too few samples to be stable.
  issues.check(Number.isInteger(interval) && interval >= 5 && interval <= 120, 'intervalSeconds', interval, 'must be a whole number of seconds from 5 to 120 (a 5m rate needs at least two samples)');
  props.modelServers.forEach((s, i) => {
    const at = issues.at('modelServers').at(i);
    checkDnsLabel(at, 'namespace', s.namespace);
    checkDnsLabel(at, 'server', s.server);
    const port = s.metricsPort ?? 8080;
    at.check(Number.isInteger(port) && port >= 1 && port <= 65535, 'metricsPort', port, 'must be a TCP port 1-65535');
  });
}

/**
 * What the cloud's managed Prometheus collects: every Linkerd proxy's admin port (4191 /metrics), the model servers'
 * own metrics, cert-manager and linkerd-identity, each series labelled with `SCRAPE_LABELS`.
 * - GKE: `monitoring.googleapis.com/v1` ClusterPodMonitoring and PodMonitoring (GMP cannot `labelmap`, so each label
 *   is mapped from a pod label with `targetLabels.fromPod`; the port is numeric, so native-sidecar port names do
 *   not matter: prometheus-engine pkg/operator/apis/monitoring/v1/pod_config.go).
 * - AKS: `azmonitoring.coreos.com/v1` PodMonitors, the only group the metrics add-on reads
 *   (Azure/prometheus-collector internal/docs/Operator-CRD.md), with explicit `replace` relabelings.
 * Neither writes CRDs: GKE and the AKS add-on install and own them.
 */
export class ManagedMetricsScrape extends Construct {
  public readonly targets: readonly ScrapeTarget[];

  constructor(scope: Construct, id: string, props: ManagedMetricsScrapeProps) {
    super(scope, id);
    const issues = new Issues();
    managedMetricsScrapeRules(props, issues);
    issues.throwIfAny(this.node.path);
    const cluster = ClusterContext.of(this);
    const linkerdNs = props.linkerdNamespace ?? LINKERD_NAMESPACE;
    const certManagerNs = props.certManagerNamespace ?? 'cert-manager';
    const interval = `${props.intervalSeconds ?? 30}s`;

    const targets: ScrapeTarget[] = [
      { namespace: 'all-meshed', selector: {}, port: LINKERD_PORTS.proxyAdmin, path: '/metrics' },
      ...props.modelServers.map((s) => ({ namespace: s.namespace, selector: { [WORKLOAD_LABEL]: s.server }, port: s.metricsPort ?? 8080, path: MODEL_METRICS_PATH })),
      { namespace: certManagerNs, selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, port: CERT_MANAGER_METRICS_PORT, path: '/metrics' },
      { namespace: linkerdNs, selector: { 'linkerd.io/control-plane-component': 'identity' }, port: IDENTITY_ADMIN_PORT, path: '/metrics' },
    ];
    this.targets = targets;

    if (cluster.cloud === 'gcp') this.gke(targets, interval);
    else this.aks(targets, interval);
  }

  private gke(targets: readonly ScrapeTarget[], interval: string): void {
    const fromPod = [
      { from: PROXY_DEPLOYMENT_LABEL, to: SCRAPE_LABELS.deployment },
      { from: WORKLOAD_LABEL, to: SCRAPE_LABELS.workload },
      { from: MODEL_VERSION_LABEL, to: SCRAPE_LABELS.modelVersion },
    ];
    const [proxies, ...namespaced] = targets;
    // Cluster-scoped: keep it in a chart without a namespace (a namespaced chart would stamp one on it).
    new ClusterPodMonitoring(this, 'linkerd-proxy', {
      metadata: { name: 'linkerd-proxy' },
      spec: {
        selector: { matchExpressions: [{ key: CONTROL_PLANE_NS_LABEL, operator: 'Exists' }] },
        endpoints: [{
          port: ClusterPodMonitoringSpecEndpointsPort.fromNumber(proxies.port),
          path: proxies.path,
          interval,
          metricRelabeling: [{ action: ClusterPodMonitoringSpecEndpointsMetricRelabelingAction.KEEP, sourceLabels: ['__name__'], regex: PROXY_METRICS_KEEP }],
        }],
        targetLabels: { fromPod, metadata: [ClusterPodMonitoringSpecTargetLabelsMetadata.POD] },
      },
    });
    for (const target of namespaced) {
      const name = scrapeName(target);
      new PodMonitoring(this, `${target.namespace}-${name}`, {
        metadata: { name, namespace: target.namespace },
        spec: {
          selector: { matchLabels: { ...target.selector } },
          endpoints: [{ port: PodMonitoringSpecEndpointsPort.fromNumber(target.port), path: target.path, interval }],
          targetLabels: { fromPod, metadata: [PodMonitoringSpecTargetLabelsMetadata.POD] },
        },
      });
    }
  }

  private aks(targets: readonly ScrapeTarget[], interval: string): void {
    const podLabel = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
    const mapped = [
      { action: AzAction.REPLACE, sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: SCRAPE_LABELS.namespace },
      { action: AzAction.REPLACE, sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: SCRAPE_LABELS.pod },
      { action: AzAction.REPLACE, sourceLabels: [podLabel(PROXY_DEPLOYMENT_LABEL)], targetLabel: SCRAPE_LABELS.deployment },
      { action: AzAction.REPLACE, sourceLabels: [podLabel(WORKLOAD_LABEL)], targetLabel: SCRAPE_LABELS.workload },
      { action: AzAction.REPLACE, sourceLabels: [podLabel(MODEL_VERSION_LABEL)], targetLabel: SCRAPE_LABELS.modelVersion },
    ];
    const endpoint = (target: ScrapeTarget, keep?: string): AzEndpoint => ({
      portNumber: target.port,
      path: target.path,
      interval,
      relabelings: mapped,
      metricRelabelings: keep ? [{ action: AzMetricAction.KEEP, sourceLabels: ['__name__'], regex: keep }] : undefined,
    });
    const [proxies, ...namespaced] = targets;
    new AzPodMonitor(this, 'linkerd-proxy', {
      metadata: { name: 'linkerd-proxy', namespace: LINKERD_NAMESPACE },
      spec: {
        namespaceSelector: { any: true },
        selector: { matchExpressions: [{ key: CONTROL_PLANE_NS_LABEL, operator: 'Exists' }] },
        podMetricsEndpoints: [endpoint(proxies, PROXY_METRICS_KEEP)],
      },
    });
    for (const target of namespaced) {
      const keep = target.port === CERT_MANAGER_METRICS_PORT ? `^(${Object.values(CERT_MANAGER_METRICS).join('|')})$`
        : target.port === IDENTITY_ADMIN_PORT ? `^${LINKERD_ISSUER_TTL}$` : undefined;
      const name = scrapeName(target);
      new AzPodMonitor(this, `${target.namespace}-${name}`, {
        metadata: { name, namespace: target.namespace },
        spec: { selector: { matchLabels: { ...target.selector } }, podMetricsEndpoints: [endpoint(target, keep)] },
      });
    }
  }
}

function scrapeName(target: ScrapeTarget): string {
  return target.selector[WORKLOAD_LABEL] ? `${target.selector[WORKLOAD_LABEL]}-metrics`
    : target.port === CERT_MANAGER_METRICS_PORT ? 'cert-manager-metrics' : 'linkerd-identity-metrics';
}
