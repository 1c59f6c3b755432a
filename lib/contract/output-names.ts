import { AzureMlPipelineJob } from './azure-ml/azure-ml-google';

// Terraform output names that the Kubernetes synth reads back from `cdktf output --outputs-file`.
// Both sides import them from here, so a rename cannot split them.

/** The Google project number, when the config does not give it (`<env>-gcp`). */
export const PROJECT_NUMBER_OUTPUT = 'project_number';

/** `api://<client id>` of the Entra application that Google trusts for Azure ML (`<env>-gcp`). */
export const AZURE_ML_APP_ID_URI_OUTPUT = 'azureml_app_id_uri';

/** Client ID of the identity of one Azure ML pipeline job, publisher or deployer (`<env>-azure`). */
export function pipelineClientIdOutput(job: AzureMlPipelineJob): string {
  return `azureml_${job.replace(/-/g, '_')}_client_id`;
}
