/**
 * Every add-on chart the platform installs, pinned in one place. Bump here, nowhere else.
 *
 * Linkerd: the open-source project publishes edge releases only (linkerd.io/releases); Linkerd 2.20 is
 * edge-26.6.3, whose charts are versioned 2026.6.3 (bin/compute-edge-version: edge-YY.M.N -> 20YY.M.N) in the
 * edge repository. cert-manager v1.21.1 and trust-manager v0.24.0 are the newest releases as of 2026-08.
 * Flagger 1.44.0 is fluxcd/flagger tag v1.44.0 (chart 1.44.0, image ghcr.io/fluxcd/flagger:1.44.0); its load tester
 * is chart `loadtester` 0.38.0 from the same tag and repository (charts/loadtester/Chart.yaml, image
 * ghcr.io/fluxcd/flagger-loadtester:0.38.0).
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
} as const;

/** A pinned chart: where it is published, its name and its version. */
export interface PinnedChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}
