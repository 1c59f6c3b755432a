import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { AKS_GPU_NODE_LABEL, AKS_GPU_TAINT, GKE_ACCELERATOR_LABEL, GKE_GPU_TAINT } from '../../contract/node-pools';
import { Issues } from '../../core/validation';

/** Where a GPU pod may be scheduled: the node selector, affinity and tolerations that match the clusters' GPU pools. */
export interface GpuPlacement {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: k8s.Affinity;
  readonly tolerations: readonly k8s.Toleration[];
}

const GKE_ACCELERATOR = /^[a-z0-9][a-z0-9-]*$/;

export function gpuAcceleratorRules(accelerator: string | undefined, issues: Issues, field = 'gpuAccelerator'): void {
  if (accelerator === undefined) return;
  issues.check(GKE_ACCELERATOR.test(accelerator), field, accelerator, 'must be a GKE accelerator type such as nvidia-l4 or nvidia-tesla-t4');
}

/**
 * Scheduling for pods that request `nvidia.com/gpu`. Both clusters' GPU pools carry the taint
 * `nvidia.com/gpu=present:NoSchedule` (AKS_GPU_TAINT, GKE_GPU_TAINT), so one `Exists` toleration fits both.
 * AKS pools are selected by the platform's pool label; GKE pools by the accelerator label GKE sets,
 * either a given type or any GPU node.
 */
export function gpuPlacement(cloud: 'azure' | 'gcp', accelerator?: string): GpuPlacement {
  const taint = cloud === 'azure' ? AKS_GPU_TAINT : GKE_GPU_TAINT;
  const tolerations = [{ key: taint.key, operator: 'Exists', effect: taint.effect }];
  if (cloud === 'azure') {
    return { nodeSelector: { [AKS_GPU_NODE_LABEL.key]: AKS_GPU_NODE_LABEL.value }, tolerations };
  }
  if (accelerator !== undefined) {
    return { nodeSelector: { [GKE_ACCELERATOR_LABEL]: accelerator }, tolerations };
  }
  return {
    tolerations,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: GKE_ACCELERATOR_LABEL, operator: 'Exists' }] }],
        },
      },
    },
  };
}
