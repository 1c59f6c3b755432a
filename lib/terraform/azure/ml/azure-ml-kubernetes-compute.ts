import { ITerraformDependable } from 'cdktf';
import { AZURE_ML_TRUSTED_ACCESS_ROLE,azureMlKubernetesComputeRules,defaultBindingName } from './azure-ml-kubernetes-compute-rules';
import { Construct } from 'constructs';
import { Issues } from '../../../core/validation';
import { AzapiResource } from '../../internal/azapi';
import { KubernetesClusterTrustedAccessRoleBinding,RoleAssignment,UserAssignedIdentity } from '../../internal/azurerm';
import { AksNodePoolSpec } from '../aks-types';
import { AzureMlWorkspaceRef } from './azure-ml-workspace';
import { AZURE_ML_DEFAULT_INSTANCE_TYPE,AzureMlInstanceTypeSpec,toComputeInstanceTypes } from '../../../contract/azure-ml/instance-types';

/**
 * API version of the compute. azurerm 4.55 vendors this version of the Machine Learning SDK, so the azapi
 * provider's embedded schema knows it; 2025-09-01 and 2025-12-01 exist with the same Kubernetes body.
 */
export const AZURE_ML_COMPUTE_API_VERSION = '2025-06-01';

export interface AzureMlKubernetesComputeProps {
  /** The workspace the cluster is attached to. */
  readonly workspace: AzureMlWorkspaceRef;
  /** Compute name in the workspace, 2-16 characters. Replaces the compute when changed. */
  readonly name: string;
  /** AKS resource ID. Replaces the compute when changed. */
  readonly clusterId: string;
  /** The cluster's region (also the identity's and the compute's). */
  readonly location: string;
  /** Resource group for the compute's identity. */
  readonly resourceGroupName: string;
  /** Namespace jobs and deployments run in; it must exist before the compute attaches. */
  readonly namespace: string;
  /**
   * What creates `namespace` on the cluster (the platform's `azureml-namespaces` release): Azure ML refuses to attach a
   * compute to a namespace that does not exist.
   * @default none: the namespace exists already
   */
  readonly namespaceCreatedBy?: ITerraformDependable;
  /** Instance types of this compute, including `defaultinstancetype`. */
  readonly instanceTypes: readonly AzureMlInstanceTypeSpec[];
  /** The cluster's User pools, to check that every instance type lands on a pool Azure ML can use. */
  readonly pools: readonly AksNodePoolSpec[];
  /** The AzureML extension on the cluster; the compute is created after it. */
  readonly extension: ITerraformDependable;
  /**
   * The cluster's local accounts are disabled (the platform's default), so the workspace can reach the cluster
   * only through AKS Trusted Access.
   * @default true
   */
  readonly clusterLocalAccountsDisabled?: boolean;
  /**
   * Bind the workspace to the cluster with Trusted Access. One binding per workspace and cluster: when two
   * computes of one workspace share a cluster, set it on one of them only.
   * @default true
   */
  readonly trustedAccess?: boolean;
  /**
   * The Trusted Access binding another compute of the same workspace and cluster created; this compute then
   * depends on it instead of creating its own.
   * @default none
   */
  readonly sharedTrustedAccessBinding?: KubernetesClusterTrustedAccessRoleBinding;
  /** Trusted Access binding name, 1-24 letters, digits or '-'. @default 'aml-<compute name>' */
  readonly trustedAccessBindingName?: string;
  /** Name of the compute's user-assigned identity. @default '<compute name>-identity' */
  readonly identityName?: string;
  /**
   * What must exist before the cluster is attached, on top of the extension and the grants: the private endpoints and
   * DNS through which the compute's pods reach the workspace, its storage and registry.
   * @default none
   */
  readonly reachableThrough?: readonly ITerraformDependable[];
  /** @default the compute name */
  readonly description?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AKS cluster attached to a workspace as a Kubernetes compute (`azapi_resource`
 * Microsoft.MachineLearningServices/workspaces/computes, computeType Kubernetes; azurerm has no resource for it,
 * and its `machine_learning_inference_cluster` is the legacy AksCompute, which the library never emits).
 *
 * - One user-assigned identity (Kubernetes compute takes one identity, never both kinds) with AcrPull on the
 *   workspace registry and Storage Blob Data Contributor on its storage. It has no federated credential: Azure ML's
 *   own pods use it through the extension, and no other ServiceAccount may sign in as it (the model publisher has
 *   an identity of its own, `AzureMlPipelineIdentities`).
 * - The Trusted Access binding for the workspace, which the compute depends on: a compute attached before the
 *   binding exists does not work and must be re-attached.
 * - `namespace`, `defaultInstanceType` and `instanceTypes` in the body mirror the InstanceType resources the
 *   Kubernetes side writes from the same specs.
 */
export class AzureMlKubernetesCompute extends Construct {
  public readonly compute: AzapiResource;
  public readonly identity: UserAssignedIdentity;
  public readonly trustedAccessBinding?: KubernetesClusterTrustedAccessRoleBinding;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: AzureMlKubernetesComputeProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlKubernetesComputeRules(props, issues);
    issues.throwIfAny(this.node.path);

    this.namespace = props.namespace;
    const tags = { ...(props.tags ?? {}) };
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: props.identityName ?? `${props.name}-identity`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags,
    });

    const grants: ITerraformDependable[] = [];
    const grant = (id: string, scopeId: string | undefined, role: string): void => {
      if (scopeId === undefined) return;
      grants.push(new RoleAssignment(this, id, {
        scope: scopeId,
        roleDefinitionName: role,
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      }));
    };
    // learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace, "managed identity".
    grant('acr-pull', props.workspace.containerRegistryId, 'AcrPull');
    grant('blob-data', props.workspace.storageAccountId, 'Storage Blob Data Contributor');

    if (props.trustedAccess ?? true) {
      this.trustedAccessBinding = new KubernetesClusterTrustedAccessRoleBinding(this, 'trusted-access', {
        name: props.trustedAccessBindingName ?? defaultBindingName(props.name),
        kubernetesClusterId: props.clusterId,
        sourceResourceId: props.workspace.workspaceId,
        roles: [AZURE_ML_TRUSTED_ACCESS_ROLE],
      });
    }

    const binding = this.trustedAccessBinding ?? props.sharedTrustedAccessBinding;
    this.compute = new AzapiResource(this, 'compute', {
      type: `Microsoft.MachineLearningServices/workspaces/computes@${AZURE_ML_COMPUTE_API_VERSION}`,
      name: props.name,
      parentId: props.workspace.workspaceId,
      location: props.location,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      body: {
        properties: {
          computeType: 'Kubernetes',
          resourceId: props.clusterId,
          description: props.description ?? props.name,
          properties: {
            namespace: props.namespace,
            defaultInstanceType: AZURE_ML_DEFAULT_INSTANCE_TYPE,
            instanceTypes: toComputeInstanceTypes(props.instanceTypes),
          },
        },
      },
      dependsOn: [props.extension, ...(binding ? [binding] : []), ...grants, ...(props.reachableThrough ?? []), ...(props.namespaceCreatedBy ? [props.namespaceCreatedBy] : [])],
      // A compute created before its Trusted Access binding never works; replacing it re-attaches.
      ...(binding ? { lifecycle: { replaceTriggeredBy: [binding] } } : {}),
    });
  }
}
