/**
 * Every add-on chart the platform installs, pinned in one place. Bump here, nowhere else.
 *
 * Linkerd: the open-source project publishes edge releases only (linkerd.io/releases); Linkerd 2.20 is
 * edge-26.6.3, whose charts are versioned 2026.6.3 (bin/compute-edge-version: edge-YY.M.N -> 20YY.M.N) in the
 * edge repository. cert-manager v1.21.1 and trust-manager v0.24.0 are the newest releases as of 2026-08.
 * Flagger 1.44.0 is fluxcd/flagger tag v1.44.0 (chart 1.44.0, image ghcr.io/fluxcd/flagger:1.44.0); its load tester
 * is chart `loadtester` 0.38.0 from the same tag and repository (charts/loadtester/Chart.yaml, image
 * ghcr.io/fluxcd/flagger-loadtester:0.38.0).
 *
 * The others, with the source each pin was read from:
 * - `gatewayApiCrds`: Envoy Gateway's `gateway-crds-helm` v1.7.5 (envoyproxy/gateway tag v1.7.5,
 *   charts/gateway-crds-helm; published to oci://docker.io/envoyproxy by the release workflow). Its
 *   templates/standard-gatewayapi-crds.yaml is Gateway API v1.4.1 (`bundle-version`), inside the v1.2.1-v1.5.1 range
 *   Linkerd 2.20 reads. Rendered by Terraform, not installed as its own release (gateway-api-crds.ts says why).
 * - `jobset`: kubernetes-sigs/jobset v0.12.0, the OCI chart its release script pushes to registry.k8s.io with the
 *   promoted image (hack/helm-chart-package.sh); the chart in the repository points at a staging `:main` image.
 * - `keda`: kedacore/charts tag v2.20.2 (keda/Chart.yaml), the newest release as of 2026-08.
 * - `nvidiaDevicePlugin`: NVIDIA/k8s-device-plugin v0.19.3 (deployments/helm/nvidia-device-plugin), the newest patch
 *   of the previous minor; v0.20.0 was two days old when this was pinned.
 */
export const CHART_VERSIONS = {
  linkerdCrds: { repository: 'https://helm.linkerd.io/edge', chart: 'linkerd-crds', version: '2026.6.3' },
  linkerdControlPlane: { repository: 'https://helm.linkerd.io/edge', chart: 'linkerd-control-plane', version: '2026.6.3' },
  linkerdCni: { repository: 'https://helm.linkerd.io/edge', chart: 'linkerd2-cni', version: '2026.6.3' },
  linkerdViz: { repository: 'https://helm.linkerd.io/edge', chart: 'linkerd-viz', version: '2026.6.3' },
  certManager: { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
  trustManager: { repository: 'https://charts.jetstack.io', chart: 'trust-manager', version: 'v0.24.0' },
  flagger: { repository: 'https://flagger.app', chart: 'flagger', version: '1.44.0' },
  flaggerLoadtester: { repository: 'https://flagger.app', chart: 'loadtester', version: '0.38.0' },
  gatewayApiCrds: { repository: 'oci://docker.io/envoyproxy', chart: 'gateway-crds-helm', version: 'v1.7.5' },
  jobset: { repository: 'oci://registry.k8s.io/jobset/charts', chart: 'jobset', version: '0.12.0' },
  keda: { repository: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2' },
  nvidiaDevicePlugin: { repository: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin', version: '0.19.3' },
} as const;

/** A pinned chart: where it is published, its name and its version. */
export interface PinnedChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}
