import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { HelmProvider, Release } from '../internal/helm';
import { CHART_VERSIONS, PinnedChart } from './chart-versions';
import { GatewayApiCrds, gatewayApiCrdsRules } from './gateway-api-crds';
import { MeshTrafficRedirect } from '../../contract/linkerd';

export interface LinkerdControlPlaneProps {
  /** The helm provider of the target cluster. */
  readonly provider: HelmProvider;
  /** Production gets Linkerd's HA values (values-ha.yaml); it needs at least three nodes. */
  readonly highAvailability: boolean;
  /** How the Gateway API CRDs got onto the cluster; Linkerd no longer installs them. */
  readonly gatewayApiCrds: GatewayApiCrds;
  /**
   * `linkerd-cni` installs the CNI plugin and lets meshed namespaces enforce the restricted Pod Security level.
   * It chains onto the cluster's CNI, which needs Cilium's `cni.exclusive=false`; AKS-managed Cilium and GKE
   * Dataplane V2 do not let that be changed, so proxy-init is the default.
   * @default 'proxy-init'
   */
  readonly trafficRedirect?: MeshTrafficRedirect;
  /** Install linkerd-viz (dashboard, tap, the Prometheus Flagger reads). @default false */
  readonly viz?: boolean;
  /**
   * Extra scrape jobs for linkerd-viz's Prometheus (chart value `prometheus.scrapeConfigs`), for example the
   * model servers' own accuracy and drift metrics that canary analysis reads.
   * @default none
   */
  readonly vizScrapeConfigs?: readonly Record<string, unknown>[];
  /**
   * Where kubelet probes come from; Linkerd authorizes unauthenticated probes only from these.
   * @default ['0.0.0.0/0', '::/0'] (the chart's default)
   */
  readonly probeNetworks?: readonly string[];
  /**
   * Must finish first: the cert-manager releases. The trust objects (LinkerdTrustAnchor) are Kubernetes YAML
   * applied after them; the control plane converges once the issuer Secret and trust roots exist.
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default 'linkerd' */
  readonly namespace?: string;
}

export function linkerdControlPlaneRules(props: LinkerdControlPlaneProps, issues: Issues): void {
  gatewayApiCrdsRules(props.gatewayApiCrds, issues.at('gatewayApiCrds'));
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

/** The chart values of linkerd-control-plane for these props. */
export function linkerdControlPlaneValues(props: LinkerdControlPlaneProps): Record<string, unknown> {
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
  return values;
}

/** linkerd-crds, optionally linkerd2-cni, linkerd-control-plane and optionally linkerd-viz, in that order. */
export class LinkerdControlPlane extends Construct {
  public readonly crds: Release;
  public readonly cni?: Release;
  public readonly controlPlane: Release;
  public readonly viz?: Release;

  constructor(scope: Construct, id: string, props: LinkerdControlPlaneProps) {
    super(scope, id);
    const issues = new Issues();
    linkerdControlPlaneRules(props, issues);
    issues.throwIfAny(this.node.path);
    const namespace = props.namespace ?? 'linkerd';
    const release = (rid: string, chart: PinnedChart, ns: string, values: Record<string, unknown>, dependsOn: readonly ITerraformDependable[], wait = true): Release =>
      new Release(this, rid, {
        provider: props.provider,
        name: chart.chart,
        namespace: ns,
        createNamespace: true,
        repository: chart.repository,
        chart: chart.chart,
        version: chart.version,
        atomic: wait,
        cleanupOnFail: true,
        wait,
        values: [JSON.stringify(values)],
        dependsOn: [...dependsOn],
      });

    // installGatewayAPI stays false: the Gateway API CRDs are a precondition (gateway-api-crds.ts).
    this.crds = release('linkerd-crds', CHART_VERSIONS.linkerdCrds, namespace, { installGatewayAPI: false }, props.dependsOn ?? []);
    const beforeControlPlane: ITerraformDependable[] = [this.crds, ...(props.dependsOn ?? [])];
    if ((props.trafficRedirect ?? 'proxy-init') === 'linkerd-cni') {
      // The CNI plugin must be on every node before the first meshed pod starts (tasks/install-helm).
      this.cni = release('linkerd-cni', CHART_VERSIONS.linkerdCni, 'linkerd-cni', {}, [this.crds]);
      beforeControlPlane.push(this.cni);
    }
    // No wait: the identity pod starts only once cert-manager and trust-manager have produced the issuer
    // Secret and trust-roots ConfigMap from the LinkerdTrustAnchor YAML, which is applied after Terraform.
    this.controlPlane = release('linkerd-control-plane', CHART_VERSIONS.linkerdControlPlane, namespace, linkerdControlPlaneValues(props), beforeControlPlane, false);
    if (props.viz) {
      const vizValues: Record<string, unknown> = props.highAvailability ? { enablePodAntiAffinity: true } : {};
      if ((props.vizScrapeConfigs ?? []).length > 0) vizValues.prometheus = { scrapeConfigs: [...(props.vizScrapeConfigs ?? [])] };
      this.viz = release('linkerd-viz', CHART_VERSIONS.linkerdViz, 'linkerd-viz', vizValues, [this.controlPlane], false);
    }
  }
}
