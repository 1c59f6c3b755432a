import { Cron } from 'croner';

/**
 * The CronJob `.spec.schedule` grammar: five fields, or a macro (kubernetes.io/docs/concepts/workloads/controllers/
 * cron-jobs/#schedule-syntax). Kubernetes parses it with robfig/cron's standard parser, which knows no `L`, `W` or
 * `#`, no seconds field, and day-of-week 0-6 only; `TZ=` belongs in `.spec.timeZone`.
 */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Why a CronJob would refuse or never run the schedule, or undefined when it is fine. croner does the parsing. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (MACROS.includes(schedule)) return undefined;
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields; a CronJob takes exactly 5 (minute hour day-of-month month day-of-week) or a macro such as @daily`;
  if (/[LW#]/.test(schedule.replace(/[A-Z]{3}/gi, ''))) return 'uses L, W or #, which the CronJob controller (robfig/cron) does not know';
  if (fields[4].split(/[,/-]/).some((part) => /^\d+$/.test(part) && Number(part) > 6)) return 'has a day of week above 6; the CronJob controller counts Sunday as 0 only';
  try {
    const next = new Cron(schedule, { paused: true, mode: '5-part' }).nextRun();
    return next === null ? 'never fires (no date matches it)' : undefined;
  } catch (error) {
    return `is not valid cron (${(error as Error).message.replace(/^CronPattern: /, '')})`;
  }
}
