/** `ml-mesh-platform/addons`: pinned Helm releases of the control-plane add-ons (cdktf + helm provider). */
export * from './cert-manager';
export * from './chart-versions';
export * from '../../contract/flagger';
export * from './flagger';
export * from './gateway-api-crds';
export * from './linkerd-control-plane';
