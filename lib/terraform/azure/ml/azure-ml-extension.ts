import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { azureMlExtensionRules,azureMlExtensionSettingsInput } from './azure-ml-extension-rules';
import { Issues } from '../../../core/validation';
import { KubernetesClusterExtension } from '../../internal/azurerm';
import { AksNodePoolSpec } from '../aks-types';
import { AZURE_ML_EXTENSION_TYPE, AZURE_ML_SYSTEM_NAMESPACE } from '../../../contract/azure-ml/azure-ml-names';
import { AzureMlInferenceRouter,azureMlExtensionSettings } from './azure-ml-extension-settings';

export { AZURE_ML_EXTENSION_TYPE } from '../../../contract/azure-ml/azure-ml-names';


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
  /** @default { type: 'clusterIP' }: plain HTTP inside the cluster, refused in production (use internalLoadBalancer, TLS at azureml-fe) */
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
  /**
   * What must exist before the extension installs: the Azure ML system pools its own pods are confined to (global
   * nodeSelector); without them its pods stay Pending and the install times out.
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
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

    this.settings = azureMlExtensionSettings(azureMlExtensionSettingsInput(props));
    this.extension = new KubernetesClusterExtension(this, 'extension', {
      name: props.name ?? 'azureml',
      clusterId: props.clusterId,
      extensionType: AZURE_ML_EXTENSION_TYPE,
      releaseNamespace: AZURE_ML_SYSTEM_NAMESPACE,
      // `release_train` conflicts with `version` in azurerm 4.55.
      ...(props.version === undefined ? { releaseTrain: 'stable' } : { version: props.version }),
      configurationSettings: { ...this.settings },
      dependsOn: props.dependsOn && props.dependsOn.length > 0 ? [...props.dependsOn] : undefined,
    });
  }
}
