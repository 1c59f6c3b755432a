import { AKS_FORCE_NEW_RULES } from '../../terraform/azure/aks-replacement';
import { AZURE_ML_FORCE_NEW_RULES } from '../../terraform/azure/ml/azure-ml-replacement';
import { ForceNewRule } from '../../core/replacement-guard';
import { GKE_FORCE_NEW_RULES } from '../../terraform/gcp/gke-force-new';

/**
 * Every cloud's attributes that force a cluster, a pool or Azure ML's workspace, computes or extension to be recreated:
 * what the replacement guard watches.
 */
export const PLATFORM_FORCE_NEW_RULES: readonly ForceNewRule[] = [...AKS_FORCE_NEW_RULES, ...AZURE_ML_FORCE_NEW_RULES, ...GKE_FORCE_NEW_RULES];
