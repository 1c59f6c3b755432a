/**
 * `ml-mesh-platform/addons`: the control-plane add-ons' chart pins and values, the platform's `manifests` chart and
 * the Gateway API CRDs rendering (cdktf + helm provider). The platform installs them in the order of each cluster's
 * install plan (lib/config/cluster-install-plan.ts, lib/platform/terraform/cluster-addons.ts).
 */
export * from './cert-manager';
export * from './chart-versions';
export * from '../../contract/flagger';
export * from './flagger';
export * from './gateway-api-crds';
export * from './gateway-api-crds-rendering';
export * from './linkerd-control-plane';
export * from './manifests-chart';
export * from './nvidia-device-plugin';
