import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { resourceRules, ResourceSpec } from '../../contract/quantities';
import { envRules } from '../core/env-vars';
import { autoscalingRules } from './autoscaling';
import { disruptionRules } from './disruption-rules';
import { gracefulShutdownRules } from './graceful-shutdown';
import type { HttpWorkloadProps } from './http-workload';
import { checkPinnedImage } from './image';
import { WorkloadProbes, workloadProbeRules } from './probes';

export const HTTP_WORKLOAD_RESOURCES: ResourceSpec = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
export const HTTP_WORKLOAD_PROBES: WorkloadProbes = {
  readiness: { path: '/health/ready', periodSeconds: 5 },
  liveness: { path: '/health/live', periodSeconds: 10 },
};

export function httpWorkloadRules(props: HttpWorkloadProps, portName: string, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  checkPinnedImage(issues, 'image', props.image);
  envRules(issues, 'env', props.env);
  const replicas = props.replicas ?? 2;
  issues.check(Number.isInteger(replicas) && replicas >= 1, 'replicas', replicas, 'must be a whole number >= 1');
  resourceRules(props.resources ?? HTTP_WORKLOAD_RESOURCES, issues.at('resources'));
  if (props.autoscaling) autoscalingRules(props.autoscaling, issues.at('autoscaling'));
  disruptionRules(replicas, props.autoscaling, props.minAvailable, issues);
  workloadProbeRules(props.probes ?? HTTP_WORKLOAD_PROBES, [portName], issues.at('probes'));
  if (props.shutdown) gracefulShutdownRules(props.shutdown, issues.at('shutdown'));
}
