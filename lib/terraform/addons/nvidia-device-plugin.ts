import { NodeTaint } from '../../contract/node-pools';

/** The label AKS puts on every node with its pool's name (learn.microsoft.com/azure/aks/use-labels). */
export const AKS_AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

/** A GPU pool the plugin serves: its name and its taints, after defaults. */
export interface DevicePluginPool {
  readonly name: string;
  readonly taints: readonly NodeTaint[];
}

/**
 * Values of NVIDIA's device plugin chart (NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin) for AKS GPU
 * pools outside Azure ML: AKS installs the driver but not the plugin ("self-managed GPU setup",
 * learn.microsoft.com/azure/aks/use-nvidia-gpu), so without it no node offers `nvidia.com/gpu` and GPU pods stay Pending.
 * The chart's default node affinity asks for Node Feature Discovery labels, which AKS nodes do not carry; Helm replaces
 * lists, so the affinity here names the pools themselves, and the tolerations are exactly their taints. Azure ML pools
 * are left to the AzureML extension's own plugin: two plugins on one node fight over one kubelet socket
 * (internal/plugin/server.go, `nvidia-gpu.sock`).
 */
export function nvidiaDevicePluginValues(pools: readonly DevicePluginPool[]): Record<string, unknown> {
  const tolerations = new Map<string, { key: string; operator: 'Exists'; effect: string }>();
  for (const t of pools.flatMap((p) => p.taints)) tolerations.set(`${t.key}:${t.effect}`, { key: t.key, operator: 'Exists', effect: t.effect });
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: AKS_AGENT_POOL_LABEL, operator: 'In', values: pools.map((p) => p.name) }] }],
        },
      },
    },
    tolerations: [...tolerations.values()],
  };
}
