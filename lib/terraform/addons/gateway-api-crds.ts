import { Issues } from '../../core/validation';

/**
 * Where the Gateway API CRDs (HTTPRoute, GRPCRoute) that Linkerd's routes read come from. Linkerd 2.19+ no longer
 * installs them (linkerd-crds `installGatewayAPI: false`; when switched on it ships v1.1.1 experimental, outside what
 * 2.20 reads), and the Gateway API project publishes no Helm chart (kubernetes-sigs/gateway-api#1590), only
 * `standard-install.yaml` per release. They must exist before the Linkerd control plane starts: its policy controller
 * looks for the route CRDs once, at startup (policy-controller/runtime/src/args.rs `api_resource_exists`), and
 * ignores every HTTPRoute until a restart if they arrive later.
 *
 * - `chart`: the platform installs them in the cluster's Terraform stack, before linkerd-control-plane, from Envoy
 *   Gateway's published `gateway-crds-helm` chart (CHART_VERSIONS.gatewayApiCrds) with only the standard-channel
 *   Gateway API CRDs switched on. That chart cannot be a release of its own: Helm stores every template of a chart in
 *   the release Secret, rendered or not, and its templates hold Envoy Gateway's CRDs and both Gateway API channels —
 *   measured as Helm encodes it (base64 of gzip of the release JSON, templates base64-encoded inside), the Secret of
 *   v1.7.5 with everything but the standard channel switched off is 1.30 MiB (v1.4.6: 1.09, v1.8.3: 1.58), over
 *   Kubernetes' 1 MiB Secret limit; Envoy's own docs install it with `helm template | kubectl apply` for that reason
 *   (helm/helm#12277). So Terraform renders the pinned chart (`data "helm_template"`) and installs the rendered CRDs
 *   through the platform's `manifests` chart, whose release Secret holds only them (about 0.26 MiB).
 * - `cluster-managed`: the cluster installs and manages them itself. GKE does, with the Gateway API channel the
 *   platform turns on (`gateway_api_config.channel = CHANNEL_STANDARD`, "standard CRDs are installed": Container API
 *   GatewayAPIConfig.Channel), so a second copy from a chart would fight GKE over the same CRDs.
 */
export type GatewayApiCrdsSource = 'chart' | 'cluster-managed';

export interface GatewayApiCrds {
  readonly source: GatewayApiCrdsSource;
  /**
   * Bundle version (`gateway.networking.k8s.io/bundle-version` on the CRDs), e.g. "v1.3.0". With `cluster-managed`,
   * what the cluster serves, checked against Linkerd's range when given; with `chart`, the pinned chart decides it
   * (GATEWAY_API_CHART_BUNDLE) and a different value is refused.
   * @default unchecked (cluster-managed), GATEWAY_API_CHART_BUNDLE (chart)
   */
  readonly version?: string;
}

/** Linkerd 2.20 reads Gateway API v1.2.1 to v1.5.1 and recommends v1.2.1 (linkerd.io/2-edge/features/gateway-api). */
export const LINKERD_GATEWAY_API = { minimum: 'v1.2.1', maximum: 'v1.5.1', recommended: 'v1.2.1' } as const;

/**
 * The Gateway API release in CHART_VERSIONS.gatewayApiCrds (gateway-crds-helm v1.7.5,
 * templates/standard-gatewayapi-crds.yaml `gateway.networking.k8s.io/bundle-version: v1.4.1`). No published chart
 * bundles Linkerd's recommended v1.2.1: gateway-crds-helm starts at v1.4.0 with Gateway API v1.3.0. Linkerd reads
 * later versions as long as its resources use only v1.2.1 fields, which the platform's routes do.
 */
export const GATEWAY_API_CHART_BUNDLE = 'v1.4.1';

/** The template of gateway-crds-helm that holds the standard channel, the only one the platform renders. */
export const GATEWAY_API_STANDARD_TEMPLATE = 'templates/standard-gatewayapi-crds.yaml';

/** The values that switch gateway-crds-helm to the standard-channel Gateway API CRDs and nothing else (its values.yaml). */
export function gatewayApiChartValues(): Record<string, unknown> {
  return { crds: { gatewayAPI: { enabled: true, channel: 'standard' }, envoyGateway: { enabled: false } } };
}

const SEMVER = /^v(\d+)\.(\d+)\.(\d+)$/;

function versionTuple(version: string): [number, number, number] | undefined {
  const m = SEMVER.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function gatewayApiCrdsRules(crds: GatewayApiCrds, issues: Issues): void {
  issues.check(crds.source === 'chart' || crds.source === 'cluster-managed', 'source', crds.source, 'must be "chart" (the platform installs them) or "cluster-managed" (the cluster serves them, as GKE does)');
  if (crds.version === undefined) return;
  if (crds.source === 'chart') {
    issues.check(crds.version === GATEWAY_API_CHART_BUNDLE, 'version', crds.version,
      `the pinned gateway-crds-helm chart installs Gateway API ${GATEWAY_API_CHART_BUNDLE}; leave version out, or change the pin in chart-versions.ts`);
    return;
  }
  const v = versionTuple(crds.version);
  const min = versionTuple(LINKERD_GATEWAY_API.minimum) as [number, number, number];
  const max = versionTuple(LINKERD_GATEWAY_API.maximum) as [number, number, number];
  issues.check(v !== undefined && compare(v, min) >= 0 && compare(v, max) <= 0, 'version', crds.version,
    `must be a Gateway API release from ${LINKERD_GATEWAY_API.minimum} to ${LINKERD_GATEWAY_API.maximum}, the range Linkerd 2.20 supports (it recommends ${LINKERD_GATEWAY_API.recommended})`);
}
