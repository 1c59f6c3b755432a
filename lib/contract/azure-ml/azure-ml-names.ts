import { Token } from 'cdktf';
import { Issues } from '../../core/validation';

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
  if (Token.isUnresolved(name)) return true;
  return issues.check(WORKSPACE_NAME.test(name), field, name, 'an Azure ML workspace name must be 3-33 characters: a letter or digit, then letters, digits, "_" or "-"');
}

export function checkComputeName(issues: Issues, field: string, name: string): boolean {
  if (Token.isUnresolved(name)) return true;
  return issues.check(COMPUTE_NAME.test(name), field, name, 'an Azure ML compute name must be 2-16 letters, digits or "-", starting with a letter and ending with a letter or digit');
}

export function checkExtensionName(issues: Issues, field: string, name: string): boolean {
  if (Token.isUnresolved(name)) return true;
  return issues.check(EXTENSION_NAME.test(name), field, name, 'a cluster extension name must be 1-253 letters, digits, "-" or ".", starting with a letter or digit');
}

/** The extension always installs here; the CLI refuses namespace scope (AzureMLKubernetes.py `Create`). */
export const AZURE_ML_SYSTEM_NAMESPACE = 'azureml';
