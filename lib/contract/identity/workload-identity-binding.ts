import { Issues } from '../../core/validation';
import { checkGkeName, checkLocation, checkProjectId, checkServiceAccountId } from '../gcp-names';
import { checkDnsLabel } from '../kubernetes-names';
import { gkeIssuerUrl, kubernetesSubject } from './identity-names';
import { googleSubjectRules, issuerUrlRules, poolOrProviderIdRules, tenantIdRules } from './identity-rules';
import { isUnresolved } from '../../core/unresolved';

/**
 * A workload bound to a cloud identity, described as plain data so the Terraform app (which creates the
 * identity, its trust and its grants) and the Kubernetes app (which writes the ServiceAccount, token
 * volumes and env) read the same object. The mechanism follows from where the pod runs and which cloud
 * it calls; see `bindingMechanism`. Only this file's types and pure functions are shared: it loads no
 * provider bindings, so the Kubernetes side stays light.
 */
export interface WorkloadIdentityBinding {
  /** Lowercase name, unique in the environment; it names Terraform outputs (`<name>_client_id`) and resources. */
  readonly name: string;
  /** The Kubernetes ServiceAccount whose pods get the identity. */
  readonly workload: KubernetesWorkloadRef;
  /** The cloud identity the pods act as. */
  readonly identity: CloudIdentityRef;
}

export interface KubernetesWorkloadRef {
  readonly cluster: ClusterRef;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export type ClusterRef = AksClusterRef | GkeClusterRef;

export interface AksClusterRef {
  readonly cloud: 'azure';
  /** Cluster name as in the environment config. */
  readonly name: string;
  /**
   * The cluster's OIDC issuer URL, with its trailing "/". A cdktf token (`aks.oidcIssuerUrl`) works when
   * the Terraform side lives in the same app. Only the Terraform side needs it.
   * @default none; Terraform bindings that trust the cluster fail validation without it
   */
  readonly issuerUrl?: string;
}

export interface GkeClusterRef {
  readonly cloud: 'gcp';
  readonly name: string;
  readonly projectId: string;
  /** Region or zone of the cluster; the issuer URL uses it. */
  readonly location: string;
}

export type CloudIdentityRef = AzureManagedIdentityRef | GoogleIdentityRef;

/** An Azure role at one scope, for example Key Vault Secrets User on one vault. */
export interface AzureRoleGrant {
  /** Resource ID of the narrowest scope that works (a vault, a storage container), not a subscription. */
  readonly scope: string;
  /** Built-in or custom role name, for example "Key Vault Secrets User". */
  readonly roleDefinitionName: string;
}

export interface AzureManagedIdentityRef {
  readonly cloud: 'azure';
  /** Terraform stack that creates the identity; the Kubernetes synth reads its outputs from there. */
  readonly stack: string;
  /** User-assigned managed identity name. Bindings naming the same identity share it and its 20 credentials. */
  readonly identityName: string;
  readonly resourceGroupName: string;
  /** Azure region of the identity. */
  readonly location: string;
  readonly tenantId: string;
  /** @default [] */
  readonly roleAssignments?: readonly AzureRoleGrant[];
}

/** A Google IAM role on one resource. Project-wide grants are deliberately not offered. */
export type GoogleRoleGrant =
  | { readonly kind: 'storage-bucket'; readonly bucket: string; readonly role: string }
  | { readonly kind: 'artifact-registry-repository'; readonly project: string; readonly location: string; readonly repository: string; readonly role: string }
  | { readonly kind: 'secret-manager-secret'; readonly project: string; readonly secretId: string; readonly role: string };

export interface GoogleIdentityRef {
  readonly cloud: 'gcp';
  /** Terraform stack that creates the grants; the Kubernetes synth reads its outputs from there. */
  readonly stack: string;
  readonly projectId: string;
  /**
   * The project's number. Principals and audiences need it; when unset it is read in Terraform and,
   * on the Kubernetes side, from the stack's `<binding>_project_number` output.
   * @default read after apply
   */
  readonly projectNumber?: string;
  /**
   * Account ID of a Google service account to impersonate. Unset grants roles to the federated
   * principal directly, which Google recommends where the product supports it.
   * @default direct principal access
   */
  readonly serviceAccountId?: string;
  /** @default [] */
  readonly grants?: readonly GoogleRoleGrant[];
  /**
   * The workload identity pool and provider that trust an AKS cluster. Required when the workload runs
   * on AKS; GKE workloads use the project's built-in `<project>.svc.id.goog` pool.
   * @default none
   */
  readonly federation?: GoogleFederationRef;
}

export interface GoogleFederationRef {
  /** Pool ID. Deleted pools keep their ID for 30 days, so a destroyed pool cannot be recreated under the same ID at once. */
  readonly poolId: string;
  /**
   * Provider ID for the workload's cluster; every binding from one cluster into one pool shares it.
   * @default the cluster name
   */
  readonly providerId?: string;
}

/** Azure grants stay at a resource group or narrower: a subscription-wide role is never what a workload needs. */
export function azureRoleGrantRules(grants: readonly AzureRoleGrant[], issues: Issues): void {
  grants.forEach((grant, i) => {
    if (isUnresolved(grant.scope)) return;
    issues.at(i).check(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/|$)/i.test(grant.scope), 'scope', grant.scope,
      'must be a resource group or narrower resource ID; subscription-wide grants are not offered');
  });
}

