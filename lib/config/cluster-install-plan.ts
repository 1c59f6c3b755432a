import { ClusterTarget } from './cluster-targets';
import { needsViz, usesCanary } from './cluster-features';
import { AzureEnvironmentConfig } from './environment';
import { AZURE_ML_EXTENSION_TYPE } from '../contract/azure-ml/azure-ml-names';
import {
  CERT_MANAGER_COMPONENTS,
  JOBSET_CONTROLLER,
  KEDA_ADMISSION_WEBHOOKS,
  KEDA_METRICS_APISERVER,
  KEDA_OPERATOR,
  LINKERD_COMPONENTS,
  TRUST_MANAGER,
  VIZ_COMPONENTS,
} from '../contract/chart-components';
import { FLAGGER_LOADTESTER, FLAGGER_NAMESPACE } from '../contract/flagger';
import { LINKERD_NAMESPACE } from '../contract/linkerd';
import { CHART_VERSIONS, PinnedChart } from '../terraform/addons/chart-versions';
import { GatewayApiCrdsSource } from '../terraform/addons/gateway-api-crds';
import { takesOrdinaryPods as aksTakesOrdinaryPods } from '../terraform/azure/aks-pool-defaults';
import { AksNodePoolSpec } from '../terraform/azure/aks-types';
import { azureMlPoolPurpose, isAzureMlPool } from '../terraform/azure/ml/azure-ml-pools';
import { takesOrdinaryPods as gkeTakesOrdinaryPods } from '../terraform/gcp/gke-cluster-rules';

/**
 * What the platform installs on one cluster, and in what order: the install graph. The Terraform half creates its Helm
 * releases from this plan and switches the managed features on (lib/platform/terraform/cluster-addons.ts); the
 * Kubernetes half refuses any object whose API group neither Kubernetes nor this plan provides
 * (lib/platform/kubernetes/output-checks/installed-api-groups.ts). One function, so the two cannot drift.
 */
export interface ClusterInstallPlan {
  readonly target: ClusterTarget;
  /** Helm releases, each after the ones it names in `after`. */
  readonly releases: readonly PlannedRelease[];
  /** Features the cloud installs when a Terraform attribute switches them on. */
  readonly managed: readonly ManagedFeature[];
}

/** The platform's own chart (charts/manifests): renders `.Values.objects`, shipped with the stack as an asset. */
export interface LocalManifestsChart {
  readonly local: 'manifests';
  /** A published chart whose rendered output it installs (for charts too big to be a release of their own). */
  readonly rendering?: PinnedChart;
}

export type ReleaseId =
  | 'cert-manager'
  | 'trust-manager'
  | 'linkerd-pki'
  | 'gateway-api-crds'
  | 'linkerd-crds'
  | 'linkerd-cni'
  | 'linkerd-control-plane'
  | 'linkerd-viz'
  | 'flagger'
  | 'flagger-loadtester'
  | 'jobset'
  | 'keda'
  | 'nvidia-device-plugin'
  | 'azureml-namespaces';

export interface PlannedRelease {
  readonly id: ReleaseId;
  /** Helm release name. */
  readonly name: string;
  readonly chart: PinnedChart | LocalManifestsChart;
  readonly namespace: string;
  /** Whether this release creates its namespace (one release per namespace does). */
  readonly createNamespace: boolean;
  /** Releases installed first. */
  readonly after: readonly ReleaseId[];
  /** Node pools (by name, from the config) that must exist first: the pools its pods schedule on. */
  readonly pools: readonly string[];
  /** API groups whose CRDs it installs. */
  readonly apiGroups: readonly string[];
  /** Ports on its pods that the Kubernetes API server calls (webhooks, APIServices). */
  readonly webhookPorts: readonly number[];
  /**
   * How long releases after it wait once it is ready (a Go duration), for what happens after its pods are up that
   * Helm cannot wait for. @default none
   */
  readonly settle?: string;
  /**
   * Its pods are never meshed: its namespace is left out of Linkerd's proxy injector webhook, so they start while the
   * injector is down. @default false
   */
  readonly skipsInjector?: boolean;
}

