import { Issues } from '../../core/validation';
import { GkeMaintenanceSpec, GkeMaintenanceWindow } from './gke-types';

// GKE "Maintenance windows and exclusions": a recurring window must give at least 48 hours of
// availability in any 32-day period, in blocks of at least 4 contiguous hours; a NO_UPGRADES exclusion
// lasts at most 30 days.

/** Weekend nights, 02:00-08:00 UTC on Saturday and Sunday: 4 weeks x 2 days x 6 h = 48 h per 32 days. */
export const GKE_DEFAULT_MAINTENANCE_WINDOW: GkeMaintenanceWindow = {
  startTime: '2025-01-04T02:00:00Z',
  endTime: '2025-01-04T08:00:00Z',
  recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = '(MO|TU|WE|TH|FR|SA|SU)';
const RECURRENCE = new RegExp(`^FREQ=(DAILY|WEEKLY;BYDAY=${DAY}(,${DAY})*)$`);
const HOUR_MS = 3_600_000;
const MIN_WINDOW_HOURS = 4;
const MIN_HOURS_PER_32_DAYS = 48;
const MAX_NO_UPGRADES_DAYS = 30;

function parseTime(issues: Issues, field: string, value: string): number | undefined {
  const ok = RFC3339.test(value) && !Number.isNaN(Date.parse(value));
  issues.check(ok, field, value, 'must be an RFC 3339 timestamp such as 2025-01-04T02:00:00Z');
  return ok ? Date.parse(value) : undefined;
}

/** Hours of maintenance availability the recurrence guarantees in any 32-day period. */
function guaranteedHoursPer32Days(recurrence: string, windowHours: number): number {
  if (recurrence === 'FREQ=DAILY') return 32 * windowHours;
  // 32 days hold at least 4 of every weekday.
  const days = new Set(recurrence.replace(/^FREQ=WEEKLY;BYDAY=/, '').split(',')).size;
  return 4 * days * windowHours;
}

export function gkeMaintenanceRules(maintenance: GkeMaintenanceSpec, issues: Issues): void {
  if (maintenance.window) windowRules(maintenance.window, issues.at('window'));
  const names = new Set<string>();
  (maintenance.exclusions ?? []).forEach((exclusion, i) => {
    const at = issues.at('exclusions').at(i);
    at.check(/^[A-Za-z0-9][-A-Za-z0-9_ ]{0,62}$/.test(exclusion.name), 'name', exclusion.name, 'must be 1-63 letters, digits, "-", "_" or spaces');
    at.check(!names.has(exclusion.name), 'name', exclusion.name, 'exclusion names must be unique');
    names.add(exclusion.name);
    const start = parseTime(at, 'startTime', exclusion.startTime);
    const end = parseTime(at, 'endTime', exclusion.endTime);
    if (start === undefined || end === undefined) return;
    if (!at.check(end > start, 'endTime', exclusion.endTime, `must be after startTime (${exclusion.startTime})`)) return;
    if ((exclusion.scope ?? 'NO_UPGRADES') === 'NO_UPGRADES') {
      at.check(end - start <= MAX_NO_UPGRADES_DAYS * 24 * HOUR_MS, 'endTime', exclusion.endTime,
        `a NO_UPGRADES exclusion may last at most ${MAX_NO_UPGRADES_DAYS} days (GKE); use NO_MINOR_UPGRADES or NO_MINOR_OR_NODE_UPGRADES for longer freezes`);
    }
  });
}

function windowRules(window: GkeMaintenanceWindow, issues: Issues): void {
  const start = parseTime(issues, 'startTime', window.startTime);
  const end = parseTime(issues, 'endTime', window.endTime);
  const recurrenceOk = issues.check(RECURRENCE.test(window.recurrence), 'recurrence', window.recurrence,
    'must be an RFC 5545 rule of the form FREQ=DAILY or FREQ=WEEKLY;BYDAY=SA,SU');
  if (start === undefined || end === undefined) return;
  if (!issues.check(end > start, 'endTime', window.endTime, `must be after startTime (${window.startTime})`)) return;
  const hours = (end - start) / HOUR_MS;
  issues.check(hours >= MIN_WINDOW_HOURS, 'endTime', window.endTime, `the window must last at least ${MIN_WINDOW_HOURS} contiguous hours (GKE); it lasts ${hours}`);
  if (recurrenceOk && hours >= MIN_WINDOW_HOURS) {
    const available = guaranteedHoursPer32Days(window.recurrence, hours);
    issues.check(available >= MIN_HOURS_PER_32_DAYS, 'recurrence', window.recurrence,
      `gives ${available} h of maintenance in some 32-day periods; GKE requires at least ${MIN_HOURS_PER_32_DAYS} h`);
  }
}