/** How a binding works, derived from where the pod runs and which cloud it calls. */
export type BindingMechanism =
  /** AKS pod -> Azure: the AKS workload identity webhook injects the token and env. */
  | 'aks-workload-identity'
  /** GKE pod -> Google through a Google service account named in the ServiceAccount annotation. */
  | 'gke-service-account'
  /** GKE pod -> Google with roles granted to the Kubernetes principal itself. */
  | 'gke-direct'
  /** AKS pod -> Google: projected token for the pool provider's audience, external_account credential file. */
  | 'aks-to-google'
  /** GKE pod -> Azure: projected token for api://AzureADTokenExchange, Azure env vars set by hand (no webhook on GKE). */
  | 'gke-to-azure';

export function bindingMechanism(binding: WorkloadIdentityBinding): BindingMechanism {
  const { cluster } = binding.workload;
  const { identity } = binding;
  if (cluster.cloud === 'azure') return identity.cloud === 'azure' ? 'aks-workload-identity' : 'aks-to-google';
  if (identity.cloud === 'azure') return 'gke-to-azure';
  return identity.serviceAccountId === undefined ? 'gke-direct' : 'gke-service-account';
}

/** The issuer whose tokens the binding's trust names: the AKS issuer as given, or the GKE issuer derived. */
export function clusterIssuerUrl(cluster: ClusterRef): string | undefined {
  return cluster.cloud === 'azure' ? cluster.issuerUrl : gkeIssuerUrl(cluster.projectId, cluster.location, cluster.name);
}

/** The provider ID an AKS -> Google binding uses in its pool. */
export function federationProviderId(binding: WorkloadIdentityBinding): string | undefined {
  if (binding.identity.cloud !== 'gcp' || binding.workload.cluster.cloud !== 'azure') return undefined;
  return binding.identity.federation?.providerId ?? binding.workload.cluster.name;
}

/** Identifies the cloud identity, so two bindings of one workload can be compared. */
export function identityKey(identity: CloudIdentityRef): string {
  return identity.cloud === 'azure'
    ? `azure managed identity ${identity.resourceGroupName}/${identity.identityName}`
    : `google ${identity.serviceAccountId === undefined ? 'direct principal' : `service account ${identity.serviceAccountId}`} in ${identity.projectId}`;
}