export type ManagedFeatureId = 'aks-cilium' | 'aks-managed-prometheus' | 'azureml-extension' | 'gke-managed-prometheus' | 'gke-gateway-api';

/** A Terraform attribute, on a resource of the cluster's stack, that switches a managed feature on. */
export interface TerraformSwitch {
  readonly resourceType: string;
  /** Dotted path through nested blocks, e.g. `network_profile.network_data_plane`. */
  readonly attribute: string;
  /** The value it must have; absent: the block must be present. */
  readonly value?: string | boolean;
}

export interface ManagedFeature {
  readonly id: ManagedFeatureId;
  readonly description: string;
  readonly apiGroups: readonly string[];
  readonly switchedOnBy: TerraformSwitch;
  /** Node pools (by name) its pods need, which the Terraform resource must wait for. */
  readonly pools: readonly string[];
}

/**
 * API groups every conformant cluster serves (kubernetes.io/docs/reference/generated/kubernetes-api, v1.33): the
 * platform never has to install these.
 */
export const BUILT_IN_API_GROUPS: ReadonlySet<string> = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy',
  'rbac.authorization.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

/** What each component installs, and when the platform installs it: the hint when a cluster lacks a group. */
interface ComponentInfo {
  readonly apiGroups: readonly string[];
  readonly installedWhen: string;
}

const RELEASE_INFO: Readonly<Record<ReleaseId, ComponentInfo>> = {
  'cert-manager': { apiGroups: ['cert-manager.io', 'acme.cert-manager.io'], installedWhen: 'on every cluster' },
  'trust-manager': { apiGroups: ['trust.cert-manager.io'], installedWhen: 'on every cluster' },
  'linkerd-pki': { apiGroups: [], installedWhen: 'on every cluster' },
  'gateway-api-crds': { apiGroups: ['gateway.networking.k8s.io'], installedWhen: 'when mesh.gatewayApiCrds.source is "chart" (the default on AKS)' },
  // linkerd-crds 2026.6.3 templates/: policy/*.yaml, serviceprofile.yaml, workload/external-workload.yaml.
  'linkerd-crds': { apiGroups: ['policy.linkerd.io', 'linkerd.io', 'workload.linkerd.io'], installedWhen: 'on every cluster' },
  'linkerd-cni': { apiGroups: [], installedWhen: 'when mesh.trafficRedirect is "linkerd-cni"' },
  'linkerd-control-plane': { apiGroups: [], installedWhen: 'on every cluster' },
  'linkerd-viz': { apiGroups: [], installedWhen: 'when mesh.viz is on (by default when a canary or a drift check reads its Prometheus)' },
  // fluxcd/flagger v1.44.0 charts/flagger/crds/crd.yaml: canaries, metrictemplates, alertproviders.
  flagger: { apiGroups: ['flagger.app'], installedWhen: 'when a model server uses a canary (traffic.canary)' },
  'flagger-loadtester': { apiGroups: [], installedWhen: 'when a model server uses a canary (traffic.canary)' },
  jobset: { apiGroups: ['jobset.x-k8s.io'], installedWhen: 'when serving.trainingJobs is set' },
  // kedacore/charts v2.20.2 keda/templates/crds/: scaledjobs, scaledobjects, triggerauthentications, ... and cloudeventsources.
  keda: { apiGroups: ['keda.sh', 'eventing.keda.sh'], installedWhen: 'when serving.driftScaledJobs is set' },
  'nvidia-device-plugin': { apiGroups: [], installedWhen: 'on AKS when a User pool outside Azure ML has GPUs' },
  'azureml-namespaces': { apiGroups: [], installedWhen: 'on AKS with azure.azureMl computes' },
};

