import { AZURE_TOKEN_EXCHANGE_AUDIENCE, canonicalTenantId, kubernetesSubject } from '../contract/identity/identity-names';
import { federatedCredentialRules } from '../contract/identity/identity-rules';
import { Issues } from '../core/validation';
import {
  AzureManagedIdentityRef, clusterIssuerUrl, ClusterRef, identityKey, WorkloadIdentityBinding, workloadIdentityBindingSetRules,
} from '../contract/identity/workload-identity-binding';
import { EnvironmentConfig, IdentityConfig } from './environment';
import { trainingDataIdentities } from './training-data';

/** The pool AKS clusters and Entra ID federate into, unless the environment names another. */
export function federationPoolId(env: EnvironmentConfig): string {
  return env.gcp?.federationPoolId ?? `mlmesh-${env.name}`;
}

/**
 * The full bindings of an environment, derived from its short `identities` entries and from what its workloads need
 * (the training jobs' data readers, `trainingDataIdentities`): clusters, issuers, stacks, tenant, project and pool come
 * from the rest of the config, so each fact is written once.
 * `aksIssuerUrl` is the AKS cluster's issuer, and `azureResourceGroupName` the name of the resource group the Azure
 * stack creates: both cdktf tokens on the Terraform side, so the identities reference what the stack creates and wait
 * for it (unused by Kubernetes; the group's name from the config otherwise).
 */
export function environmentBindings(env: EnvironmentConfig, aksIssuerUrl?: string, azureResourceGroupName?: string): WorkloadIdentityBinding[] {
  return [...(env.identities ?? []), ...trainingDataIdentities(env)].flatMap((identity) => {
    const binding = toBinding(env, identity, aksIssuerUrl, azureResourceGroupName);
    return binding ? [binding] : [];
  });
}

/** Checks the short entries (what toBinding needs), then the derived bindings with the federation rules. */
export function environmentIdentityRules(env: EnvironmentConfig, issues: Issues): void {
  const identities = env.identities ?? [];
  identities.forEach((identity, i) => {
    const at = issues.at(i);
    at.check((identity.azure === undefined) !== (identity.google === undefined), 'azure', identity.azure,
      'set exactly one of azure or google: a binding reaches one cloud identity');
    const cluster = identity.runsOn === 'azure' ? env.azure : env.gcp;
    at.check(cluster !== undefined, 'runsOn', identity.runsOn, `the environment has no ${identity.runsOn} cluster for the workload to run on`);
    if (identity.azure) at.check(env.azure !== undefined, 'azure', identity.azure, 'an Azure identity needs the environment\'s azure section (tenant, resource group, location)');
    if (identity.google) at.check(env.gcp !== undefined, 'google', identity.google, 'a Google identity needs the environment\'s gcp section (project)');
  });
  if (issues.all.length > 0) return;
  // The AKS issuer is known only after apply; a stand-in of the right form lets the rules check everything else.
  const issuer = env.azure ? `https://${env.azure.location}.oic.prod-aks.azure.com/${canonicalTenantId(env.azure.tenantId)}/00000000-0000-0000-0000-000000000000/` : undefined;
  const bindings = environmentBindings(env, issuer);
  workloadIdentityBindingSetRules(bindings, issues);
  credentialLimitRules(bindings, issues);
}

/**
 * Identities that name the same managed identity each add a federated credential to it, as the Azure stack will
 * (AzureWorkloadIdentity.trust): its credential rules (at most 20, unique names and subjects) run on that set here,
 * reported at the identities that break them. `bindings` are one per identity entry, in order.
 */
function credentialLimitRules(bindings: readonly WorkloadIdentityBinding[], issues: Issues): void {
  const byIdentity = new Map<string, number[]>();
  bindings.forEach((binding, i) => {
    if (binding.identity.cloud === 'azure') byIdentity.set(identityKey(binding.identity), [...(byIdentity.get(identityKey(binding.identity)) ?? []), i]);
  });
  const configField: Record<string, string> = { name: 'name', subject: 'serviceAccount' };
  for (const entries of byIdentity.values()) {
    const facts = entries.map((i) => {
      const { cluster, namespace, serviceAccount } = bindings[i].workload;
      return { name: bindings[i].name, issuer: clusterIssuerUrl(cluster) ?? '', subject: kubernetesSubject(namespace, serviceAccount), audience: AZURE_TOKEN_EXCHANGE_AUDIENCE };
    });
    const found = new Issues();
    federatedCredentialRules(facts, found);
    for (const issue of found.all) {
      const credential = /^federatedCredentials\[(\d+)\]\.(\w+)$/.exec(issue.field);
      const identityName = (bindings[entries[0]].identity as AzureManagedIdentityRef).identityName;
      if (issue.field === 'federatedCredentials') issues.at(entries[entries.length - 1]).add('azure.identityName', identityName, `${issue.rule}: ${entries.length} identities of this environment share it`);
      else if (credential && configField[credential[2]]) issues.at(entries[Number(credential[1])]).add(configField[credential[2]], issue.value, issue.rule);
    }
  }
}

function clusterRef(env: EnvironmentConfig, runsOn: 'azure' | 'gcp', aksIssuerUrl?: string): ClusterRef | undefined {
  if (runsOn === 'azure') return env.azure ? { cloud: 'azure', name: env.azure.cluster.name, issuerUrl: aksIssuerUrl } : undefined;
  return env.gcp ? { cloud: 'gcp', name: env.gcp.cluster.name, projectId: env.gcp.project, location: env.gcp.region } : undefined;
}

function toBinding(env: EnvironmentConfig, identity: IdentityConfig, aksIssuerUrl?: string, azureResourceGroupName?: string): WorkloadIdentityBinding | undefined {
  const cluster = clusterRef(env, identity.runsOn, aksIssuerUrl);
  if (!cluster) return undefined;
  const workload = { cluster, namespace: identity.namespace, serviceAccount: identity.serviceAccount };
  if (identity.azure && env.azure) {
    return {
      name: identity.name,
      workload,
      identity: {
        cloud: 'azure',
        stack: `${env.name}-azure`,
        identityName: identity.azure.identityName ?? `id-${identity.name}`,
        resourceGroupName: azureResourceGroupName ?? env.azure.resourceGroupName,
        location: env.azure.location,
        tenantId: canonicalTenantId(env.azure.tenantId),
        roleAssignments: identity.azure.roleAssignments ?? [],
      },
    };
  }
  if (identity.google && env.gcp) {
    return {
      name: identity.name,
      workload,
      identity: {
        cloud: 'gcp',
        stack: `${env.name}-gcp`,
        projectId: env.gcp.project,
        projectNumber: env.gcp.projectNumber,
        serviceAccountId: identity.google.serviceAccountId,
        grants: identity.google.grants ?? [],
        // Only AKS workloads federate through a pool; GKE ones use the project's built-in pool.
        federation: identity.runsOn === 'azure' ? { poolId: federationPoolId(env) } : undefined,
      },
    };
  }
  return undefined;
}
