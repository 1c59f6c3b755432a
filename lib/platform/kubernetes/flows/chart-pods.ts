import { ClusterTarget } from '../../../config/cluster-targets';
import { usesCanary, usesJobSet, usesKeda, vizInstalled } from '../../../config/cluster-features';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../../../contract/azure-ml/azure-ml-names';
import {
  CERT_MANAGER_COMPONENTS, FLAGGER_COMPONENTS, JOBSET_CONTROLLER, KEDA_OPERATOR, LINKERD_COMPONENTS, TRUST_MANAGER, VIZ_COMPONENTS,
} from '../../../contract/chart-components';
import { FLAGGER_LOADTESTER, FLAGGER_NAMESPACE } from '../../../contract/flagger';
import { LINKERD_NAMESPACE, LINKERD_PORTS } from '../../../contract/linkerd';
import { AZUREML_FE_SOURCE } from '../../../k8s/azureml/azureml-inference-access';
import { AZURE_ML_IDENTITY_PROXY } from '../../../k8s/azureml/azureml-network-policies';
import { KUBE_DNS } from '../../../k8s/network/cluster-dns';
import { KONNECTIVITY_AGENT } from '../../../k8s/network/konnectivity';
import { MANAGED_METRICS_SCRAPER } from '../../../k8s/network/namespace-network-policies';
import { Labels, PodEndpoint, PodPort } from './flow';
import { injectedLabels } from './pod-inventory';

/** The namespaces the add-on charts install into (lib/terraform/addons defaults). */
export const CHART_NAMESPACES = { linkerd: LINKERD_NAMESPACE, certManager: 'cert-manager', viz: 'linkerd-viz', flagger: FLAGGER_NAMESPACE } as const;

const tcp = (port: number, name?: string): PodPort => ({ port, protocol: 'TCP', ...(name ? { name } : {}) });

function chartPod(chart: string, component: string, namespace: string, labels: Labels, serviceAccount: string, meshed: boolean, ports: readonly PodPort[], callsApiServer = false): PodEndpoint {
  return {
    callsApiServer,
    kind: 'pod',
    name: `${chart} ${namespace}/${component}`,
    namespace,
    // Chart pods are injected by their own templates; the injector's labels are what scrape selectors match.
    labels: { ...labels, ...(meshed ? injectedLabels(namespace) : {}) },
    annotations: {},
    serviceAccount,
    meshed,
    ports: meshed ? [...ports, tcp(LINKERD_PORTS.proxyAdmin, 'linkerd-admin')] : ports,
    probes: [],
    chart,
  };
}

/**
 * The pods the cluster runs that this folder does not render: the add-on charts Terraform installs (from the same
 * config functions the Terraform half reads, lib/config/cluster-features.ts), the cloud's own pods (DNS, konnectivity,
 * the managed metrics collector) and Azure ML's. Labels, ServiceAccounts and ports come from lib/contract/chart-components.ts
 * and the constants beside the constructs that police them, each citing its chart.
 */