const MANAGED_INFO: Readonly<Record<ManagedFeatureId, ComponentInfo>> = {
  'aks-cilium': { apiGroups: ['cilium.io'], installedWhen: 'on AKS with the Cilium dataplane (azure.cluster.network.networkDataPlane "cilium", the default)' },
  'aks-managed-prometheus': { apiGroups: ['azmonitoring.coreos.com'], installedWhen: 'on AKS with managed Prometheus (azure.cluster.monitoring.managedPrometheus, on by default)' },
  'azureml-extension': { apiGroups: ['amlarc.azureml.com'], installedWhen: 'on AKS with azure.azureMl' },
  'gke-managed-prometheus': { apiGroups: ['monitoring.googleapis.com'], installedWhen: 'on every GKE cluster' },
  'gke-gateway-api': { apiGroups: ['gateway.networking.k8s.io'], installedWhen: 'on every GKE cluster (mesh.gatewayApiCrds.source "cluster-managed", the default on GKE)' },
};

/** Whether the AKS cluster runs managed Prometheus (the `monitor_metrics` add-on and its Azure Monitor pipeline). */
export function aksManagedPrometheus(azure: AzureEnvironmentConfig): boolean {
  return azure.cluster.monitoring?.managedPrometheus ?? true;
}

/** Where the cluster's Gateway API CRDs come from: the platform's chart on AKS, GKE's own on GKE, unless configured. */
export function gatewayApiCrdsSource(target: ClusterTarget): GatewayApiCrdsSource {
  return target.kubernetes.mesh?.gatewayApiCrds?.source ?? (target.cloud === 'gcp' ? 'cluster-managed' : 'chart');
}

