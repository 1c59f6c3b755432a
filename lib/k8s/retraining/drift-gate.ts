import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { DRIFT_GATE_RESOURCES, driftGateRules } from './drift-gate-rules';
import { MODEL_METRICS } from '../../contract/observability/metric-catalog';
import { ClusterContext } from '../core/cluster-context';
import { toResourceRequirements } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { PortlessWorkload } from '../core/portless-workload';
import { PodIdentity } from '../identity/pod-identity';
import { PROXY_ENABLE_NATIVE_SIDECAR } from '../../contract/linkerd-annotations';
import { ANALYSIS_ENDPOINT, PrometheusQueryEndpoint, queryBaseUrl } from '../observability/analysis-endpoint';
import { serverDriftQuery } from './drift-query';
import { queryAuthShell, queryFunctionShell } from './query-auth';
import { authorizeDriftGateQueries } from './drift-gate-access';
import { ResourceSpec } from '../../contract/quantities';

export interface DriftGateProps {
  /** CronJob, ServiceAccount and Role name. */
  readonly name: string;
  /** Namespace of the gate and of the retraining CronJob. @default 'mlops' */
  readonly namespace?: string;
  /** The model server whose `model_data_drift_score` is watched. */
  readonly server: string;
  /**
   * The retraining CronJob (lib/k8s/training RetrainingSchedule) that serves as the template of each training Job,
   * via `kubectl create job --from=cronjob/<name>`. Suspend its own schedule to retrain only on drift.
   */
  readonly retrainingCronJob: string;
  /** Retrain when the score is above this. @default 0.15 (the reference threshold) */
  readonly threshold?: number;
  /** No new training Job within this many hours of the last drift-triggered one. @default 24 */
  readonly cooldownHours?: number;
  /** How often the score is checked. @default '*\/30 * * * *' */
  readonly schedule?: string;
  /** Where the score is read. @default ANALYSIS_ENDPOINT (in-cluster, no credential) */
  readonly endpoint?: PrometheusQueryEndpoint;
  /** Pinned image with POSIX sh, curl, jq and kubectl. */
  readonly image: string;
  /** Cloud identity, required for the managed endpoints. @default none */
  readonly identity?: PodIdentity;
  /** @default requests 50m / 64Mi, limits 200m / 128Mi */
  readonly resources?: ResourceSpec;
}

/** The gate's script: query, compare, respect the cooldown, then start one uniquely named Job from the CronJob. */
export function driftGateScript(props: DriftGateProps, cluster: string | undefined): string {
  const ns = props.namespace ?? 'mlops';
  const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
  const query = serverDriftQuery(ns, props.server, endpoint, cluster);
  const prefix = `${props.retrainingCronJob}-drift-`;
  return [
    'set -eu',
    // pipefail where the shell has it (bash, busybox ash, dash >= 0.5.11); every pipe below ends in the command whose
    // status counts anyway, so a shell without it still fails on an error.
    'if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi',
    queryAuthShell(endpoint),
    queryFunctionShell(endpoint),
    `drift=$(q '${query}') || { echo "cannot read ${MODEL_METRICS.driftScore} of ${ns}/${props.server}; failing so the CronJob's failure is seen" >&2; exit 1; }`,
    `if ! jq -ne --argjson d "$drift" '$d > ${props.threshold ?? 0.15}' >/dev/null; then echo "drift $drift is within ${props.threshold ?? 0.15}"; exit 0; fi`,
    `jobs=$(kubectl get jobs -n ${ns} -o json)`,
    // No earlier drift Job: max of nothing is null, read as 0 (the epoch), which is not an error.
    `last=$(printf '%s' "$jobs" | jq -e '[.items[] | select(.metadata.name | startswith("${prefix}")) | .metadata.creationTimestamp | fromdateiso8601] | max // 0')`,
    `if [ $(( $(date +%s) - last )) -lt ${(props.cooldownHours ?? 24) * 3600} ]; then echo "drift $drift, but a retraining started within ${props.cooldownHours ?? 24} h"; exit 0; fi`,
    `kubectl create job -n ${ns} "${prefix}$(date +%s)" --from=cronjob/${props.retrainingCronJob}`,
  ].join('\n');
}

/**
 * Drift-triggered retraining, the default mechanism: a CronJob that reads the model's drift score and, above the
 * threshold and outside the cooldown, starts one training Job from the retraining CronJob under a unique name
 * (`<cronjob>-drift-<epoch>`). It works the same on both clouds and any Prometheus, needs no operator, and its only
 * credential is its own short-lived ServiceAccount token, bound to a Role that can read that one CronJob and create
 * and list Jobs in its namespace. `concurrencyPolicy: Forbid` keeps two gates from racing.
 */
export class DriftGate extends PortlessWorkload {
  constructor(scope: Construct, id: string, props: DriftGateProps) {
    super(scope, id, 'drift-gate', props, (issues) => driftGateRules(props, issues));
    const { labels, identity } = this;
    const tmp = scratchDir('tmp', '/tmp', '64Mi');
    const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
    // linkerd-viz's Prometheus admits only the readers its policy names; a custom in-cluster Prometheus is the caller's.
    if (endpoint.kind === 'in-cluster' && queryBaseUrl(endpoint) === queryBaseUrl(ANALYSIS_ENDPOINT)) authorizeDriftGateQueries(this);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });

    new k8s.KubeRole(this, 'role', {
      metadata: meta(props.name),
      rules: [
        // `kubectl create job --from=cronjob/<name>` reads the CronJob, then creates the Job.
        { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: [props.retrainingCronJob], verbs: ['get'] },
        // create cannot be limited by resourceNames (the name does not exist yet); list finds the last run for the cooldown.
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'list'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: meta(props.name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }],
    });
    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: meta(props.name),
      spec: {
        schedule: props.schedule ?? '*/30 * * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: 300,
            ttlSecondsAfterFinished: 86400,
            template: {
              metadata: { labels: { ...labels, ...identity.podLabels }, annotations: { [PROXY_ENABLE_NATIVE_SIDECAR]: 'true', ...identity.podAnnotations } },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: this.serviceAccountName,
                // kubectl needs the pod's own, projected, short-lived API token; the Role limits what it can do.
                automountServiceAccountToken: true,
                securityContext: restrictedPodSecurityContext(),
                containers: [{
                  name: 'drift-gate',
                  image: props.image,
                  command: ['/bin/sh', '-c', driftGateScript(props, ClusterContext.of(this).clusterName)],
                  env: [{ name: 'HOME', value: '/tmp' }, ...identity.env],
                  resources: toResourceRequirements(props.resources ?? DRIFT_GATE_RESOURCES),
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [tmp.mount, ...identity.volumeMounts],
                }],
                volumes: [tmp.volume, ...identity.volumes],
              },
            },
          },
        },
      },
    });
  }
}
