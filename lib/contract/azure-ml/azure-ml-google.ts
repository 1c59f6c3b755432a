// Names of the Azure ML -> Google path that the Terraform half creates and the Kubernetes half refers to.

/** Provider ID of the Entra ID trust in the federation pool. */
export const AZURE_ML_PROVIDER_ID = 'azureml-entra';

/** Default Google service account the Azure ML pipeline's deployer impersonates to deploy to GKE. */
export const AZURE_ML_DEPLOYER_ID = 'azureml-deployer';

/**
 * The pipeline's two jobs, each with its own ServiceAccount in the publisher namespace and its own user-assigned
 * identity: the publisher copies images (AcrPull on the workspace registry, Artifact Registry writer on one
 * repository), the deployer impersonates the GKE deployer service account. Neither is an Azure ML compute identity:
 * Azure ML's own pods (training runs user code) reach nothing on Google.
 */
export type AzureMlPipelineJob = 'model-publisher' | 'model-deployer';

/** ServiceAccount of the model publisher Job; only the publisher identity trusts it. */
export const MODEL_PUBLISHER_SERVICE_ACCOUNT: AzureMlPipelineJob = 'model-publisher';

/** ServiceAccount the deploy step runs as; only the deployer identity trusts it. */
export const MODEL_DEPLOYER_SERVICE_ACCOUNT: AzureMlPipelineJob = 'model-deployer';

/** Name of a pipeline job's user-assigned identity, unique per workspace. */
export function azureMlPipelineIdentityName(workspaceName: string, job: AzureMlPipelineJob): string {
  return `${workspaceName}-${job}`;
}
