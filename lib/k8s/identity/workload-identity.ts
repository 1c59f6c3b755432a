import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import {
  AZURE_PUBLIC_AUTHORITY_HOST, AZURE_TOKEN_EXCHANGE_AUDIENCE, bindingOutputName, googleServiceAccountEmail, providerTokenAudience,
  workloadIdentityPoolName, workloadIdentityProviderName,
} from '../../contract/identity/identity-names';
import {
  AzureManagedIdentityRef, GoogleIdentityRef, WorkloadIdentityBinding, bindingMechanism, federationProviderId, workloadIdentityBindingSetRules,
} from '../../contract/identity/workload-identity-binding';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { fileSourcedCredentialConfiguration } from './credential-configuration';
import {
  AZURE_CLIENT_ID_ANNOTATION, AZURE_TENANT_ID_ANNOTATION, AZURE_TOKEN_DIR, AZURE_TOKEN_FILE, AZURE_USE_LABEL, GKE_SERVICE_ACCOUNT_ANNOTATION,
  GOOGLE_CREDENTIALS_DIR, GOOGLE_CREDENTIALS_FILE, GOOGLE_TOKEN_DIR, NO_POD_IDENTITY, PodIdentity, mergePodIdentities,
} from './pod-identity';

/** Kubernetes refuses projected tokens shorter than 10 minutes (TokenRequest API, expirationSeconds). */
const MIN_TOKEN_SECONDS = 600;
/** One hour: what the Azure webhook projects by default and what Google's Kubernetes guide uses. */
const DEFAULT_TOKEN_SECONDS = 3600;
/** The Azure webhook's upper bound for `service-account-token-expiration`; a longer token outlives its purpose. */
const MAX_TOKEN_SECONDS = 86400;

export interface WorkloadIdentityProps {
  readonly namespace: string;
  /** The Kubernetes ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /**
   * The environment's bindings; those naming this cluster, namespace and ServiceAccount apply, the rest are
   * ignored, so the same list can be handed to every workload.
   */
  readonly bindings: readonly WorkloadIdentityBinding[];
  /**
   * Create the ServiceAccount here. Set false when the workload creates its own and merges
   * `podIdentity.serviceAccountAnnotations` into it.
   * @default true
   */
  readonly createServiceAccount?: boolean;
  /**
   * Lifetime of hand-projected tokens (AKS -> Google, GKE -> Azure); the kubelet refreshes them at 80%.
   * @default 3600
   */
  readonly tokenExpirationSeconds?: number;
}

export function workloadIdentityRules(props: WorkloadIdentityProps, cluster: { readonly name: string; readonly cloud: 'azure' | 'gcp' }, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  checkDnsLabel(issues, 'serviceAccountName', props.serviceAccountName);
  const seconds = props.tokenExpirationSeconds ?? DEFAULT_TOKEN_SECONDS;
  issues.check(Number.isInteger(seconds) && seconds >= MIN_TOKEN_SECONDS && seconds <= MAX_TOKEN_SECONDS, 'tokenExpirationSeconds', seconds,
    `must be a whole number of seconds from ${MIN_TOKEN_SECONDS} (Kubernetes minimum) to ${MAX_TOKEN_SECONDS}`);
  const mine = bindingsFor(props, cluster.name);
  mine.forEach((binding) => {
    const i = props.bindings.indexOf(binding);
    issues.at('bindings').at(i).check(binding.workload.cluster.cloud === cluster.cloud, 'workload.cluster.cloud', binding.workload.cluster.cloud,
      `must be the cloud of cluster ${cluster.name} (${cluster.cloud}); the mechanism depends on where the pod runs`);
  });
  workloadIdentityBindingSetRules(props.bindings, issues.at('bindings'));
}

function bindingsFor(props: WorkloadIdentityProps, clusterName: string): WorkloadIdentityBinding[] {
  return props.bindings.filter((b) => b.workload.cluster.name === clusterName && b.workload.namespace === props.namespace && b.workload.serviceAccount === props.serviceAccountName);
}

/**
 * The Kubernetes half of workload identity bindings for one ServiceAccount: its annotations, the
 * credential-configuration ConfigMap (AKS -> Google) and the pod pieces of every binding, in `podIdentity`.
 * Values known only after apply (client IDs, project numbers) come from the binding stacks' outputs.
 *
 * - AKS -> Azure: `azure.workload.identity/client-id` (+ tenant) on the ServiceAccount, `azure.workload.identity/use: "true"`
 *   on the pods; the webhook injects AZURE_* env and the token.
 * - GKE -> Google: `iam.gke.io/gcp-service-account` when a service account is impersonated, nothing for a direct principal.
 * - AKS -> Google: a token projected for the provider's audience, the credential file, GOOGLE_APPLICATION_CREDENTIALS.
 * - GKE -> Azure: a token projected for `api://AzureADTokenExchange` and the AZURE_* env the webhook would have set.
 */
export class WorkloadIdentity extends Construct {
  public readonly podIdentity: PodIdentity;
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  private configMap?: k8s.KubeConfigMap;
  private readonly props: WorkloadIdentityProps;
  private readonly context: ClusterContext;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    this.context = ClusterContext.of(this);
    const issues = new Issues();
    workloadIdentityRules(props, { name: this.context.clusterName, cloud: this.context.cloud }, issues);
    issues.throwIfAny(this.node.path);
    this.props = props;

