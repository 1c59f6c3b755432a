import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { retrainingRunRules } from '../core/retraining-run-rules';
import { ANALYSIS_ENDPOINT } from '../observability/analysis-endpoint';
import type { DriftScaledJobProps } from './drift-scaled-job';

/** The API server truncates a `generateName` base to 58 characters before its 5 random ones (apiserver names.go). */
const MAX_NAME = 57;
/** `pollingInterval` is an int32 of seconds. */
const MAX_POLLING_MINUTES = Math.floor(2147483647 / 60);
/**
 * KEDA renders the trigger's target with three decimals (pkg/scalers/scaler.go `quantityFromFloat64`, `%.3f`, v2.20.2):
 * a smaller threshold becomes a target of 0, and a ScaledJob with a zero target never starts a Job.
 */
const MIN_THRESHOLD = 0.001;

export function driftScaledJobRules(props: DriftScaledJobProps, issues: Issues): void {
  if (checkDnsLabel(issues, 'name', props.name)) {
    issues.check(props.name.length <= MAX_NAME, 'name', props.name, `must be at most ${MAX_NAME} characters: KEDA names each Job <name>-<5 random characters>, at most 63`);
  }
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  checkDnsLabel(issues, 'server', props.server);
  const threshold = props.threshold ?? 0.15;
  issues.check(Number.isFinite(threshold) && threshold >= MIN_THRESHOLD, 'threshold', threshold,
    `must be a drift score of at least ${MIN_THRESHOLD}: KEDA keeps three decimals of the target, and a target of 0 never starts a Job`);
  if (props.query !== undefined) {
    issues.check(props.query.trim() !== '', 'query', props.query, 'must be a non-empty PromQL expression returning at most one series');
  }
  const interval = props.pollingIntervalMinutes ?? 30;
  issues.check(Number.isInteger(interval) && interval >= 1 && interval <= MAX_POLLING_MINUTES, 'pollingIntervalMinutes', interval,
    `must be a whole number of minutes from 1 to ${MAX_POLLING_MINUTES} (pollingInterval is an int32 of seconds)`);
  const endpoint = props.endpoint ?? ANALYSIS_ENDPOINT;
  if (endpoint.kind === 'in-cluster') {
    issues.check(/^https?:\/\/[^\s/]+(\/\S*)?$/.test(endpoint.url), 'endpoint.url', endpoint.url, 'must be an http(s) URL such as http://prometheus.linkerd-viz:9090');
  } else {
    issues.check(false, 'endpoint.kind', endpoint.kind,
      'is not supported by DriftScaledJob: KEDA reads a managed Prometheus only through a TriggerAuthentication with podIdentity.provider azure-workload or gcp, '
      + 'whose CRD is not imported; use the in-cluster endpoint, or DriftGate, which fetches a workload identity token itself');
  }
  retrainingRunRules(props, issues);
}
