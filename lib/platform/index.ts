/** `ml-mesh-platform/platform`: one environment config -> Terraform stacks and cluster charts. */
export * from './azure-ml-chart';
export * from './azure-ml-platform';
export * from './azure-platform-stack';
export * from './cluster-addons';
export * from './cluster-app';
export * from './cluster-targets';
export * from './environment-identities';
export * from './gcp-platform-stack';
export * from './identity-egress';
export * from './ml-platform';
export * from './model-registry';
export * from './observability-targets';
export * from './output-names';
export * from './platform-synth';
export * from './serving-chart';
export * from '../config/environment';
export * from '../config/validate-environment';
