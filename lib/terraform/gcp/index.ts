/** `ml-mesh-platform/gcp`: GKE on Dataplane V2 and Google workload identities (cdktf). */
export * from '../../contract/gcp-names';
export * from './gke-cluster-rules';
export * from './gke-cluster';
export * from './gke-dns-endpoint-perimeter';
export * from './gke-force-new';
export * from './gke-maintenance-rules';
export * from './gke-network';
export * from './gke-node-pool-rules';
export * from './gke-node-pool';
export * from './gke-node-service-account';
export * from './gke-node-taints';
export * from './gke-types';
export * from './google-workload-identity-grants';
export * from './google-workload-identity';
export * from './project-services';
