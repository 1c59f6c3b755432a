// Names of the Azure ML -> Google path that the Terraform half creates and the Kubernetes half refers to.

/** Provider ID of the Entra ID trust in the federation pool. */
export const AZURE_ML_PROVIDER_ID = 'azureml-entra';

/** Default Google service account the Azure ML pipeline impersonates to deploy to GKE. */
export const AZURE_ML_DEPLOYER_ID = 'azureml-deployer';

/** ServiceAccount of the model publisher Job; the first compute's identity trusts it. */
export const MODEL_PUBLISHER_SERVICE_ACCOUNT = 'model-publisher';
