import { Construct, IConstruct } from 'constructs';
import { LINKERD_VIZ_PROMETHEUS_SERVER } from '../../contract/flagger';
import {
  ScaledJob,
  ScaledJobSpecRolloutStrategy,
  ScaledJobSpecScalingStrategyStrategy,
  ScaledJobSpecTriggers,
} from '../../../imports/keda-scaledjob-keda.sh';
import { AuthorizationPolicy } from '../../../imports/linkerd-authorization-policy-policy.linkerd.io';
import { NetworkAuthentication } from '../../../imports/linkerd-network-authentication-policy.linkerd.io';
import { driftScaledJobRules } from './drift-scaled-job-rules';
import { KEDA_OPERATOR } from '../../contract/chart-components';
import { ClusterContext } from '../core/cluster-context';
import { BATCH_TTL_SECONDS_AFTER_FINISHED, RetrainingRunProps, retrainingPodTemplate } from '../core/batch-pod-template';
import { PortlessWorkload } from '../core/portless-workload';
import { PodIdentity } from '../identity/pod-identity';
import { MeshNetworks } from '../mesh/mesh-networks';
import { declareExternalObjects } from '../mesh/policy-references';
import { ANALYSIS_ENDPOINT, PrometheusQueryEndpoint, queryBaseUrl } from '../observability/analysis-endpoint';
import { serverDriftQuery } from './drift-query';
import { RETRAINING_DEFAULTS } from '../core/retraining-run-rules';

export interface DriftScaledJobProps extends RetrainingRunProps {
  /**
   * ScaledJob and ServiceAccount name (the training pods' mesh identity). KEDA names each Job `<name>-<5 random>`
   * (`generateName`, pkg/scaling/executor/scale_jobs.go), so at most 57 characters keep the whole name.
   */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** The model server whose `model_data_drift_score` is watched. */
  readonly server: string;
  /** Start a training Job when the score is above this. @default 0.15 (the reference threshold) */
  readonly threshold?: number;
  /**
   * The PromQL KEDA evaluates. It must return at most one series (KEDA refuses several).
   * @default serverDriftQuery: `max(model_data_drift_score{namespace, workload})`, the drift gate's query
   */
  readonly query?: string;
  /**
   * How often KEDA evaluates the query (`pollingInterval`); at most one training Job starts per interval, and none
   * while one is unfinished. This is the ScaledJob's cooldown, measured start to start (docs/observability.md).
   * @default 30 (the drift gate's schedule)
   */
  readonly pollingIntervalMinutes?: number;
  /**
   * Where KEDA reads the score. Only an in-cluster Prometheus: a managed backend needs a TriggerAuthentication with
   * `podIdentity.provider` azure-workload or gcp, whose CRD this library does not import yet.
   * @default ANALYSIS_ENDPOINT (linkerd-viz's Prometheus, no credential)
   */
  readonly endpoint?: PrometheusQueryEndpoint;
  /** The training pods' cloud identity (features, model registry). @default none */
  readonly identity?: PodIdentity;
}

/** The ScaledJob's one trigger: the drift score against the threshold, both as target and as activation bound. */
export function driftTrigger(props: DriftScaledJobProps, cluster: string | undefined): ScaledJobSpecTriggers {
  const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
  const threshold = String(props.threshold ?? 0.15);
  return {
    name: 'model-drift',
    type: 'prometheus',
    // No metricType: KEDA's release CRD removes it from ScaledJob triggers (config/crd/patches/scaledjob_patch.yaml).
    // No authenticationRef: the in-cluster Prometheus takes plain HTTP from an authorized peer, no credential.
    metadata: {
      serverAddress: queryBaseUrl(endpoint),
      query: props.query ?? serverDriftQuery(props.namespace ?? 'mlops', props.server, endpoint, cluster),
      // The target: with maxReplicaCount 1 any score above it asks for exactly one Job.
      threshold,
      // The scaler is active only when the score is above this (`val > activationThreshold`); at its default 0 any
      // positive score would start a Job (pkg/scalers/prometheus_scaler.go, pkg/scaling/executor/scale_jobs.go).
      activationThreshold: threshold,
      // No score (a server without traffic) reads as 0: nothing to judge, as in the drift gate.
      ignoreNullValues: 'true',
    },
  };
}

