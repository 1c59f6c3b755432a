// The flow model of a cluster folder: required and forbidden flows, derived from the config and the folder, and each
// layer's verdict on the emitted objects (docs/network-policy.md, "Flows").
export * from './flow';
export * from './cluster-flows';
export * from './cluster-objects';
export * from './evaluate-flow';
export * from './flows-document';
export * from './required-flows';
export * from './forbidden-flows';
export * from './network-layer';
export * from './linkerd-policy-rules';
export * from './workload-identity-rules';
export * from './cloud-firewall-rules';