export function chartPods(target: ClusterTarget): Record<string, PodEndpoint> {
  const k = target.kubernetes;
  const ns = CHART_NAMESPACES;
  const collector = MANAGED_METRICS_SCRAPER[target.dataplane];
  const konnectivity = KONNECTIVITY_AGENT[target.dataplane];
  const pods: Record<string, PodEndpoint> = {
    identity: chartPod('linkerd-control-plane', 'identity', ns.linkerd, LINKERD_COMPONENTS.identity.selector, 'linkerd-identity', true,
      [tcp(LINKERD_PORTS.identity), tcp(LINKERD_COMPONENTS.identity.adminPort)], true),
    destination: chartPod('linkerd-control-plane', 'destination', ns.linkerd, LINKERD_COMPONENTS.destination.selector, 'linkerd-destination', true,
      [tcp(LINKERD_PORTS.destination), tcp(LINKERD_PORTS.policy), ...LINKERD_COMPONENTS.destination.webhookPorts.map((p) => tcp(p)), ...LINKERD_COMPONENTS.destination.adminPorts.map((p) => tcp(p))], true),
    proxyInjector: chartPod('linkerd-control-plane', 'proxy-injector', ns.linkerd, LINKERD_COMPONENTS.proxyInjector.selector, 'linkerd-proxy-injector', true,
      [tcp(LINKERD_COMPONENTS.proxyInjector.webhookPort), tcp(LINKERD_COMPONENTS.proxyInjector.adminPort)], true),
    certManager: chartPod('cert-manager', 'controller', ns.certManager, CERT_MANAGER_COMPONENTS.controller.selector, 'cert-manager', false,
      [tcp(CERT_MANAGER_COMPONENTS.controller.metricsPort)], true),
    certManagerWebhook: chartPod('cert-manager', 'webhook', ns.certManager, CERT_MANAGER_COMPONENTS.webhook.selector, 'cert-manager-webhook', false,
      [tcp(CERT_MANAGER_COMPONENTS.webhook.webhookPort)], true),
    // cert-manager deploy/charts/cert-manager/templates/cainjector-deployment.yaml: pods `app.kubernetes.io/name: cainjector`.
    cainjector: chartPod('cert-manager', 'cainjector', ns.certManager, { 'app.kubernetes.io/name': 'cainjector', 'app.kubernetes.io/component': 'cainjector' }, 'cert-manager-cainjector', false, [], true),
    trustManager: chartPod('trust-manager', 'trust-manager', ns.certManager, TRUST_MANAGER.selector, 'trust-manager', false, [tcp(TRUST_MANAGER.webhookPort)], true),
    kubeDns: chartPod('cluster DNS', 'kube-dns', KUBE_DNS.namespace, KUBE_DNS.selector, 'kube-dns', false, [{ port: 53, protocol: 'UDP' }, tcp(53)]),
    konnectivity: chartPod('managed control plane', 'konnectivity-agent', konnectivity.namespace, konnectivity.selector, 'konnectivity-agent', false, []),
    collector: chartPod('managed Prometheus', 'collector', collector.namespace, collector.podSelector ?? {}, 'collector', false, []),
  };
  if (vizInstalled(k)) {
    // viz chart: every pod carries `linkerd.io/extension: viz` and `component: <name>` (viz/charts/linkerd-viz/templates).
    const viz = (component: keyof typeof VIZ_COMPONENTS, serviceAccount: string, ports: readonly PodPort[]) =>
      chartPod('linkerd-viz', serviceAccount, ns.viz, { 'linkerd.io/extension': 'viz', ...VIZ_COMPONENTS[component].selector }, serviceAccount, true, ports, true);
    pods.prometheus = viz('prometheus', 'prometheus', [tcp(VIZ_COMPONENTS.prometheus.port, 'admin')]);
    pods.metricsApi = viz('metricsApi', 'metrics-api', [tcp(VIZ_COMPONENTS.metricsApi.port), tcp(VIZ_COMPONENTS.metricsApi.adminPort)]);
    pods.web = viz('web', 'web', [tcp(VIZ_COMPONENTS.web.port), tcp(VIZ_COMPONENTS.web.adminPort)]);
    pods.tap = viz('tap', 'tap', [tcp(VIZ_COMPONENTS.tap.apiServicePort), tcp(VIZ_COMPONENTS.tap.adminPort)]);
    pods.tapInjector = viz('tapInjector', 'tap-injector', [tcp(VIZ_COMPONENTS.tapInjector.webhookPort), tcp(VIZ_COMPONENTS.tapInjector.adminPort)]);
  }
  if (usesCanary(k)) {
    pods.flagger = chartPod('flagger', 'flagger', ns.flagger, FLAGGER_COMPONENTS.controller.selector, 'flagger', true, [], true);
    pods.loadTester = chartPod('loadtester', 'loadtester', ns.flagger, FLAGGER_COMPONENTS.loadTester.selector, FLAGGER_LOADTESTER.serviceAccountName, true, [tcp(FLAGGER_COMPONENTS.loadTester.port, 'http')]);
  }
  if (usesKeda(k)) {
    pods.keda = chartPod('keda', 'keda-operator', KEDA_OPERATOR.namespace, KEDA_OPERATOR.selector, KEDA_OPERATOR.serviceAccountName, false, [], true);
  }
  if (usesJobSet(k)) {
    pods.jobset = chartPod('jobset', 'controller-manager', JOBSET_CONTROLLER.namespace, JOBSET_CONTROLLER.selector, 'jobset-controller-manager', false, [tcp(JOBSET_CONTROLLER.webhookPort)], true);
  }
  if (target.cloud === 'azure' && target.environment.azure?.azureMl) {
    const fe = AZUREML_FE_SOURCE as { namespace: string; selector: Labels };
    pods.azuremlFe = chartPod('Azure ML extension', 'azureml-fe', fe.namespace, fe.selector, 'azureml-fe', false, [], true);
    pods.identityProxy = chartPod('Azure ML extension', 'identity-proxy', AZURE_ML_SYSTEM_NAMESPACE, AZURE_ML_IDENTITY_PROXY.selector, 'identity-proxy', false, [tcp(AZURE_ML_IDENTITY_PROXY.port)]);
  }
  return pods;
}
