import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureWorkloadIdentity } from '../azure/workload-identity';
import { Issues } from '../../core/validation';
import { GoogleWorkloadIdentity, gkeWorkloadIdentity } from '../gcp/google-workload-identity';
import { GoogleFederationPool } from './google-federation-pool';
import { bindingOutputName, kubernetesSubject } from '../../contract/identity/identity-names';
import {
  AzureManagedIdentityRef, GoogleIdentityRef, WorkloadIdentityBinding, bindingMechanism, clusterIssuerUrl, federationProviderId,
  identityKey, workloadIdentityBindingSetRules,
} from '../../contract/identity/workload-identity-binding';

export interface WorkloadIdentityBindingsProps {
  /** Which side this stack builds: the identities of bindings whose `identity.cloud` is this. */
  readonly cloud: 'azure' | 'gcp';
  /** Every binding of the environment; those of the other cloud are ignored here. */
  readonly bindings: readonly WorkloadIdentityBinding[];
  /**
   * What Google bindings to `<project>.svc.id.goog` wait for: the GKE clusters, since that pool exists only
   * once a workload-identity cluster does ("Identity Pool does not exist" otherwise).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Terraform output names a binding publishes for the Kubernetes synth. */
export const BINDING_OUTPUTS = {
  /** Managed identity client ID (Azure bindings). */
  clientId: 'client_id',
  /** Google project number (AKS -> Google bindings, for the provider audience). */
  projectNumber: 'project_number',
} as const;

export function workloadIdentityBindingsRules(props: WorkloadIdentityBindingsProps, issues: Issues, stackName?: string): void {
  const mine = props.bindings.filter((b) => b.identity.cloud === props.cloud);
  workloadIdentityBindingSetRules(mine, issues.at('bindings'), true);
  const accounts = new Map<string, string>();
  mine.forEach((binding, i) => {
    const at = issues.at('bindings').at(i);
    if (stackName !== undefined) {
      at.check(binding.identity.stack === stackName, 'identity.stack', binding.identity.stack,
        `must be the stack that creates the identity (${stackName}); the Kubernetes synth reads the binding's outputs from it`);
    }
    if (binding.identity.cloud === 'gcp' && binding.identity.serviceAccountId !== undefined) {
      const key = `${binding.identity.projectId}/${binding.identity.serviceAccountId}`;
      const owner = accounts.get(key);
      at.check(owner === undefined, 'identity.serviceAccountId', binding.identity.serviceAccountId,
        `is already impersonated by binding "${owner}"; give each workload its own service account so its roles stay its own`);
      accounts.set(key, binding.name);
    }
  });
}

/**
 * The Terraform half of a set of workload identity bindings, for one cloud: managed identities with
 * their federated credentials and roles (Azure), or pools, providers, service accounts and grants
 * (Google). Each binding publishes the values the Kubernetes half needs as `<binding>_<value>` outputs.
 */
export class WorkloadIdentityBindings extends Construct {
  /** Managed identities by name (Azure side). */
  public readonly azureIdentities = new Map<string, AzureWorkloadIdentity>();
  /** Federation pools by ID (Google side). */
  public readonly pools = new Map<string, GoogleFederationPool>();
  /** Google access of each binding, by binding name. */
  public readonly googleIdentities = new Map<string, GoogleWorkloadIdentity>();

  constructor(scope: Construct, id: string, props: WorkloadIdentityBindingsProps) {
    super(scope, id);
    const issues = new Issues();
    workloadIdentityBindingsRules(props, issues, TerraformStack.of(this).node.id);
    issues.throwIfAny(this.node.path);

    const mine = props.bindings.filter((b) => b.identity.cloud === props.cloud);
    if (props.cloud === 'azure') this.buildAzure(mine, props);
    else this.buildGoogle(mine, props);
  }

  private buildAzure(bindings: readonly WorkloadIdentityBinding[], props: WorkloadIdentityBindingsProps): void {
    for (const binding of bindings) {
      const target = binding.identity as AzureManagedIdentityRef;
      let identity = this.azureIdentities.get(identityKey(target));
      if (!identity) {
        identity = new AzureWorkloadIdentity(this, target.identityName, {
          name: target.identityName,
          resourceGroupName: target.resourceGroupName,
          location: target.location,
          tags: props.tags,
        });
        this.azureIdentities.set(identityKey(target), identity);
      }
      identity.trust({
        name: binding.name,
        issuer: clusterIssuerUrl(binding.workload.cluster)!,
        subject: kubernetesSubject(binding.workload.namespace, binding.workload.serviceAccount),
      });
      (target.roleAssignments ?? []).forEach((grant) => identity.grant(grant));
      identity.outputClientId(bindingOutputName(binding.name, BINDING_OUTPUTS.clientId));
    }
  }

  private buildGoogle(bindings: readonly WorkloadIdentityBinding[], props: WorkloadIdentityBindingsProps): void {
    // AKS -> Google: one provider per cluster and pool, admitting exactly the bound ServiceAccounts.
    const federated = bindings.filter((b) => bindingMechanism(b) === 'aks-to-google');
    const providers = new Map<string, ReturnType<GoogleFederationPool['trustKubernetesIssuer']>>();
    for (const binding of federated) {
      const target = binding.identity as GoogleIdentityRef;
      const poolKey = `${target.projectId}/${target.federation!.poolId}`;
      let pool = this.pools.get(poolKey);
      if (!pool) {
        pool = new GoogleFederationPool(this, `pool-${target.federation!.poolId}`, { projectId: target.projectId, poolId: target.federation!.poolId });
        this.pools.set(poolKey, pool);
      }
      const providerId = federationProviderId(binding)!;
      if (!providers.has(`${poolKey}/${providerId}`)) {
        const sameCluster = federated.filter((b) => (b.identity as GoogleIdentityRef).federation!.poolId === target.federation!.poolId && federationProviderId(b) === providerId);
        providers.set(`${poolKey}/${providerId}`, pool.trustKubernetesIssuer({
          providerId,
          issuerUrl: clusterIssuerUrl(binding.workload.cluster)!,
          serviceAccounts: sameCluster.map((b) => ({ namespace: b.workload.namespace, serviceAccount: b.workload.serviceAccount })),
        }));
      }
      const provider = providers.get(`${poolKey}/${providerId}`)!;
      this.googleIdentities.set(binding.name, new GoogleWorkloadIdentity(this, binding.name, {
        projectId: target.projectId,
        workloadMember: provider.principal(kubernetesSubject(binding.workload.namespace, binding.workload.serviceAccount)),
        serviceAccountId: target.serviceAccountId,
        grants: target.grants,
      }));
      if (target.projectNumber === undefined) pool.outputProjectNumber(bindingOutputName(binding.name, BINDING_OUTPUTS.projectNumber));
    }

    // GKE -> Google: the project's own pool.
    for (const binding of bindings.filter((b) => bindingMechanism(b) !== 'aks-to-google')) {
      const target = binding.identity as GoogleIdentityRef;
      this.googleIdentities.set(binding.name, gkeWorkloadIdentity(this, binding.name, {
        projectId: target.projectId,
        projectNumber: target.projectNumber,
        namespace: binding.workload.namespace,
        serviceAccount: binding.workload.serviceAccount,
        serviceAccountId: target.serviceAccountId,
        grants: target.grants,
        dependsOn: props.dependsOn,
      }));
    }
  }
}
