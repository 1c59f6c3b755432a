import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { resourceRules, ResourceSpec } from '../../contract/quantities';
import { cronScheduleProblem } from '../core/cron-schedule';
import { ANALYSIS_ENDPOINT } from '../observability/analysis-endpoint';
import { checkPinnedImage } from '../serving/image';
import type { DriftGateProps } from './drift-gate';

export const DRIFT_GATE_RESOURCES: ResourceSpec = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
/** `<cronjob>-drift-<10-digit epoch>` must stay a 63-character Job name. */
const MAX_CRONJOB_NAME = 63 - '-drift-'.length - 10;

export function driftGateRules(props: DriftGateProps, issues: Issues): void {
  if (checkDnsLabel(issues, 'name', props.name)) issues.check(props.name.length <= 52, 'name', props.name, 'must be at most 52 characters (CronJob limit)');
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  checkDnsLabel(issues, 'server', props.server);
  if (checkDnsLabel(issues, 'retrainingCronJob', props.retrainingCronJob)) {
    issues.check(props.retrainingCronJob.length <= MAX_CRONJOB_NAME, 'retrainingCronJob', props.retrainingCronJob,
      `must be at most ${MAX_CRONJOB_NAME} characters: triggered Jobs are named <cronjob>-drift-<epoch seconds>, at most 63`);
  }
  const threshold = props.threshold ?? 0.15;
  issues.check(Number.isFinite(threshold) && threshold > 0, 'threshold', threshold, 'must be a drift score above 0');
  const cooldown = props.cooldownHours ?? 24;
  issues.check(Number.isFinite(cooldown) && cooldown >= 1, 'cooldownHours', cooldown, 'must be at least 1 hour: a retrained model needs time to roll out before drift is judged again');
  const schedule = props.schedule ?? '*/30 * * * *';
  const cron = cronScheduleProblem(schedule);
  issues.check(cron === undefined, 'schedule', schedule, `must be a 5-field cron expression or a macro such as @hourly: it ${cron}`);
  checkPinnedImage(issues, 'image', props.image);
  const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
  if (endpoint.kind !== 'in-cluster') {
    issues.check(props.identity !== undefined, 'identity', undefined, `is required to query ${endpoint.kind}: the gate authenticates with its workload identity, never a stored secret`);
  }
  resourceRules(props.resources ?? DRIFT_GATE_RESOURCES, issues.at('resources'));
}
