import { AKS_FORCE_NEW_RULES } from '../../terraform/azure/aks-replacement';
import { ForceNewRule } from '../../core/replacement-guard';
import { GKE_FORCE_NEW_RULES } from '../../terraform/gcp/gke-force-new';

/** Every cloud's attributes that force a cluster or pool to be recreated: what the replacement guard watches. */
export const PLATFORM_FORCE_NEW_RULES: readonly ForceNewRule[] = [...AKS_FORCE_NEW_RULES, ...GKE_FORCE_NEW_RULES];
