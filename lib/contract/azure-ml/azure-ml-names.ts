import { Issues } from '../../core/validation';
import { isUnresolved } from '../../core/unresolved';

// Workspace names: azurerm 4.55 `validate.WorkspaceName`, which mirrors the error the REST API returns
// (terraform-provider-azurerm internal/services/machinelearning/validate/workspace_name.go): 3-33 characters,
// starting with a letter or digit, then letters, digits, '_' or '-'.
const WORKSPACE_NAME = /^[a-zA-Z0-9][\w-]{2,32}$/;

// Compute names: the service's rule for attached computes, "letters, digits and dashes. It must start with a
// letter, end with a letter or digit, and be between 2 and 16 characters" (message of azurerm's
// machine_learning_inference_cluster / synapse_spark name validators; their regex is looser than the message).
const COMPUTE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,14}[a-zA-Z0-9]$/;

// azurerm_kubernetes_cluster_extension `name` (kubernetes_cluster_extension_resource.go).
const EXTENSION_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-.]{0,252}$/;

export function checkWorkspaceName(issues: Issues, field: string, name: string): boolean {
  if (isUnresolved(name)) return true;
  return issues.check(WORKSPACE_NAME.test(name), field, name, 'an Azure ML workspace name must be 3-33 characters: a letter or digit, then letters, digits, "_" or "-"');
}

export function checkComputeName(issues: Issues, field: string, name: string): boolean {
  if (isUnresolved(name)) return true;
  return issues.check(COMPUTE_NAME.test(name), field, name, 'an Azure ML compute name must be 2-16 letters, digits or "-", starting with a letter and ending with a letter or digit');
}

export function checkExtensionName(issues: Issues, field: string, name: string): boolean {
  if (isUnresolved(name)) return true;
  return issues.check(EXTENSION_NAME.test(name), field, name, 'a cluster extension name must be 1-253 letters, digits, "-" or ".", starting with a letter or digit');
}

/** The extension always installs here; the CLI refuses namespace scope (AzureMLKubernetes.py `Create`). */
export const AZURE_ML_SYSTEM_NAMESPACE = 'azureml';

/** Names of a workspace's dependencies: the Terraform half creates them, the model publisher pulls from the registry. */
export interface AzureMlWorkspaceDependencyNames {
  /** 3-24 lowercase letters and digits, globally unique. @default workspace name without symbols + 'mlst' */
  readonly storageAccount?: string;
  /** 3-24 letters, digits and '-', starting with a letter, globally unique. @default '<workspace>-kv' */
  readonly keyVault?: string;
  /** 5-50 letters and digits, globally unique. @default workspace name without symbols + 'mlacr' */
  readonly containerRegistry?: string;
  /** @default '<workspace>-appi' */
  readonly applicationInsights?: string;
  /** @default '<workspace>-logs' */
  readonly logAnalytics?: string;
}

function compact(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The dependency names with defaults applied. */
export function azureMlDependencyNames(props: { readonly name: string; readonly dependencyNames?: AzureMlWorkspaceDependencyNames }): Required<AzureMlWorkspaceDependencyNames> {
  const given = props.dependencyNames ?? {};
  return {
    storageAccount: given.storageAccount ?? `${compact(props.name).slice(0, 20)}mlst`,
    keyVault: given.keyVault ?? `${props.name.slice(0, 21)}-kv`,
    containerRegistry: given.containerRegistry ?? `${compact(props.name).slice(0, 45)}mlacr`,
    applicationInsights: given.applicationInsights ?? `${props.name}-appi`,
    logAnalytics: given.logAnalytics ?? `${props.name}-logs`,
  };
}

/**
 * Extension type in the casing the ARM template uses. Studio finds attachable clusters with a case-sensitive
 * query on this value (MicrosoftDocs/azure-docs#110642), and azurerm stores the API's value in a ForceNew
 * attribute without case folding, so any other casing plans a replacement on the next run.
 */
export const AZURE_ML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';
