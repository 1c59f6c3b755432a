/**
 * Pod labels and ports of the control-plane add-ons the platform installs with Helm (lib/terraform/addons), which the
 * control-plane network policies open. Each value is read from the pinned chart (lib/terraform/addons/chart-versions.ts);
 * the source file is named next to it. A chart bump must re-check this file.
 */
type Labels = Readonly<Record<string, string>>;

/** The Kubernetes API server's port as pods reach it (Service `kubernetes` 443 -> the control-plane endpoint, 443 on AKS and GKE). */
export const API_SERVER_PORT = 443;

/**
 * linkerd-control-plane 2026.6.3 (linkerd/linkerd2 tag version-2.20, charts/linkerd-control-plane/templates/).
 * Pod label `linkerd.io/control-plane-component` on every component.
 */
export const LINKERD_COMPONENTS = {
  /** identity.yaml: `ident-grpc` 8080, `ident-admin` 9990. */
  identity: { selector: { 'linkerd.io/control-plane-component': 'identity' }, adminPort: 9990 },
  /**
   * destination.yaml: one pod with four containers: destination (`dest-grpc` 8086, `dest-admin` 9996), sp-validator
   * (webhook 8443, `spval-admin` 9997) and policy (`policy-grpc` 8090, `policy-admin` 9990, webhook `policy-https` 9443).
   */
  destination: { selector: { 'linkerd.io/control-plane-component': 'destination' }, adminPorts: [9990, 9996, 9997], webhookPorts: [8443, 9443] },
  /** proxy-injector.yaml: webhook 8443, `injector-admin` 9995. */
  proxyInjector: { selector: { 'linkerd.io/control-plane-component': 'proxy-injector' }, adminPort: 9995, webhookPort: 8443 },
} as const;

/**
 * linkerd-viz 2026.6.3 (viz/charts/linkerd-viz/templates/ at version-2.20). Every pod carries `component: <name>`
 * (and `linkerd.io/extension: viz`) and `linkerd.io/inject: enabled`, so all of them are meshed.
 */
export const VIZ_COMPONENTS = {
  /** prometheus.yaml: container port 9090 (Service `prometheus` port `admin`). */
  prometheus: { selector: { component: 'prometheus' }, port: 9090 },
  /** metrics-api.yaml: `http` 8085, admin 9995; queries Prometheus (`-prometheus-url=...:9090`). */
  metricsApi: { selector: { component: 'metrics-api' }, port: 8085, adminPort: 9995 },
  /** web.yaml: `http` 8084, admin 9994; calls metrics-api (`-linkerd-metrics-api-addr=metrics-api...:8085`). */
  web: { selector: { component: 'web' }, port: 8084, adminPort: 9994 },
  /** tap.yaml: `apiserver` 8089 (the APIService the API server calls), `grpc` 8088, admin 9998. */
  tap: { selector: { component: 'tap' }, apiServicePort: 8089, adminPort: 9998 },
  /** tap-injector.yaml: webhook 8443, admin 9995. */
  tapInjector: { selector: { component: 'tap-injector' }, webhookPort: 8443, adminPort: 9995 },
} as const;

/**
 * Ports viz's Prometheus scrapes in its `linkerd-controller` job: every container port whose name ends in `admin`
 * (except the proxy's `linkerd-admin`) in the linkerd and linkerd-viz namespaces (prometheus.yaml scrape_configs).
 */
export const VIZ_SCRAPED_ADMIN_PORTS: { readonly linkerd: readonly number[]; readonly viz: readonly number[] } = {
  linkerd: unique([LINKERD_COMPONENTS.identity.adminPort, ...LINKERD_COMPONENTS.destination.adminPorts, LINKERD_COMPONENTS.proxyInjector.adminPort]),
  viz: unique([VIZ_COMPONENTS.web.adminPort, VIZ_COMPONENTS.metricsApi.adminPort, VIZ_COMPONENTS.tapInjector.adminPort, VIZ_COMPONENTS.tap.adminPort]),
};

