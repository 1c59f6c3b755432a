import { Construct } from 'constructs';
import { Issues } from '../../../core/validation';
import { isUnresolved } from '../../../core/unresolved';
import { checkDnsLabel } from '../../../contract/kubernetes-names';
import { kubernetesSubject } from '../../../contract/identity/identity-names';
import {
  azureMlPipelineIdentityName, AzureMlPipelineJob, MODEL_DEPLOYER_SERVICE_ACCOUNT, MODEL_PUBLISHER_SERVICE_ACCOUNT,
} from '../../../contract/azure-ml/azure-ml-google';
import { AzureWorkloadIdentity } from '../workload-identity';

export interface AzureMlPipelineIdentitiesProps {
  /** Workspace name; the identities are named after it. */
  readonly workspaceName: string;
  /** Resource ID of the workspace registry, the one resource the publisher may read (AcrPull). */
  readonly containerRegistryId: string;
  /** Namespace on the AKS cluster where both jobs' ServiceAccounts live (the publisher namespace). */
  readonly namespace: string;
  /** The AKS cluster's OIDC issuer, with its trailing "/". */
  readonly issuerUrl: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export function azureMlPipelineIdentitiesRules(props: AzureMlPipelineIdentitiesProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  if (!isUnresolved(props.containerRegistryId)) {
    issues.check(/\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(props.containerRegistryId), 'containerRegistryId', props.containerRegistryId,
      'must be the resource ID of one container registry: AcrPull is granted on that registry and nothing wider');
  }
}

/**
 * One identity per job of the Azure ML -> Google pipeline, each trusting exactly one ServiceAccount:
 * - the publisher: AcrPull on the workspace registry and nothing else in Azure (the Google side adds Artifact
 *   Registry writer on one repository);
 * - the deployer: no Azure role at all (the Google side lets it impersonate the GKE deployer service account).
 * The Azure ML compute identities are deliberately not used: the inference one holds Storage Blob Data Contributor
 * on the whole workspace storage account, and the training one runs user code.
 */
export class AzureMlPipelineIdentities extends Construct {
  public readonly publisher: AzureWorkloadIdentity;
  public readonly deployer: AzureWorkloadIdentity;

  constructor(scope: Construct, id: string, props: AzureMlPipelineIdentitiesProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlPipelineIdentitiesRules(props, issues);
    issues.throwIfAny(this.node.path);

    const identity = (job: AzureMlPipelineJob, serviceAccount: string): AzureWorkloadIdentity => new AzureWorkloadIdentity(this, job, {
      name: azureMlPipelineIdentityName(props.workspaceName, job),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      federatedSubjects: [{ name: `aks-${props.namespace}-${serviceAccount}`, issuer: props.issuerUrl, subject: kubernetesSubject(props.namespace, serviceAccount) }],
      tags: props.tags,
    });
    this.publisher = identity('model-publisher', MODEL_PUBLISHER_SERVICE_ACCOUNT);
    // learn.microsoft.com/azure/container-registry/container-registry-roles: AcrPull reads images, nothing else.
    this.publisher.grant({ scope: props.containerRegistryId, roleDefinitionName: 'AcrPull' });
    this.deployer = identity('model-deployer', MODEL_DEPLOYER_SERVICE_ACCOUNT);
  }
}