/** The install graph of one cluster. */
export function clusterInstallPlan(target: ClusterTarget): ClusterInstallPlan {
  const env = target.environment;
  const kubernetes = target.kubernetes;
  const serving = kubernetes.serving;
  const azure = target.cloud === 'azure' ? env.azure : undefined;
  const gcp = target.cloud === 'gcp' ? env.gcp : undefined;
  const userPools = azure?.cluster.userPools ?? [];
  const workloadPools = azure ? userPools.filter(aksTakesOrdinaryPods).map((p) => p.name) : (gcp?.cluster.nodePools ?? []).filter(gkeTakesOrdinaryPods).map((p) => p.name);

  const releases: PlannedRelease[] = [];
  const add = (id: ReleaseId, spec: Omit<PlannedRelease, 'id' | 'apiGroups' | 'pools' | 'createNamespace'> & { pools?: readonly string[]; createNamespace?: boolean }): void => {
    releases.push({ id, apiGroups: RELEASE_INFO[id].apiGroups, pools: workloadPools, createNamespace: true, ...spec });
  };
  const cm = CHART_VERSIONS;
  add('cert-manager', { name: 'cert-manager', chart: cm.certManager, namespace: 'cert-manager', after: [], webhookPorts: [CERT_MANAGER_COMPONENTS.webhook.webhookPort] });
  // Same namespace as cert-manager, whose release creates it; the trust namespace holds the anchor.
  // Its validating webhook gets its CA bundle from cert-manager's cainjector (deploy/charts/trust-manager/templates/
  // webhook.yaml, `cert-manager.io/inject-ca-from`), which can land after the pod is ready; a Bundle created before
  // that is refused with an x509 error. 30 s covers the injection, which takes seconds.
  add('trust-manager', { name: 'trust-manager', chart: cm.trustManager, namespace: 'cert-manager', createNamespace: false, after: ['cert-manager'], webhookPorts: [TRUST_MANAGER.webhookPort], settle: '30s' });
  // The trust chain, before the control plane that mounts its issuer Secret and trust-roots ConfigMap; it also
  // creates the labelled linkerd namespace, so no Linkerd release creates it.
  add('linkerd-pki', { name: 'linkerd-pki', chart: { local: 'manifests' }, namespace: 'cert-manager', createNamespace: false, after: ['trust-manager'], webhookPorts: [] });
  const gatewayApiChart = gatewayApiCrdsSource(target) === 'chart';
  if (gatewayApiChart) {
    add('gateway-api-crds', { name: 'gateway-api-crds', chart: { local: 'manifests', rendering: cm.gatewayApiCrds }, namespace: 'kube-system', createNamespace: false, after: [], webhookPorts: [] });
  }
  add('linkerd-crds', { name: 'linkerd-crds', chart: cm.linkerdCrds, namespace: LINKERD_NAMESPACE, createNamespace: false, after: ['linkerd-pki'], webhookPorts: [] });
  const cni = (kubernetes.mesh?.trafficRedirect ?? 'proxy-init') === 'linkerd-cni';
  if (cni) {
    // The CNI plugin must be on every node before the first meshed pod starts (linkerd tasks/install-helm).
    add('linkerd-cni', { name: 'linkerd2-cni', chart: cm.linkerdCni, namespace: 'linkerd-cni', after: ['linkerd-crds'], webhookPorts: [] });
  }
  add('linkerd-control-plane', {
    name: 'linkerd-control-plane',
    chart: cm.linkerdControlPlane,
    namespace: LINKERD_NAMESPACE,
    createNamespace: false,
    after: ['linkerd-crds', 'linkerd-pki', ...(gatewayApiChart ? ['gateway-api-crds' as const] : []), ...(cni ? ['linkerd-cni' as const] : [])],
    webhookPorts: [...LINKERD_COMPONENTS.destination.webhookPorts, LINKERD_COMPONENTS.proxyInjector.webhookPort],
  });
  const viz = kubernetes.mesh?.viz ?? needsViz(kubernetes);
  if (viz) {
    add('linkerd-viz', { name: 'linkerd-viz', chart: cm.linkerdViz, namespace: 'linkerd-viz', after: ['linkerd-control-plane'], webhookPorts: [VIZ_COMPONENTS.tap.apiServicePort, VIZ_COMPONENTS.tapInjector.webhookPort] });
  }
  if (usesCanary(kubernetes)) {
    add('flagger', { name: 'flagger', chart: cm.flagger, namespace: FLAGGER_NAMESPACE, after: ['linkerd-viz'], webhookPorts: [] });
    add('flagger-loadtester', { name: FLAGGER_LOADTESTER.releaseName, chart: cm.flaggerLoadtester, namespace: FLAGGER_NAMESPACE, createNamespace: false, after: ['flagger'], webhookPorts: [] });
  }
  // The remaining add-ons come after the control plane: with the injector's failure policy Fail (production), a pod
  // created between the webhook's registration and the injector's readiness would be refused.
  if ((serving.trainingJobs ?? []).length > 0) {
    add('jobset', { name: JOBSET_CONTROLLER.releaseName, chart: cm.jobset, namespace: JOBSET_CONTROLLER.namespace, after: ['linkerd-control-plane'], webhookPorts: [JOBSET_CONTROLLER.webhookPort], skipsInjector: true });
  }
  if ((serving.driftScaledJobs ?? []).length > 0) {
    add('keda', { name: 'keda', chart: cm.keda, namespace: KEDA_OPERATOR.namespace, after: ['linkerd-control-plane'], webhookPorts: [KEDA_ADMISSION_WEBHOOKS.webhookPort, KEDA_METRICS_APISERVER.apiServicePort], skipsInjector: true });
  }
  const platformGpuPools = devicePluginPools(userPools);
  if (platformGpuPools.length > 0) {
    add('nvidia-device-plugin', { name: 'nvidia-device-plugin', chart: cm.nvidiaDevicePlugin, namespace: 'nvidia-device-plugin', after: ['linkerd-control-plane'], pools: platformGpuPools, webhookPorts: [], skipsInjector: true });
  }

  // Azure ML attaches a compute only to a namespace that exists ("the namespace must be created in the Kubernetes
  // cluster before the cluster can be attached", Microsoft Learn, how-to-attach-kubernetes-to-workspace), and the
  // cluster folder that also holds them can be applied only once the cluster exists: Terraform creates them first.
  const computeNamespaces = azureMlComputeNamespaces(target);
  if (computeNamespaces.length > 0) {
    add('azureml-namespaces', { name: 'azureml-namespaces', chart: { local: 'manifests' }, namespace: 'kube-system', createNamespace: false, after: [], webhookPorts: [] });
  }

  return { target, releases, managed: managedFeatures(target) };
}

/** The namespaces of the plan's releases whose pods are never meshed (`skipsInjector`). */
export function injectorSkippedNamespaces(plan: ClusterInstallPlan): string[] {
  return [...new Set(plan.releases.filter((r) => r.skipsInjector).map((r) => r.namespace))];
}