function unique(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

/**
 * cert-manager v1.21.1 (cert-manager/cert-manager deploy/charts/cert-manager). Not meshed: Linkerd's injector skips
 * the namespace (linkerd-control-plane values.yaml `proxyInjector.namespaceSelector`).
 */
export const CERT_MANAGER_COMPONENTS = {
  /** deployment.yaml: `http-metrics` 9402 (and healthz 9403, probed by the kubelet). */
  controller: { selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, metricsPort: 9402 },
  /** webhook-deployment.yaml + values.yaml `webhook.securePort: 10250` (`https`; healthcheck 6080 is kubelet-only). */
  webhook: { selector: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' }, webhookPort: 10250 },
} as const;

/**
 * trust-manager v0.24.0 (cert-manager/trust-manager deploy/charts/trust-manager): pods `app: trust-manager`;
 * values.yaml `app.webhook.port: 6443` (Service 443 -> 6443), metrics 9402 (not scraped), readiness 6060 (kubelet).
 */
export const TRUST_MANAGER = { selector: { app: 'trust-manager' }, webhookPort: 6443 } as const;

/**
 * Flagger 1.44.0 and its load tester 0.38.0 (fluxcd/flagger tag v1.44.0). Both meshed (flagger values.yaml
 * `podAnnotations`; the load tester by `flaggerLoadtesterValues`).
 * - charts/flagger/templates/deployment.yaml: pods `app.kubernetes.io/name: flagger` (the chart name), port `http` 8080.
 * - charts/loadtester/templates/deployment.yaml: pods `app: loadtester`, container port `http` 8080 (`-port=8080`);
 *   the Service maps port 80 to it (service.yaml, values.yaml `service.port: 80`).
 */
export const FLAGGER_COMPONENTS = {
  controller: { selector: { 'app.kubernetes.io/name': 'flagger' } as Labels },
  loadTester: { selector: { app: 'loadtester' } as Labels, port: 8080 },
} as const;

/**
 * The KEDA operator as KEDA's Helm chart installs it (kedacore/charts v2.20.2 keda/values.yaml `operator.name` and
 * `serviceAccount.name`, both `keda-operator`; keda/templates/manager/deployment.yaml pod label `app: keda-operator`),
 * in the namespace KEDA's docs install it into. It runs every scaler, so it, not the training Job, queries Prometheus.
 */
export const KEDA_OPERATOR = {
  namespace: 'keda',
  serviceAccountName: 'keda-operator',
  selector: { app: 'keda-operator' },
} as const;

/**
 * JobSet v0.12.0 (kubernetes-sigs/jobset charts/jobset, installed from oci://registry.k8s.io/jobset/charts into
 * `jobset-system`). The chart labels its controller pods with its selector labels plus the component
 * (templates/_helpers.tpl `jobset.selectorLabels`: `app.kubernetes.io/name` = the chart name, `app.kubernetes.io/instance`
 * = the release name; templates/controller/_helpers.tpl adds `app.kubernetes.io/component: controller`); the
 * `control-plane: controller-manager` label belongs to the kustomize manifests (config/), not to the chart.
 * templates/controller/deployment.yaml container ports: health 8081, webhook 9443, metrics 8443. Its mutating and
 * validating webhooks cover jobsets and the pods of a JobSet, with the default failure policy Fail
 * (templates/webhook/manifests.yaml).
 */
export const JOBSET_CONTROLLER = {
  namespace: 'jobset-system',
  releaseName: 'jobset',
  selector: { 'app.kubernetes.io/name': 'jobset', 'app.kubernetes.io/component': 'controller' },
  webhookPort: 9443,
} as const;

/**
 * KEDA's admission webhooks and metrics API server, from the same chart as `KEDA_OPERATOR` (kedacore/charts v2.20.2):
 * keda/values.yaml `webhooks.port` ("Default is 9443") and `service.portHttpsTarget: 6443`, the port of the
 * `v1beta1.external.metrics.k8s.io` APIService (templates/metrics-server/apiservice.yaml). The API server calls both.
 */
export const KEDA_ADMISSION_WEBHOOKS = { selector: { app: 'keda-admission-webhooks' }, webhookPort: 9443 } as const;
export const KEDA_METRICS_APISERVER = { selector: { app: 'keda-operator-metrics-apiserver' }, apiServicePort: 6443 } as const;

/**
 * Every port the Kubernetes API server itself calls on add-on pods: admission webhooks and the linkerd-viz tap
 * APIService. GKE opens only 443 and 10250 from its control plane to the nodes (cloud.google.com/kubernetes-engine/
 * docs/how-to/private-clusters, "Adding firewall rules for specific use cases"), so a private cluster needs the others
 * opened for these calls; network policy must admit them too.
 */
export const API_SERVER_CALLED_PORTS: readonly number[] = unique([
  ...LINKERD_COMPONENTS.destination.webhookPorts,
  LINKERD_COMPONENTS.proxyInjector.webhookPort,
  VIZ_COMPONENTS.tap.apiServicePort,
  VIZ_COMPONENTS.tapInjector.webhookPort,
  CERT_MANAGER_COMPONENTS.webhook.webhookPort,
  TRUST_MANAGER.webhookPort,
  JOBSET_CONTROLLER.webhookPort,
  KEDA_ADMISSION_WEBHOOKS.webhookPort,
  KEDA_METRICS_APISERVER.apiServicePort,
]);
