import { Issues } from '../../core/validation';
import { MeshTrafficRedirect } from '../../contract/linkerd';

export interface LinkerdControlPlaneProps {
  /** Production gets Linkerd's HA values (values-ha.yaml); it needs at least three nodes. */
  readonly highAvailability: boolean;
  /**
   * `linkerd-cni` installs the CNI plugin and lets meshed namespaces enforce the restricted Pod Security level.
   * It chains onto the cluster's CNI, which needs Cilium's `cni.exclusive=false`; AKS-managed Cilium and GKE
   * Dataplane V2 do not let that be changed, so proxy-init is the default.
   * @default 'proxy-init'
   */
  readonly trafficRedirect?: MeshTrafficRedirect;
  /**
   * Where kubelet probes come from; Linkerd authorizes unauthenticated probes only from these.
   * @default ['0.0.0.0/0', '::/0'] (the chart's default)
   */
  readonly probeNetworks?: readonly string[];
  /**
   * Namespaces whose pods are never meshed, left out of the proxy injector's webhook with kube-system and cert-manager
   * (the chart's own), so their pods still start while the injector is down: production's failure policy is Fail.
   * @default none beyond the chart's
   */
  readonly injectorSkipsNamespaces?: readonly string[];
}

// linkerd-control-plane values.yaml (edge-26.6.3, the pinned chart) `proxyInjector.namespaceSelector`: these
// namespaces, and any namespace labelled `config.linkerd.io/admission-webhooks: disabled`.
const CHART_INJECTOR_SKIPS = ['kube-system', 'cert-manager'];

export function linkerdControlPlaneRules(props: LinkerdControlPlaneProps, issues: Issues): void {
  const redirect = props.trafficRedirect ?? 'proxy-init';
  issues.check(redirect === 'proxy-init' || redirect === 'linkerd-cni', 'trafficRedirect', redirect, 'must be "proxy-init" or "linkerd-cni"');
}

/**
 * Linkerd's HA values (charts/linkerd-control-plane/values-ha.yaml at version-2.20). The helm provider cannot
 * pass a values file from inside a remote chart, so the settings are restated here.
 */
function highAvailabilityValues(): Record<string, unknown> {
  const controller = { cpu: { limit: '', request: '100m' }, memory: { limit: '250Mi', request: '50Mi' } };
  return {
    highAvailability: true,
    controllerReplicas: 3,
    enablePodDisruptionBudget: true,
    controller: { podDisruptionBudget: { maxUnavailable: 1 } },
    deploymentStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
    enablePodAntiAffinity: true,
    // Fail closed: a pod created while the injector is down would otherwise run unmeshed and unauthorized.
    webhookFailurePolicy: 'Fail',
    proxy: { resources: { cpu: { request: '100m' }, memory: { limit: '250Mi', request: '20Mi' } } },
    controllerResources: controller,
    destinationResources: controller,
    identityResources: { cpu: controller.cpu, memory: { limit: '250Mi', request: '10Mi' } },
    heartbeatResources: controller,
    proxyInjectorResources: controller,
    spValidatorResources: controller,
  };
}

/** The chart values of linkerd-control-plane for these props; refuses invalid props (PlatformValidationError). */
export function linkerdControlPlaneValues(props: LinkerdControlPlaneProps): Record<string, unknown> {
  const issues = new Issues();
  linkerdControlPlaneRules(props, issues);
  issues.throwIfAny('linkerd-control-plane');
  const values: Record<string, unknown> = {
    ...(props.highAvailability ? highAvailabilityValues() : {}),
    // cert-manager owns the issuer (Secret linkerd-identity-issuer) and trust-manager the trust roots
    // (ConfigMap linkerd-identity-trust-roots), so no key passes through Terraform or Helm values.
    identity: { externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } },
    cniEnabled: (props.trafficRedirect ?? 'proxy-init') === 'linkerd-cni',
    policyController: { probeNetworks: [...(props.probeNetworks ?? ['0.0.0.0/0', '::/0'])] },
    // The heartbeat CronJob calls versioncheck.linkerd.io from a default-deny namespace (ControlPlaneNetworkPolicies).
    disableHeartBeat: true,
  };
  const skips = [...new Set([...CHART_INJECTOR_SKIPS, ...(props.injectorSkipsNamespaces ?? [])])];
  if (skips.length > CHART_INJECTOR_SKIPS.length) {
    values.proxyInjector = {
      namespaceSelector: {
        matchExpressions: [
          { key: 'config.linkerd.io/admission-webhooks', operator: 'NotIn', values: ['disabled'] },
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: skips },
        ],
      },
    };
  }
  return values;
}

/**
 * linkerd-viz chart values: pod anti-affinity in production, and extra scrape jobs for its Prometheus (chart value
 * `prometheus.scrapeConfigs`), for example the model servers' own accuracy and drift metrics that canary analysis reads.
 */
export function linkerdVizValues(highAvailability: boolean, scrapeConfigs: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = highAvailability ? { enablePodAntiAffinity: true } : {};
  if (scrapeConfigs.length > 0) values.prometheus = { scrapeConfigs: [...scrapeConfigs] };
  return values;
}

/** linkerd-crds chart values: the Gateway API CRDs it can ship (v1.1.1 experimental) are outside what 2.20 reads (gateway-api-crds.ts). */
export function linkerdCrdsValues(): Record<string, unknown> {
  return { installGatewayAPI: false };
}
