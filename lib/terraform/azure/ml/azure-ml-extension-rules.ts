import { Issues } from '../../../core/validation';
import { isUnresolved } from '../../../core/unresolved';
import { checkExtensionName } from '../../../contract/azure-ml/azure-ml-names';
import { isAksGpuSize } from '../aks-gpu';
import { AksNodePoolSpec } from '../aks-types';
import type { AzureMlExtensionProps } from './azure-ml-extension';
import { azureMlExtensionSettingsRules } from './azure-ml-extension-settings';
import { azureMlPoolPurpose, azureMlPoolRules, isAzureMlPool } from './azure-ml-pools';

export function azureMlExtensionRules(props: AzureMlExtensionProps, issues: Issues): void {
  checkExtensionName(issues, 'name', props.name ?? 'azureml');
  azureMlExtensionSettingsRules(azureMlExtensionSettingsInput(props), issues, props.production ?? false);
  azureMlPoolRules(props.pools, issues.at('pools'), props.enableTraining);
  issues.check(props.pools.some(isAzureMlPool), 'pools', props.pools.map((p) => p.name),
    'no pool carries the Azure ML label; the extension nodeSelector would match no node (build Azure ML pools with azureMlNodePool)');
  if (props.installNvidiaDevicePlugin && props.platformDevicePlugin) {
    issues.add('installNvidiaDevicePlugin', true, 'the platform already installs an NVIDIA device plugin; two plugins registering nvidia.com/gpu on the same nodes conflict');
  }
  if (props.enableInference && (props.production ?? false)) {
    const systemNodes = props.pools.filter((p) => azureMlPoolPurpose(p) === 'system').reduce((n, p) => n + (p.nodeCount ?? p.minCount ?? 0), 0);
    issues.check(systemNodes >= 3, 'pools', systemNodes,
      'production inference runs three azureml-fe replicas (inferenceRouterHA), which need at least three Azure ML system nodes at minimum scale');
  }
  if (props.version !== undefined && !isUnresolved(props.version)) {
    issues.check(/^\d+\.\d+\.\d+$/.test(props.version), 'version', props.version, 'must be an exact extension version such as 1.1.88');
  }
}

function gpuOnAzureMlPools(pools: readonly AksNodePoolSpec[]): boolean {
  return pools.some((p) => isAzureMlPool(p) && isAksGpuSize(p.vmSize));
}

/** The settings builder's input for these props (the defaults the extension derives from the pools). */
export function azureMlExtensionSettingsInput(props: AzureMlExtensionProps) {
  return {
    clusterId: props.clusterId,
    clusterName: props.clusterName,
    location: props.location,
    enableTraining: props.enableTraining,
    enableInference: props.enableInference,
    inferenceRouter: props.inferenceRouter,
    inferenceRouterHa: props.production ?? false,
    installNvidiaDevicePlugin: props.installNvidiaDevicePlugin ?? (gpuOnAzureMlPools(props.pools) && !(props.platformDevicePlugin ?? false)),
    installPrometheusOperator: props.installPrometheusOperator,
    installVolcano: props.installVolcano,
    installDcgmExporter: props.installDcgmExporter,
    otherIngressNginx: props.otherIngressNginx,
  };
}
