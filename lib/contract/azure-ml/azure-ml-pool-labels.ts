import { NodeTaint } from '../node-pools';

// Labels and taints of Azure ML pools: the Terraform half puts them on the pools, the Kubernetes half selects them.

/**
 * The one label every Azure ML pool carries. The extension's `nodeSelector` applies to the extension's own
 * pods and to every Azure ML workload (learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension,
 * "nodeSelector"), so it must be a label that all Azure ML pools share; InstanceTypes then add pool labels.
 */
export const AZURE_ML_POOL_LABEL = { key: 'ml-mesh.io/azureml', value: 'true' } as const;

/** What a pool is for, recorded as a node label so the rules (and people) can read it back from the spec. */
export const AZURE_ML_PURPOSE_LABEL_KEY = 'ml-mesh.io/azureml-purpose';

/**
 * The amlarc taints, as documented in learn.microsoft.com/azure/machine-learning/reference-kubernetes,
 * "Taints and tolerations" ("We only support placing the amlarc-specific taints on your nodes"):
 * `ml.azure.com/amlarc` is tolerated by every Azure ML pod and keeps every other pod off;
 * `ml.azure.com/amlarc-system` only by the extension's system pods; `ml.azure.com/amlarc-workload` only by
 * training and inference pods.
 */
export const AZURE_ML_TAINT: NodeTaint = { key: 'ml.azure.com/amlarc', value: 'true', effect: 'NoSchedule' };
export const AZURE_ML_SYSTEM_TAINT: NodeTaint = { key: 'ml.azure.com/amlarc-system', value: 'true', effect: 'NoSchedule' };
export const AZURE_ML_WORKLOAD_TAINT: NodeTaint = { key: 'ml.azure.com/amlarc-workload', value: 'true', effect: 'NoSchedule' };
