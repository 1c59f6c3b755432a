import { Issues } from '../../core/validation';

/**
 * An HTTP GET probe. Only `httpGet` probes are authorized automatically by Linkerd's policy controller under a
 * deny default policy; gRPC and TCP probes get refused (linkerd.io/2-edge/reference/authorization-policy, research A2).
 */
export interface HttpProbeSpec {
  readonly path: string;
  /** Container port name. @default the workload's first port */
  readonly port?: string;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 2 */
  readonly timeoutSeconds?: number;
}

/** Startup, readiness and liveness probes. Liveness and readiness start only after the startup probe passes. */
export interface WorkloadProbes {
  /** @default none: the workload starts fast enough for readiness alone */
  readonly startup?: HttpProbeSpec;
  readonly readiness: HttpProbeSpec;
  readonly liveness: HttpProbeSpec;
}

export function probeRules(probe: HttpProbeSpec, portNames: readonly string[], issues: Issues): void {
  issues.check(probe.path.startsWith('/'), 'path', probe.path, 'must be an absolute HTTP path starting with "/"');
  if (probe.port !== undefined) {
    issues.check(portNames.includes(probe.port), 'port', probe.port, `must name one of the workload's ports (${portNames.join(', ')})`);
  }
  for (const field of ['periodSeconds', 'failureThreshold', 'timeoutSeconds'] as const) {
    const value = probe[field];
    if (value !== undefined) issues.check(Number.isInteger(value) && value >= 1, field, value, 'must be a whole number >= 1');
  }
}

export function workloadProbeRules(probes: WorkloadProbes, portNames: readonly string[], issues: Issues): void {
  if (probes.startup) probeRules(probes.startup, portNames, issues.at('startup'));
  probeRules(probes.readiness, portNames, issues.at('readiness'));
  probeRules(probes.liveness, portNames, issues.at('liveness'));
}

/** How long the startup probe lets a container start before the kubelet restarts it. */
export function startupBudgetSeconds(probe: HttpProbeSpec): number {
  return (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
}
