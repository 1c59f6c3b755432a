/** `ml-mesh-platform/core`: validation, CIDR maths and the deploy-outputs hand-off; no cdktf or cdk8s constructs. */
export * from './cidr';
export * from './deploy-outputs';
export * from './forbidden-resources';
export * from './replacement-guard';
export * from './unresolved';
export * from './validation';
export * from './text-order';