/** Checks one binding on its own. `needsIssuer` is set by the Terraform side, which must know the AKS issuer. */
export function workloadIdentityBindingRules(binding: WorkloadIdentityBinding, issues: Issues, needsIssuer = false): void {
  checkDnsLabel(issues, 'name', binding.name);
  const workload = issues.at('workload');
  checkDnsLabel(workload, 'namespace', binding.workload.namespace);
  checkDnsLabel(workload, 'serviceAccount', binding.workload.serviceAccount);
  const { cluster } = binding.workload;
  if (cluster.cloud === 'azure') {
    if (cluster.issuerUrl !== undefined) issuerUrlRules(workload.at('cluster'), 'issuerUrl', 'aks', cluster.issuerUrl);
    else if (needsIssuer) workload.at('cluster').add('issuerUrl', undefined, 'is required to trust an AKS cluster; pass the cluster\'s oidcIssuerUrl (with its trailing "/")');
  } else {
    const at = workload.at('cluster');
    // Each part is checked on its own, so the derived issuer (https://container.googleapis.com/v1/...) is well formed.
    if (checkProjectId(at, 'projectId', cluster.projectId) && checkLocation(at, 'location', cluster.location) && checkGkeName(at, 'name', cluster.name)) {
      issuerUrlRules(at, 'issuer', 'gke', gkeIssuerUrl(cluster.projectId, cluster.location, cluster.name));
    }
  }

  const mechanism = bindingMechanism(binding);
  const identity = issues.at('identity');
  if (binding.identity.cloud === 'azure') {
    tenantIdRules(identity, 'tenantId', binding.identity.tenantId);
    azureRoleGrantRules(binding.identity.roleAssignments ?? [], identity.at('roleAssignments'));
    return;
  }
  const google = binding.identity;
  checkProjectId(identity, 'projectId', google.projectId);
  if (google.serviceAccountId !== undefined) {
    checkServiceAccountId(identity, 'serviceAccountId', google.serviceAccountId);
  }
  if (google.projectNumber !== undefined) identity.check(/^[0-9]{1,20}$/.test(google.projectNumber), 'projectNumber', google.projectNumber, 'must be the numeric project number, not the project ID');
  if (mechanism === 'aks-to-google') {
    if (!identity.check(google.federation !== undefined, 'federation', undefined, 'is required when an AKS workload calls Google: name the workload identity pool that trusts the cluster')) return;
    poolOrProviderIdRules(identity.at('federation'), 'poolId', google.federation!.poolId);
    poolOrProviderIdRules(identity.at('federation'), 'providerId', federationProviderId(binding)!);
    googleSubjectRules(workload, 'serviceAccount', kubernetesSubject(binding.workload.namespace, binding.workload.serviceAccount));
  } else {
    identity.check(google.federation === undefined, 'federation', google.federation, 'applies only to AKS workloads; GKE workloads use the project\'s <project>.svc.id.goog pool');
  }
}

/**
 * Checks a set of bindings together: unique names, no workload bound twice to different identities of
 * one cloud (a ServiceAccount carries one Azure client ID and one Google service account), and one
 * provider per AKS cluster and pool.
 */
export function workloadIdentityBindingSetRules(bindings: readonly WorkloadIdentityBinding[], issues: Issues, needsIssuer = false): void {
  const names = new Map<string, number>();
  const byWorkload = new Map<string, WorkloadIdentityBinding>();
  const providerByCluster = new Map<string, string>();
  bindings.forEach((binding, i) => {
    const at = issues.at(i);
    workloadIdentityBindingRules(binding, at, needsIssuer);
    const earlier = names.get(binding.name);
    at.check(earlier === undefined, 'name', binding.name, `must be unique; bindings[${earlier}] has it too`);
    names.set(binding.name, i);

    const { cluster, namespace, serviceAccount } = binding.workload;
    const workloadKey = `${cluster.cloud}:${cluster.name}/${namespace}/${serviceAccount} -> ${binding.identity.cloud}`;
    const bound = byWorkload.get(workloadKey);
    if (bound && identityKey(bound.identity) !== identityKey(binding.identity)) {
      at.add('identity', identityKey(binding.identity),
        `conflicts with binding "${bound.name}": ${cluster.name}/${namespace}/${serviceAccount} is already bound to ${identityKey(bound.identity)}, and a ServiceAccount can carry one identity per cloud`);
    } else if (!bound) {
      byWorkload.set(workloadKey, binding);
    }

    const providerId = federationProviderId(binding);
    if (providerId !== undefined && binding.identity.cloud === 'gcp') {
      const poolKey = `${binding.identity.projectId}/${binding.identity.federation?.poolId}`;
      const clusterKey = `${poolKey}/${cluster.name}`;
      const known = providerByCluster.get(clusterKey);
      at.check(known === undefined || known === providerId, 'identity.federation.providerId', providerId, `must match the provider "${known}" already trusting cluster ${cluster.name} in pool ${poolKey}`);
      for (const [otherCluster, otherProvider] of providerByCluster) {
        if (otherProvider === providerId && otherCluster.startsWith(`${poolKey}/`) && otherCluster !== clusterKey) {
          at.add('identity.federation.providerId', providerId, `is already the provider of another cluster (${otherCluster.slice(poolKey.length + 1)}) in pool ${poolKey}; each issuer needs its own provider`);
        }
      }
      providerByCluster.set(clusterKey, providerId);
    }
  });
}
