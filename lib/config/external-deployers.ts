import { Issues } from '../core/validation';
import { MODEL_DEPLOYER_SERVICE_ACCOUNT, MODEL_PUBLISHER_SERVICE_ACCOUNT } from '../contract/azure-ml/azure-ml-google';
import { EnvironmentConfig } from './environment';
import { environmentBindings } from './environment-bindings';

// Anyone who may create pods in a namespace may run them as any ServiceAccount of that namespace, and so borrow the
// cloud identity federated with it. A principal from outside the platform that writes workloads must therefore only
// ever write them where no ServiceAccount carries a cloud identity.

/** A ServiceAccount that signs in to a cloud identity. */
export interface IdentityBearingServiceAccount {
  readonly cloud: 'azure' | 'gcp';
  readonly namespace: string;
  readonly serviceAccount: string;
  /** What makes it identity-bearing, for messages. */
  readonly source: string;
}

/** A namespace where a principal from outside the platform writes workloads. */
export interface ExternalDeployerNamespace {
  readonly cloud: 'azure' | 'gcp';
  readonly namespace: string;
  /** Who writes there. */
  readonly deployer: string;
  /** The config field that put it there. */
  readonly field: string;
}

/** Every identity-bearing ServiceAccount of the environment: the bindings' workloads and the Azure ML pipeline's two. */
export function identityBearingServiceAccounts(env: EnvironmentConfig): IdentityBearingServiceAccount[] {
  const bound = environmentBindings(env).map((b) => ({
    cloud: b.workload.cluster.cloud, namespace: b.workload.namespace, serviceAccount: b.workload.serviceAccount, source: `identity binding "${b.name}"`,
  }));
  const publisher = env.azure?.azureMl?.google?.publisher;
  const pipeline = publisher ? [MODEL_PUBLISHER_SERVICE_ACCOUNT, MODEL_DEPLOYER_SERVICE_ACCOUNT].map((serviceAccount) => ({
    cloud: 'azure' as const, namespace: publisher.namespace, serviceAccount, source: `the Azure ML pipeline's ${serviceAccount} identity`,
  })) : [];
  return [...bound, ...pipeline];
}

/**
 * Namespaces an outside principal writes workloads into: the GKE namespace the Azure ML deployer may change
 * (Deployments, through its RoleBinding), and each Azure ML compute namespace, where the workspace creates pods
 * through AKS Trusted Access and runs user code.
 */
export function externalDeployerNamespaces(env: EnvironmentConfig): ExternalDeployerNamespace[] {
  const azureMl = env.azure?.azureMl;
  if (!azureMl) return [];
  const computes = azureMl.computes.map((c, i) => ({
    cloud: 'azure' as const, namespace: c.namespace, deployer: `Azure ML workspace ${azureMl.workspaceName} (compute ${c.name})`, field: `azure.azureMl.computes[${i}].namespace`,
  }));
  const google = azureMl.google;
  const gke = google && env.gcp ? [{
    cloud: 'gcp' as const, namespace: google.deployNamespace, deployer: 'the Azure ML deployer (RoleBinding on Deployments)', field: 'azure.azureMl.google.deployNamespace',
  }] : [];
  return [...computes, ...gke];
}

/** Refuses an external deployer in a namespace that holds an identity-bearing ServiceAccount of the same cluster. */
export function externalDeployerRules(env: EnvironmentConfig, issues: Issues): void {
  const bearers = identityBearingServiceAccounts(env);
  for (const target of externalDeployerNamespaces(env)) {
    const there = bearers.filter((b) => b.cloud === target.cloud && b.namespace === target.namespace);
    if (there.length === 0) continue;
    issues.add(target.field, target.namespace,
      `${target.deployer} may create workloads in this namespace, where ServiceAccount(s) ${there.map((b) => `${b.serviceAccount} (${b.source})`).join(', ')} carry a cloud identity; `
      + 'a workload it creates could run as them and mint their tokens. Give the deployer a namespace of its own, with no identity-bearing ServiceAccount');
  }
}
