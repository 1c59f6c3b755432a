import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ResourceSpec } from '../../contract/quantities';

/** The Kubernetes form; a GPU count goes into limits, which Kubernetes copies to requests. */
export function toResourceRequirements(spec: ResourceSpec): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { cpu: k8s.Quantity.fromString(spec.limits.cpu), memory: k8s.Quantity.fromString(spec.limits.memory) };
  if (spec.gpus) limits['nvidia.com/gpu'] = k8s.Quantity.fromNumber(spec.gpus);
  return {
    requests: { cpu: k8s.Quantity.fromString(spec.requests.cpu), memory: k8s.Quantity.fromString(spec.requests.memory) },
    limits,
  };
}
