import { Issues } from '../../core/validation';

/**
 * How a pod leaves: the kubelet runs a preStop sleep while the endpoint removal reaches every client
 * (Linkerd's destination service pushes it to the client proxies), then sends SIGTERM, then waits up to
 * `terminationGracePeriodSeconds` (counted from the start of preStop) before SIGKILL.
 * With Linkerd 2.20's native sidecars the proxy is an init container with `restartPolicy: Always`, which the
 * kubelet stops only after the main container has exited, so in-flight requests keep their proxy
 * (linkerd.io/2-edge/tasks/graceful-shutdown; kubernetes.io/docs/concepts/workloads/pods/sidecar-containers).
 */
export interface GracefulShutdownSpec {
  /** @default 10 */
  readonly preStopSleepSeconds?: number;
  /** Must exceed the preStop sleep, leaving the server time to finish in-flight requests. @default 60 */
  readonly terminationGracePeriodSeconds?: number;
}

export const DEFAULT_PRESTOP_SLEEP_SECONDS = 10;
export const DEFAULT_TERMINATION_GRACE_SECONDS = 60;

export function gracefulShutdownRules(spec: GracefulShutdownSpec, issues: Issues): void {
  const sleep = spec.preStopSleepSeconds ?? DEFAULT_PRESTOP_SLEEP_SECONDS;
  const grace = spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
  const sleepOk = issues.check(Number.isInteger(sleep) && sleep >= 1, 'preStopSleepSeconds', sleep, 'must be a whole number of seconds >= 1');
  const graceOk = issues.check(Number.isInteger(grace) && grace >= 1, 'terminationGracePeriodSeconds', grace, 'must be a whole number of seconds >= 1');
  if (sleepOk && graceOk) {
    issues.check(grace > sleep, 'terminationGracePeriodSeconds', grace, `must be longer than preStopSleepSeconds (${sleep}), or the kubelet kills the server before it drains`);
  }
}
