import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../core/names';
import { ResourceSpec, resourceRules, toResourceRequirements } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { PortlessWorkload } from '../core/portless-workload';
import { PROXY_ENABLE_NATIVE_SIDECAR } from '../mesh/linkerd-annotations';
import { gpuAcceleratorRules, gpuPlacement } from '../serving/gpu-placement';
import { checkPinnedImage } from '../serving/image';
import { PodIdentity } from '../identity/pod-identity';

export interface RetrainingScheduleProps {
  /** CronJob name, e.g. `retrain-churn`; also its ServiceAccount (mesh identity). */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** Cron schedule (5 fields) or a macro such as `@daily`. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** Retraining image, pinned: retrains on fresh features, evaluates and publishes the model. */
  readonly image: string;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  /** @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default requests 1 CPU / 2Gi, limits 2 CPU / 8Gi */
  readonly resources?: ResourceSpec;
  /** GKE accelerator type when `resources.gpus` > 0. @default any GPU node */
  readonly gpuAccelerator?: string;
  /** A run that takes longer is stopped. @default 21600 (6 h) */
  readonly activeDeadlineSeconds?: number;
  /** Pod retries of one run. @default 1 */
  readonly backoffLimit?: number;
  /** @default none */
  readonly identity?: PodIdentity;
}

const DEFAULT_RESOURCES: ResourceSpec = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '8Gi' } };
const CRON_FIELD = /^[\d*/,\-A-Za-z?]+$/;
const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

export function isCronSchedule(schedule: string): boolean {
  if (CRON_MACROS.includes(schedule)) return true;
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f));
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
  issues.check(isCronSchedule(props.schedule), 'schedule', props.schedule, 'must be a 5-field cron expression ("0 3 * * *") or a macro such as @daily');
  if (props.timeZone !== undefined) {
    issues.check(isIanaTimeZone(props.timeZone), 'timeZone', props.timeZone, 'must be an IANA time zone name such as "Etc/UTC" or "Europe/Amsterdam" (CronJob .spec.timeZone)');
  }
  checkPinnedImage(issues, 'image', props.image);
  resourceRules(props.resources ?? DEFAULT_RESOURCES, issues.at('resources'));
  gpuAcceleratorRules(props.gpuAccelerator, issues);
  const deadline = props.activeDeadlineSeconds ?? 21600;
  issues.check(Number.isInteger(deadline) && deadline >= 60, 'activeDeadlineSeconds', deadline, 'must be a whole number of seconds >= 60');
  const backoff = props.backoffLimit ?? 1;
  issues.check(Number.isInteger(backoff) && backoff >= 0, 'backoffLimit', backoff, 'must be a whole number >= 0');
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
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const gpu = (resources.gpus ?? 0) > 0 ? gpuPlacement(ClusterContext.of(this).cloud, props.gpuAccelerator) : undefined;
    const tmp = scratchDir('tmp', '/tmp', '20Gi');

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
            backoffLimit: props.backoffLimit ?? 1,
            activeDeadlineSeconds: props.activeDeadlineSeconds ?? 21600,
            ttlSecondsAfterFinished: 86400,
            template: {
              metadata: { labels: { ...labels, ...identity.podLabels }, annotations: { [PROXY_ENABLE_NATIVE_SIDECAR]: 'true', ...identity.podAnnotations } },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: this.serviceAccountName,
                automountServiceAccountToken: false,
                securityContext: restrictedPodSecurityContext(),
                nodeSelector: gpu?.nodeSelector ? { ...gpu.nodeSelector } : undefined,
                affinity: gpu?.affinity,
                tolerations: gpu ? [...gpu.tolerations] : undefined,
                containers: [{
                  name: 'retrain',
                  image: props.image,
                  command: props.command ? [...props.command] : undefined,
                  args: props.args ? [...props.args] : undefined,
                  env: [...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })), ...identity.env],
                  resources: toResourceRequirements(resources),
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
