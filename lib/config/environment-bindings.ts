import { canonicalTenantId } from '../contract/identity/identity-names';
import { Issues } from '../core/validation';
import { ClusterRef, WorkloadIdentityBinding, workloadIdentityBindingSetRules } from '../contract/identity/workload-identity-binding';
import { EnvironmentConfig, IdentityConfig } from './environment';

/** The pool AKS clusters and Entra ID federate into, unless the environment names another. */
export function federationPoolId(env: EnvironmentConfig): string {
  return env.gcp?.federationPoolId ?? `mlmesh-${env.name}`;
}

/**
 * The full bindings of an environment, derived from its short `identities` entries: clusters, issuers,
 * stacks, tenant, project and pool come from the rest of the config, so each fact is written once.
 * `aksIssuerUrl` is the AKS cluster's issuer (a cdktf token on the Terraform side; unused by Kubernetes).
 */
export function environmentBindings(env: EnvironmentConfig, aksIssuerUrl?: string): WorkloadIdentityBinding[] {
  return (env.identities ?? []).flatMap((identity) => {
    const binding = toBinding(env, identity, aksIssuerUrl);
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
  workloadIdentityBindingSetRules(environmentBindings(env, issuer), issues);
}

function clusterRef(env: EnvironmentConfig, runsOn: 'azure' | 'gcp', aksIssuerUrl?: string): ClusterRef | undefined {
  if (runsOn === 'azure') return env.azure ? { cloud: 'azure', name: env.azure.cluster.name, issuerUrl: aksIssuerUrl } : undefined;
  return env.gcp ? { cloud: 'gcp', name: env.gcp.cluster.name, projectId: env.gcp.project, location: env.gcp.region } : undefined;
}

function toBinding(env: EnvironmentConfig, identity: IdentityConfig, aksIssuerUrl?: string): WorkloadIdentityBinding | undefined {
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
        resourceGroupName: env.azure.resourceGroupName,
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
