import { Issues } from '../../core/validation';

/**
 * The Gateway API CRDs (HTTPRoute, GRPCRoute) that Linkerd routes read. Linkerd 2.19+ no longer installs them
 * (linkerd-crds `installGatewayAPI: false`), and the project publishes no Helm chart for them
 * (kubernetes-sigs/gateway-api#1590, closed): it publishes `standard-install.yaml` per release. Envoy Gateway's
 * `gateway-crds-helm` bundles them, but its maintainers install it with `helm template | kubectl apply`
 * because the release Secret would exceed Kubernetes' 1 MiB object limit, so a helm_release cannot carry it.
 * They are therefore a precondition of the Linkerd install, declared here, validated, and checked as
 * documented in docs/mesh.md.
 */
export type GatewayApiCrdsSource =
  /** `kubectl apply --server-side -f <standardInstallUrl(version)>` before `cdktf deploy`. */
  | 'standard-install'
  /** The cluster manages them: GKE installs the standard channel (1.34+), guarded by an admission policy. */
  | 'cluster-managed';

export interface GatewayApiCrds {
  readonly source: GatewayApiCrdsSource;
  /** Bundle version, e.g. "v1.2.1"; `gateway.networking.k8s.io/bundle-version` on the installed CRDs. */
  readonly version: string;
}

/** Linkerd 2.20 reads Gateway API v1.2.1 to v1.5.1 and recommends v1.2.1 (linkerd.io/2-edge/features/gateway-api). */
export const LINKERD_GATEWAY_API = { minimum: 'v1.2.1', maximum: 'v1.5.1', recommended: 'v1.2.1' } as const;

/** The upstream standard-channel manifest of a Gateway API release. */
export function standardInstallUrl(version: string): string {
  return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
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
  issues.check(crds.source === 'standard-install' || crds.source === 'cluster-managed', 'source', crds.source, 'must be "standard-install" or "cluster-managed"');
  const v = versionTuple(crds.version);
  const min = versionTuple(LINKERD_GATEWAY_API.minimum) as [number, number, number];
  const max = versionTuple(LINKERD_GATEWAY_API.maximum) as [number, number, number];
  issues.check(v !== undefined && compare(v, min) >= 0 && compare(v, max) <= 0, 'version', crds.version,
    `must be a Gateway API release from ${LINKERD_GATEWAY_API.minimum} to ${LINKERD_GATEWAY_API.maximum}, the range Linkerd 2.20 supports (it recommends ${LINKERD_GATEWAY_API.recommended})`);
}
