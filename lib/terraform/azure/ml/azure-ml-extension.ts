import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../../core/validation';
import { KubernetesClusterExtension } from '../../internal/azurerm';
import { isAksGpuSize } from '../aks-gpu';
import { AksNodePoolSpec } from '../aks-types';
import { AZURE_ML_SYSTEM_NAMESPACE, checkExtensionName } from '../../../contract/azure-ml/azure-ml-names';
import { AzureMlInferenceRouter, azureMlExtensionSettings, azureMlExtensionSettingsRules } from './azure-ml-extension-settings';
import { azureMlPoolPurpose, azureMlPoolRules, isAzureMlPool } from './azure-ml-pools';

/**
 * Extension type in the casing the ARM template uses. Studio finds attachable clusters with a case-sensitive
 * query on this value (MicrosoftDocs/azure-docs#110642), and azurerm stores the API's value in a ForceNew
 * attribute without case folding, so any other casing plans a replacement on the next run.
 */
export const AZURE_ML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';


export interface AzureMlExtensionProps {
  /** AKS resource ID. */
  readonly clusterId: string;
  /** AKS name. */
  readonly clusterName: string;
  /** AKS region. */
  readonly location: string;
  /** The cluster's User pools; GPU presence and the Azure ML pool rules come from them. */
  readonly pools: readonly AksNodePoolSpec[];
  /** Training and batch jobs. */
  readonly enableTraining: boolean;
  /** Real-time online endpoints. */
  readonly enableInference: boolean;
  /** Production: three azureml-fe replicas (`inferenceRouterHA`) and `clusterPurpose` FastProd. @default false */
  readonly production?: boolean;
  /** @default { type: 'clusterIP' } with TLS at the platform ingress */
  readonly inferenceRouter?: AzureMlInferenceRouter;
  /**
   * Install NVIDIA's device plugin, limited to Azure ML pools by the extension's nodeSelector. AKS installs GPU
   * drivers but not the device plugin, so without it (or the platform's own) `nvidia.com/gpu` does not exist.
   * @default true when an Azure ML pool has a GPU size and `platformDevicePlugin` is false
   */
  readonly installNvidiaDevicePlugin?: boolean;
  /** The platform installs its own device plugin or GPU Operator on these nodes; two plugins conflict. @default false */
  readonly platformDevicePlugin?: boolean;
  /** @default true */
  readonly installPrometheusOperator?: boolean;
  /** @default true */
  readonly installVolcano?: boolean;
  /** @default false */
  readonly installDcgmExporter?: boolean;
  /** @default false */
  readonly otherIngressNginx?: boolean;
  /** @default 'azureml' */
  readonly name?: string;
  /**
   * Pin an extension version. Off by default: azurerm sends `autoUpgradeMinorVersion = (version == "")`, and a
   * changed `version` is ForceNew, so every bump uninstalls and reinstalls the extension (about ten minutes with
   * running jobs and endpoints broken). Unpinned, Microsoft's biweekly releases (mostly image CVE fixes) roll in.
   * @default not pinned (release train `stable`, minor versions auto-upgraded)
   */
  readonly version?: string;
}

export function azureMlExtensionRules(props: AzureMlExtensionProps, issues: Issues): void {
  checkExtensionName(issues, 'name', props.name ?? 'azureml');
  azureMlExtensionSettingsRules(settingsInput(props), issues);
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
  if (props.version !== undefined && !Token.isUnresolved(props.version)) {
    issues.check(/^\d+\.\d+\.\d+$/.test(props.version), 'version', props.version, 'must be an exact extension version such as 1.1.88');
  }
}

function gpuOnAzureMlPools(pools: readonly AksNodePoolSpec[]): boolean {
  return pools.some((p) => isAzureMlPool(p) && isAksGpuSize(p.vmSize));
}

function settingsInput(props: AzureMlExtensionProps) {
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

/**
 * The AzureML Kubernetes extension on one AKS cluster (`azurerm_kubernetes_cluster_extension`), with every
 * setting the Azure CLI would add, the router internal-only, and no version pin by default.
 */
export class AzureMlExtension extends Construct {
  public readonly extension: KubernetesClusterExtension;
  /** The `configuration_settings` written, for tests and for the compute's documentation. */
  public readonly settings: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AzureMlExtensionProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlExtensionRules(props, issues);
    issues.throwIfAny(this.node.path);

    this.settings = azureMlExtensionSettings(settingsInput(props));
    this.extension = new KubernetesClusterExtension(this, 'extension', {
      name: props.name ?? 'azureml',
      clusterId: props.clusterId,
      extensionType: AZURE_ML_EXTENSION_TYPE,
      releaseNamespace: AZURE_ML_SYSTEM_NAMESPACE,
      // `release_train` conflicts with `version` in azurerm 4.55.
      ...(props.version === undefined ? { releaseTrain: 'stable' } : { version: props.version }),
      configurationSettings: { ...this.settings },
    });
  }
}
