/** `ml-mesh-platform/federation`: keyless Entra ID <-> Google IAM federation (cdktf). */
export * from './google-federation-pool';
export * from './identity-names';
export * from './identity-rules';
export * from './workload-identity-binding';
export * from './workload-identity-bindings';
