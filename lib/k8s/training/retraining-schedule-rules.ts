import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { cronScheduleProblem } from '../core/cron-schedule';
import { retrainingRunRules } from '../core/retraining-run-rules';
import type { RetrainingScheduleProps } from './retraining-schedule';

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
