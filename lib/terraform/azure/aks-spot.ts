import { AksTaint } from './aks-types';

/**
 * AKS puts this label and taint on every spot node itself. The azurerm docs for
 * `azurerm_kubernetes_cluster_node_pool` say to repeat them in `node_labels` / `node_taints`, or every plan
 * shows drift; AKS also refuses to remove the taint (Azure/AKS#2934). Spot-tolerant workloads import these.
 */
export const AKS_SPOT_LABEL = { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot' } as const;

export const AKS_SPOT_TAINT: AksTaint = { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' };
