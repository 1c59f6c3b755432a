/** The dataplane a cluster runs; it decides which policy kinds are enforced. */
export type Dataplane = 'aks-cilium' | 'gke-dataplane-v2';
