import {
  JobSetSpecReplicatedJobsTemplateSpecTemplateSpecContainersResourcesLimits as Limits,
  JobSetSpecReplicatedJobsTemplateSpecTemplateSpecContainersResourcesRequests as Requests,
  JobSetSpecReplicatedJobsTemplateSpecTemplateSpecVolumesEmptyDirSizeLimit as SizeLimit,
} from '../../../imports/jobset-jobset.x-k8s.io';
import { ResourceSpec } from '../../contract/quantities';

/** ResourceSpec in the JobSet CRD's generated types; a GPU count goes into limits, which Kubernetes copies to requests. */
export function jobSetResources(spec: ResourceSpec): { limits: Record<string, Limits>; requests: Record<string, Requests> } {
  const limits: Record<string, Limits> = { cpu: Limits.fromString(spec.limits.cpu), memory: Limits.fromString(spec.limits.memory) };
  if (spec.gpus) limits['nvidia.com/gpu'] = Limits.fromNumber(spec.gpus);
  return { limits, requests: { cpu: Requests.fromString(spec.requests.cpu), memory: Requests.fromString(spec.requests.memory) } };
}

/** An emptyDir volume for a read-only training container. */
export function jobSetScratchVolume(name: string, sizeLimit: string): { name: string; emptyDir: { sizeLimit: SizeLimit } } {
  return { name, emptyDir: { sizeLimit: SizeLimit.fromString(sizeLimit) } };
}
