/** `ml-mesh-platform/federation`: keyless Entra ID <-> Google IAM federation (cdktf). */
export * from './google-federation-pool';
export * from '../../contract/identity/identity-names';
export * from '../../contract/identity/identity-rules';
export * from '../../contract/identity/workload-identity-binding';
export * from './workload-identity-bindings';
