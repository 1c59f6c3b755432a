import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider, Release } from '../internal/helm';
import { CHART_VERSIONS } from './chart-versions';
import { FLAGGER_MESH_PROVIDER, LINKERD_VIZ_PROMETHEUS } from './flagger-chart';

export interface FlaggerProps {
  /** The helm provider of the target cluster. */
  readonly provider: HelmProvider;
  /** Two replicas with leader election and a PodDisruptionBudget. @default false */
  readonly highAvailability?: boolean;
  /** @default 'flagger-system' */
  readonly namespace?: string;
  /** Prometheus that holds the Linkerd proxy metrics. @default LINKERD_VIZ_PROMETHEUS */
  readonly metricsServer?: string;
  /** Namespace of linkerd-viz, where Flagger's read access to Prometheus is authorized. @default 'linkerd-viz' */
  readonly linkerdVizNamespace?: string;
  /** Releases to install first (the Linkerd control plane and viz). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Flagger, the progressive-delivery controller, from its own chart (fluxcd/flagger charts/flagger, values.yaml):
 * - `meshProvider: gatewayapi:v1`, so canaries shift weights on Gateway API HTTPRoutes that Linkerd applies;
 * - `metricsServer`: linkerd-viz's Prometheus;
 * - `linkerdAuthPolicy.create`: the chart's AuthorizationPolicy in linkerd-viz that lets Flagger's ServiceAccount
 *   reach the `prometheus-admin` Server, without which viz's deny policy refuses its queries;
 * - `selectorLabels`: only `app.kubernetes.io/name`, the label serving Deployments use for Flagger;
 * - `includeLabelPrefix`: the Deployment labels copied onto `<name>-primary`.
 * The chart's `crds/` folder installs the Canary, MetricTemplate and AlertProvider CRDs on first install; Helm never
 * upgrades `crds/`, so a chart bump needs the CRDs applied from the same tag.
 */
export class Flagger extends Construct {
  public readonly namespace: string;
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: FlaggerProps) {
    super(scope, id);
    this.namespace = props.namespace ?? 'flagger-system';
    const ha = props.highAvailability ?? false;
    const values = {
      meshProvider: FLAGGER_MESH_PROVIDER,
      metricsServer: props.metricsServer ?? LINKERD_VIZ_PROMETHEUS,
      selectorLabels: 'app.kubernetes.io/name',
      includeLabelPrefix: 'app.kubernetes.io,ml-mesh-platform.io',
      linkerdAuthPolicy: { create: true, namespace: props.linkerdVizNamespace ?? 'linkerd-viz' },
      leaderElection: { enabled: ha, replicaCount: ha ? 2 : 1 },
      podDisruptionBudget: { enabled: ha, minAvailable: 1 },
    };
    this.release = new Release(this, 'flagger', {
      provider: props.provider,
      name: 'flagger',
      namespace: this.namespace,
      createNamespace: true,
      repository: CHART_VERSIONS.flagger.repository,
      chart: CHART_VERSIONS.flagger.chart,
      version: CHART_VERSIONS.flagger.version,
      atomic: true,
      cleanupOnFail: true,
      values: [JSON.stringify(values)],
      dependsOn: [...(props.dependsOn ?? [])],
    });
  }
}