/**
 * Drift-triggered retraining, the opt-in mechanism: a KEDA ScaledJob that polls the model's drift score and starts one
 * training Job when it is above the threshold. Compared with DriftGate it needs no gate pod, script or Role (the KEDA
 * operator creates the Jobs), but it needs KEDA, reads only an in-cluster Prometheus, and its cooldown is the polling
 * interval rather than a time since the last Job. The Job runs RetrainingSchedule's hardened, meshed pod
 * (`retrainingPodTemplate`).
 *
 * KEDA's operator, not the Job, queries Prometheus. With the default endpoint this construct lets it in through
 * linkerd-viz's `prometheus-admin` Server (`authorizeKedaOperatorQueries`); the network policies that police
 * linkerd-viz must also admit `KEDA_OPERATOR` on 9090 (docs/observability.md).
 */
export class DriftScaledJob extends PortlessWorkload {
  public readonly scaledJobName: string;

  constructor(scope: Construct, id: string, props: DriftScaledJobProps) {
    super(scope, id, 'drift-retraining', props, (issues) => driftScaledJobRules(props, issues));
    const cluster = ClusterContext.of(this);
    const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
    this.scaledJobName = props.name;

    new ScaledJob(this, 'scaled-job', {
      metadata: { name: props.name, namespace: this.namespace, labels: this.labels },
      spec: {
        pollingInterval: (props.pollingIntervalMinutes ?? 30) * 60,
        // minReplicaCount > 0 would mark the ScaledJob active whatever the score (pkg/scaling/scaledjob/metrics.go).
        minReplicaCount: 0,
        // With the default strategy KEDA starts maxReplicaCount minus the unfinished (pending or running) Jobs:
        // at most one training Job exists at a time.
        maxReplicaCount: 1,
        scalingStrategy: { strategy: ScaledJobSpecScalingStrategyStrategy.DEFAULT },
        // A changed ScaledJob (a new image) must not kill a training run: the default deletes the Jobs of the
        // previous generation (controllers/keda/scaledjob_controller.go). `rolloutStrategy` is deprecated, not set.
        rollout: { strategy: ScaledJobSpecRolloutStrategy.GRADUAL },
        // Retention only (KEDA deletes older finished Jobs), the CronJob's values; not a cooldown.
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTargetRef: {
          backoffLimit: props.backoffLimit ?? RETRAINING_DEFAULTS.backoffLimit,
          activeDeadlineSeconds: props.activeDeadlineSeconds ?? RETRAINING_DEFAULTS.activeDeadlineSeconds,
          ttlSecondsAfterFinished: BATCH_TTL_SECONDS_AFTER_FINISHED,
          template: retrainingPodTemplate({ labels: this.labels, serviceAccountName: this.serviceAccountName, identity: this.identity }, cluster.cloud, props),
        },
        triggers: [driftTrigger(props, cluster.clusterName)],
      },
    });
    if (endpoint.kind === 'in-cluster' && queryBaseUrl(endpoint) === queryBaseUrl(ANALYSIS_ENDPOINT)) authorizeKedaOperatorQueries(this);
  }
}

const authorizedApps = new WeakSet<IConstruct>();

/**
 * Lets the KEDA operator query linkerd-viz's Prometheus, once per app. The operator is not meshed, so it has no mTLS
 * identity: viz's `prometheus-admin` Server (viz/charts/linkerd-viz/templates/prometheus-policy.yaml, version-2.20)
 * authorizes only metrics-api's, and refuses it (403) until an AuthorizationPolicy admits it by source network.
 * Linkerd cannot select pods by address, so the network is the cluster's pod CIDRs (`MeshNetworks.PODS`); the network
 * policy in linkerd-viz narrows it to the operator's pods, as for every unmeshed traffic intent.
 */
export function authorizeKedaOperatorQueries(scope: Construct): void {
  const root = scope.node.root;
  if (authorizedApps.has(root)) return;
  const { namespace, name: server } = LINKERD_VIZ_PROMETHEUS_SERVER;
  // Read first: an app without the pod network fails here, before it is marked as authorized.
  const cidrs = MeshNetworks.of(scope).get(MeshNetworks.PODS, `${scope.node.path}: the KEDA operator querying ${namespace}/${server}`);
  authorizedApps.add(root);
  declareExternalObjects(scope, [{ group: 'policy.linkerd.io', kind: 'Server', namespace, name: server, installedBy: 'linkerd-viz' }]);
  const name = `${server}-${KEDA_OPERATOR.serviceAccountName}`;
  new NetworkAuthentication(scope, 'keda-operator-network', {
    metadata: { name, namespace },
    spec: { networks: cidrs.map((cidr) => ({ cidr })) },
  });
  new AuthorizationPolicy(scope, 'keda-operator-prometheus-access', {
    metadata: { name, namespace },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: server },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name }],
    },
  });
}
