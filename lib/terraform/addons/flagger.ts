import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider, Release } from '../internal/helm';
import { INJECT } from '../../contract/linkerd-annotations';
import { CHART_VERSIONS } from './chart-versions';
import { FLAGGER_LOADTESTER, FLAGGER_MESH_PROVIDER, FLAGGER_NAMESPACE, LINKERD_VIZ_PROMETHEUS, LINKERD_VIZ_PROMETHEUS_SERVER } from '../../contract/flagger';

export interface FlaggerProps {
  /** The helm provider of the target cluster. */
  readonly provider: HelmProvider;
  /** Two replicas with leader election and a PodDisruptionBudget, and two load testers behind one. @default false */
  readonly highAvailability?: boolean;
  /**
   * Namespace of Flagger and its load tester. ModelServer canaries call `FLAGGER_LOADTESTER.url` and authorize its
   * ServiceAccount in flagger-system; another namespace needs `ModelCanary.loadTesterUrl` and an authorization of its own.
   * @default FLAGGER_NAMESPACE ('flagger-system')
   */
  readonly namespace?: string;
  /** Prometheus that holds the Linkerd proxy metrics. @default LINKERD_VIZ_PROMETHEUS */
  readonly metricsServer?: string;
  /** Namespace of linkerd-viz, where Flagger's read access to Prometheus is authorized. @default 'linkerd-viz' */
  readonly linkerdVizNamespace?: string;
  /** Releases to install first (the Linkerd control plane and viz). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

// The chart's own context (values.yaml `securityContext.context`: uid 100 / gid 101, the image's `app` user)
// completed to the restricted Pod Security profile.
const LOADTESTER_CONTAINER_SECURITY = {
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 100,
  runAsGroup: 101,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The `loadtester` chart values `Flagger` installs the load tester with. */
export function flaggerLoadtesterValues(highAvailability: boolean): Record<string, unknown> {
  return {
    replicaCount: highAvailability ? 2 : 1,
    podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
    // Meshed, so its promotion-check queries reach linkerd-viz's Prometheus with the flagger-loadtester identity.
    // Helm merges maps, so the chart's prometheus.io annotations stay.
    podAnnotations: { [INJECT]: 'enabled' },
    // `rbac.create` is the chart's only way to a ServiceAccount of its own (templates/rbac.yaml); without it the pod
    // runs as `default`, an identity any pod of the namespace shares. The Role it binds grants nothing.
    rbac: { create: true, rules: [] },
    securityContext: { enabled: true, context: LOADTESTER_CONTAINER_SECURITY },
    podSecurityContext: { enabled: true, context: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
  };
}

/**
 * Flagger, the progressive-delivery controller, from its own chart (fluxcd/flagger charts/flagger, values.yaml):
 * - `meshProvider: gatewayapi:v1`, so canaries shift weights on Gateway API HTTPRoutes that Linkerd applies;
 * - `metricsServer`: linkerd-viz's Prometheus;
 * - `linkerdAuthPolicy.create`: the chart's AuthorizationPolicy in linkerd-viz that lets Flagger's ServiceAccount
 *   reach the `prometheus-admin` Server, without which viz's policy refuses its queries (the chart meshes Flagger:
 *   its default `podAnnotations` carry `linkerd.io/inject: enabled`);
 * - `selectorLabels`: only `app.kubernetes.io/name`, the label serving Deployments use for Flagger;
 * - `includeLabelPrefix`: the Deployment labels copied onto `<name>-primary`.
 * The chart's `crds/` folder installs the Canary, MetricTemplate and AlertProvider CRDs on first install; Helm never
 * upgrades `crds/`, so a chart bump needs the CRDs applied from the same tag.
 *
 * Beside it, Flagger's load tester (chart `loadtester`), which runs the canaries' confirm-promotion check
 * (lib/k8s/quality/canary-quality-gate.ts), meshed and with a ServiceAccount of its own. The chart has no equivalent of
 * `linkerdAuthPolicy` (charts/loadtester/values.yaml at v1.44.0) and neither does linkerd-viz's, so its read access to
 * Prometheus is an AuthorizationPolicy the Kubernetes side emits (`authorizeLoadTesterQueries`).
 */
export class Flagger extends Construct {
  public readonly namespace: string;
  public readonly release: Release;
  public readonly loadTester: Release;

  constructor(scope: Construct, id: string, props: FlaggerProps) {
    super(scope, id);
    this.namespace = props.namespace ?? FLAGGER_NAMESPACE;
    const ha = props.highAvailability ?? false;
    const values = {
      meshProvider: FLAGGER_MESH_PROVIDER,
      metricsServer: props.metricsServer ?? LINKERD_VIZ_PROMETHEUS,
      selectorLabels: 'app.kubernetes.io/name',
      includeLabelPrefix: 'app.kubernetes.io,ml-mesh-platform.io',
      linkerdAuthPolicy: { create: true, namespace: props.linkerdVizNamespace ?? LINKERD_VIZ_PROMETHEUS_SERVER.namespace },
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
    this.loadTester = new Release(this, 'loadtester', {
      provider: props.provider,
      name: FLAGGER_LOADTESTER.releaseName,
      namespace: this.namespace,
      // After Flagger, whose release creates the namespace: two releases creating it at once would race.
      createNamespace: false,
      repository: CHART_VERSIONS.flaggerLoadtester.repository,
      chart: CHART_VERSIONS.flaggerLoadtester.chart,
      version: CHART_VERSIONS.flaggerLoadtester.version,
      atomic: true,
      cleanupOnFail: true,
      values: [JSON.stringify(flaggerLoadtesterValues(ha))],
      dependsOn: [this.release],
    });
  }
}
