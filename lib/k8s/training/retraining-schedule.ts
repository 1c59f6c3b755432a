import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { BATCH_TTL_SECONDS_AFTER_FINISHED, RETRAINING_DEFAULTS, RetrainingRunProps, retrainingPodTemplate, retrainingRunRules } from '../core/batch-pod-template';
import { PortlessWorkload } from '../core/portless-workload';
import { cronScheduleProblem } from '../core/cron-schedule';
import { PodIdentity } from '../identity/pod-identity';

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
 * Time zones the CronJob API accepts: names of the IANA time zone database (kubernetes.io/docs/concepts/workloads/
 * controllers/cron-jobs/#time-zones, e.g. "Etc/UTC"). Node lists the canonical zones; `UTC` and `Etc/UTC`, which
 * the API accepts, are not among them.
 */
const KNOWN_TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'Etc/UTC', 'UTC']);
/** The shape of a tz database name ("Europe/Amsterdam", "Etc/GMT+5", "EST5EDT"); names are case-sensitive. */
const TZ_NAME = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/;

/** An IANA zone Node knows: a canonical zone, or an alias Node resolves (Asia/Kolkata, Europe/Kyiv, Etc/GMT+5). */
export function isIanaTimeZone(name: string): boolean {
  if (KNOWN_TIME_ZONES.has(name)) return true;
  if (!TZ_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function retrainingScheduleRules(props: RetrainingScheduleProps, issues: Issues): void {
  // CronJob names are limited to 52 characters: the controller appends an 11-character suffix to its Jobs.
  if (checkDnsLabel(issues, 'name', props.name)) issues.check(props.name.length <= 52, 'name', props.name, 'must be at most 52 characters (CronJob limit)');
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  const cron = cronScheduleProblem(props.schedule);
  issues.check(cron === undefined, 'schedule', props.schedule, `must be a 5-field cron expression ("0 3 * * *") or a macro such as @daily: it ${cron}`);
  if (props.timeZone !== undefined) {
    issues.check(isIanaTimeZone(props.timeZone), 'timeZone', props.timeZone, 'must be an IANA time zone name such as "Etc/UTC" or "Europe/Amsterdam" (CronJob .spec.timeZone)');
  }
  retrainingRunRules(props, issues);
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