    const parts: PodIdentity[] = [];
    for (const binding of bindingsFor(props, this.context.clusterName)) {
      switch (bindingMechanism(binding)) {
        case 'aks-workload-identity':
          parts.push(this.aksWorkloadIdentity(binding, binding.identity as AzureManagedIdentityRef));
          break;
        case 'gke-service-account':
          parts.push({ ...NO_POD_IDENTITY, serviceAccountAnnotations: { [GKE_SERVICE_ACCOUNT_ANNOTATION]: gsaEmail(binding.identity as GoogleIdentityRef) } });
          break;
        case 'gke-direct':
          break;
        case 'aks-to-google':
          parts.push(this.aksToGoogle(binding, binding.identity as GoogleIdentityRef));
          break;
        case 'gke-to-azure':
          parts.push(this.gkeToAzure(binding, binding.identity as AzureManagedIdentityRef));
          break;
      }
    }
    this.podIdentity = mergePodIdentities(parts);

    if (props.createServiceAccount ?? true) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: { name: props.serviceAccountName, namespace: props.namespace, annotations: { ...this.podIdentity.serviceAccountAnnotations } },
        // Pods get only the tokens they ask for (projected above, or by the Azure webhook), not the API token.
        automountServiceAccountToken: false,
      });
    }
  }

  /** The ConfigMap holding the Google credential configuration, for AKS -> Google bindings. */
  public get credentialConfigMap(): k8s.KubeConfigMap | undefined {
    return this.configMap;
  }

  private get tokenSeconds(): number {
    return this.props.tokenExpirationSeconds ?? DEFAULT_TOKEN_SECONDS;
  }

  private clientId(binding: WorkloadIdentityBinding, identity: AzureManagedIdentityRef): string {
    return this.context.outputs.get(identity.stack, bindingOutputName(binding.name, 'client_id'), `client ID of managed identity ${identity.identityName} (binding ${binding.name})`);
  }

  private aksWorkloadIdentity(binding: WorkloadIdentityBinding, identity: AzureManagedIdentityRef): PodIdentity {
    return {
      ...NO_POD_IDENTITY,
      serviceAccountAnnotations: { [AZURE_CLIENT_ID_ANNOTATION]: this.clientId(binding, identity), [AZURE_TENANT_ID_ANNOTATION]: identity.tenantId },
      podLabels: { [AZURE_USE_LABEL]: 'true' },
    };
  }

  private aksToGoogle(binding: WorkloadIdentityBinding, identity: GoogleIdentityRef): PodIdentity {
    const projectNumber = identity.projectNumber
      ?? this.context.outputs.get(identity.stack, bindingOutputName(binding.name, 'project_number'), `project number of ${identity.projectId} (binding ${binding.name})`);
    const providerName = workloadIdentityProviderName(workloadIdentityPoolName(projectNumber, identity.federation!.poolId), federationProviderId(binding)!);
    const configuration = fileSourcedCredentialConfiguration({
      providerName,
      tokenFile: `${GOOGLE_TOKEN_DIR}/token`,
      serviceAccountEmail: identity.serviceAccountId === undefined ? undefined : gsaEmail(identity),
    });
    const configMapName = `${this.props.serviceAccountName}-google-credentials`;
    this.configMap = new k8s.KubeConfigMap(this, 'google-credentials', {
      metadata: { name: configMapName, namespace: this.props.namespace },
      data: { [GOOGLE_CREDENTIALS_FILE]: `${JSON.stringify(configuration, null, 2)}\n` },
    });
    return {
      ...NO_POD_IDENTITY,
      volumes: [
        { name: 'google-identity-token', projected: { sources: [{ serviceAccountToken: { audience: providerTokenAudience(providerName), expirationSeconds: this.tokenSeconds, path: 'token' } }] } },
        { name: 'google-credentials', configMap: { name: configMapName } },
      ],
      volumeMounts: [
        { name: 'google-identity-token', mountPath: GOOGLE_TOKEN_DIR, readOnly: true },
        { name: 'google-credentials', mountPath: GOOGLE_CREDENTIALS_DIR, readOnly: true },
      ],
      env: [
        { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GOOGLE_CREDENTIALS_DIR}/${GOOGLE_CREDENTIALS_FILE}` },
        // Without it, client libraries look the project up, which needs roles/browser.
        { name: 'GOOGLE_CLOUD_PROJECT', value: identity.projectId },
      ],
    };
  }

  private gkeToAzure(binding: WorkloadIdentityBinding, identity: AzureManagedIdentityRef): PodIdentity {
    return {
      ...NO_POD_IDENTITY,
      volumes: [{ name: 'azure-identity-token', projected: { sources: [{ serviceAccountToken: { audience: AZURE_TOKEN_EXCHANGE_AUDIENCE, expirationSeconds: this.tokenSeconds, path: AZURE_TOKEN_FILE } }] } }],
      volumeMounts: [{ name: 'azure-identity-token', mountPath: AZURE_TOKEN_DIR, readOnly: true }],
      // The variables WorkloadIdentityCredential / DefaultAzureCredential read; on AKS the webhook sets them.
      env: [
        { name: 'AZURE_CLIENT_ID', value: this.clientId(binding, identity) },
        { name: 'AZURE_TENANT_ID', value: identity.tenantId },
        { name: 'AZURE_FEDERATED_TOKEN_FILE', value: `${AZURE_TOKEN_DIR}/${AZURE_TOKEN_FILE}` },
        { name: 'AZURE_AUTHORITY_HOST', value: AZURE_PUBLIC_AUTHORITY_HOST },
      ],
    };
  }
}

function gsaEmail(identity: GoogleIdentityRef): string {
  return googleServiceAccountEmail(identity.serviceAccountId!, identity.projectId);
}