/** The namespaces Azure ML's Kubernetes computes attach to on this cluster, in config order, each once. */
export function azureMlComputeNamespaces(target: ClusterTarget): string[] {
  const azureMl = target.cloud === 'azure' ? target.environment.azure?.azureMl : undefined;
  return [...new Set((azureMl?.computes ?? []).map((c) => c.namespace))];
}

/**
 * The AKS GPU pools that need NVIDIA's device plugin from the platform: AKS installs the driver but not the plugin
 * (learn.microsoft.com/azure/aks/use-nvidia-gpu, "self-managed GPU setup"), and the AzureML extension's own plugin
 * covers only Azure ML pools (its nodeSelector).
 */
export function devicePluginPools(userPools: readonly AksNodePoolSpec[]): string[] {
  return userPools.filter((p) => p.gpu !== undefined && !isAzureMlPool(p)).map((p) => p.name);
}

function managedFeatures(target: ClusterTarget): ManagedFeature[] {
  const env = target.environment;
  const features: ManagedFeature[] = [];
  const feature = (id: ManagedFeatureId, description: string, switchedOnBy: TerraformSwitch, pools: readonly string[] = []): void => {
    features.push({ id, description, apiGroups: MANAGED_INFO[id].apiGroups, switchedOnBy, pools });
  };
  if (target.cloud === 'azure' && env.azure) {
    const azure = env.azure;
    if ((azure.cluster.network.networkDataPlane ?? 'cilium') === 'cilium') {
      feature('aks-cilium', "AKS's Cilium dataplane", { resourceType: 'azurerm_kubernetes_cluster', attribute: 'network_profile.network_data_plane', value: 'cilium' });
    }
    if (aksManagedPrometheus(azure)) {
      // The add-on's ama-metrics pods serve the PodMonitor and ServiceMonitor CRDs.
      feature('aks-managed-prometheus', "AKS's managed Prometheus add-on (monitor_metrics)", { resourceType: 'azurerm_kubernetes_cluster', attribute: 'monitor_metrics' });
    }
    if (azure.azureMl) {
      // The extension's own pods run on the Azure ML system pools only (its global nodeSelector and tolerations).
      const systemPools = (azure.cluster.userPools ?? []).filter((p) => azureMlPoolPurpose(p) === 'system').map((p) => p.name);
      feature('azureml-extension', 'the AzureML Kubernetes extension', { resourceType: 'azurerm_kubernetes_cluster_extension', attribute: 'extension_type', value: AZURE_ML_EXTENSION_TYPE }, systemPools);
    }
  }
  if (target.cloud === 'gcp') {
    feature('gke-managed-prometheus', "GKE's Managed Service for Prometheus", { resourceType: 'google_container_cluster', attribute: 'monitoring_config.managed_prometheus.enabled', value: true });
    if (gatewayApiCrdsSource(target) === 'cluster-managed') {
      feature('gke-gateway-api', "GKE's Gateway API (standard channel)", { resourceType: 'google_container_cluster', attribute: 'gateway_api_config.channel', value: 'CHANNEL_STANDARD' });
    }
  }
  return features;
}

/** Every API group the plan installs, each with the component that installs it. */
export function plannedApiGroups(plan: ClusterInstallPlan): Map<string, string> {
  const groups = new Map<string, string>();
  for (const r of plan.releases) for (const g of r.apiGroups) groups.set(g, `the ${r.name} Helm release`);
  for (const m of plan.managed) for (const g of m.apiGroups) groups.set(g, m.description);
  return groups;
}

/** What would install an API group, on any cluster: each component that serves it and when the platform installs it. */
export function installersOf(group: string): string[] {
  return [
    ...Object.entries(RELEASE_INFO).filter(([, info]) => info.apiGroups.includes(group)).map(([id, info]) => `the ${id} Helm release (installed ${info.installedWhen})`),
    ...Object.entries(MANAGED_INFO).filter(([, info]) => info.apiGroups.includes(group)).map(([id, info]) => `${id} (installed ${info.installedWhen})`),
  ];
}
