import { Construct } from 'constructs';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../../contract/azure-ml/azure-ml-names';
import { TrafficSource, Workload, WorkloadPort } from '../core/workload';
import { allowTraffic } from '../policy/allow-traffic';

/**
 * Port of Azure ML model containers, which azureml-fe calls (how-to-access-azureml-behind-firewall, "In-cluster
 * communication requirements": "azureml-fe pods → model pods on 5001").
 */
export const AZURE_ML_SCORING_PORT: WorkloadPort = { name: 'scoring', port: 5001, protocol: 'http1' };

/**
 * azureml-fe, the extension's inference router. It is not meshed, so it is an `unmeshed` source pinned by
 * namespace and by the component label every extension pod carries (`ml.azure.com/infra-app`).
 */
export const AZUREML_FE_SOURCE: TrafficSource = {
  kind: 'unmeshed',
  name: 'azureml-fe',
  namespace: AZURE_ML_SYSTEM_NAMESPACE,
  selector: { 'ml.azure.com/infra-app': 'azureml-fe' },
};

export interface AzureMlInferenceAccessProps {
  /** The meshed inference namespace of the compute. */
  readonly namespace: string;
}

/**
 * The one path into an Azure ML inference namespace: azureml-fe to the model pods on 5001. It goes through
 * `allowTraffic`, so the Linkerd Server + NetworkAuthentication (azureml-fe has no mesh identity, hence
 * plaintext and authorized by network) and the network policy pinning the source to azureml-fe come from one
 * intent. Every pod of the namespace is an Azure ML pod, so the target selects them all.
 */
export class AzureMlInferenceAccess extends Construct {
  public readonly models: Workload;

  constructor(scope: Construct, id: string, props: AzureMlInferenceAccessProps) {
    super(scope, id);
    this.models = {
      name: 'azureml-models',
      namespace: props.namespace,
      // Azure ML runs deployments as the namespace's default ServiceAccount (reference-kubernetes, OpenShift SCC list).
      serviceAccountName: 'default',
      selector: {},
      ports: [AZURE_ML_SCORING_PORT],
    };
    allowTraffic(this, { source: AZUREML_FE_SOURCE, target: this.models, port: AZURE_ML_SCORING_PORT.name });
  }
}
