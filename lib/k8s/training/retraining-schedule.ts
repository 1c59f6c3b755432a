import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { retrainingScheduleRules } from './retraining-schedule-rules';
import { ClusterContext } from '../core/cluster-context';
import { BATCH_TTL_SECONDS_AFTER_FINISHED, RetrainingRunProps, retrainingPodTemplate } from '../core/batch-pod-template';
import { PortlessWorkload } from '../core/portless-workload';
import { PodIdentity } from '../identity/pod-identity';
import { RETRAINING_DEFAULTS } from '../core/retraining-run-rules';

export interface RetrainingScheduleProps extends RetrainingRunProps {
  /** CronJob name, e.g. `retrain-churn`; also its ServiceAccount (mesh identity). */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** Cron schedule (5 fields) or a macro such as `@daily`. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** @default none */
  readonly identity?: PodIdentity;
}

/**
 * The last stage of the ML pipeline: retrain on a schedule. A CronJob with `concurrencyPolicy: Forbid`, so a slow
 * run is never overlapped by the next, running one hardened, meshed pod (native sidecar, so the Job completes).
 * It is a Workload without ports: grant it calls with `featureStore.allowFrom(retraining)`.
 */
export class RetrainingSchedule extends PortlessWorkload {
  constructor(scope: Construct, id: string, props: RetrainingScheduleProps) {
    super(scope, id, 'retraining', props, (issues) => retrainingScheduleRules(props, issues));
    const { labels, identity } = this;

    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: { name: props.name, namespace: this.namespace, labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone ?? 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        // A run missed by more than an hour (controller down) is skipped rather than started late.
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? RETRAINING_DEFAULTS.backoffLimit,
            activeDeadlineSeconds: props.activeDeadlineSeconds ?? RETRAINING_DEFAULTS.activeDeadlineSeconds,
            ttlSecondsAfterFinished: BATCH_TTL_SECONDS_AFTER_FINISHED,
            template: retrainingPodTemplate({ labels, serviceAccountName: this.serviceAccountName, identity }, ClusterContext.of(this).cloud, props),
          },
        },
      },
    });
  }
}
