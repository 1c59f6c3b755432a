import { INJECT } from '../../contract/linkerd-annotations';
import { FLAGGER_MESH_PROVIDER, LINKERD_VIZ_PROMETHEUS, LINKERD_VIZ_PROMETHEUS_SERVER } from '../../contract/flagger';

export interface FlaggerProps {
  /** Two replicas with leader election and a PodDisruptionBudget, and two load testers behind one. @default false */
  readonly highAvailability?: boolean;
  /** Prometheus that holds the Linkerd proxy metrics. @default LINKERD_VIZ_PROMETHEUS */
  readonly metricsServer?: string;
  /** Namespace of linkerd-viz, where Flagger's read access to Prometheus is authorized. @default 'linkerd-viz' */
  readonly linkerdVizNamespace?: string;
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
 * Values of Flagger, the progressive-delivery controller, from its own chart (fluxcd/flagger charts/flagger,
 * values.yaml):
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
 * Beside it runs Flagger's load tester (chart `loadtester`, `flaggerLoadtesterValues`), in the same namespace
 * (FLAGGER_NAMESPACE: ModelServer canaries call `FLAGGER_LOADTESTER.url` and authorize its ServiceAccount there).
 * The chart has no equivalent of `linkerdAuthPolicy` (charts/loadtester/values.yaml at v1.44.0) and neither does
 * linkerd-viz's, so its read access to Prometheus is an AuthorizationPolicy the Kubernetes side emits
 * (`authorizeLoadTesterQueries`).
 */
export function flaggerValues(props: FlaggerProps = {}): Record<string, unknown> {
  const ha = props.highAvailability ?? false;
  return {
    meshProvider: FLAGGER_MESH_PROVIDER,
    metricsServer: props.metricsServer ?? LINKERD_VIZ_PROMETHEUS,
    selectorLabels: 'app.kubernetes.io/name',
    includeLabelPrefix: 'app.kubernetes.io,ml-mesh-platform.io',
    linkerdAuthPolicy: { create: true, namespace: props.linkerdVizNamespace ?? LINKERD_VIZ_PROMETHEUS_SERVER.namespace },
    leaderElection: { enabled: ha, replicaCount: ha ? 2 : 1 },
    podDisruptionBudget: { enabled: ha, minAvailable: 1 },
  };
}
