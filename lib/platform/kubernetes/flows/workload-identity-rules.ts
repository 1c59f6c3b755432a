import { AZURE_TOKEN_EXCHANGE_AUDIENCE } from '../../../contract/identity/identity-names';
import { bindingMechanism, WorkloadIdentityBinding } from '../../../contract/identity/workload-identity-binding';
import { AZURE_CLIENT_ID_ANNOTATION, AZURE_USE_LABEL, GKE_SERVICE_ACCOUNT_ANNOTATION } from '../../../k8s/identity/pod-identity';
import { ALLOWED, BLOCKED, CredentialRequirement, LayerVerdict, PodEndpoint } from './flow';

/** What is missing from the pod for AKS workload identity: the webhook mutates only labelled pods of an annotated ServiceAccount. */
function aksWorkloadIdentityGaps(pod: PodEndpoint): string[] {
  const gaps: string[] = [];
  if (!pod.identity?.serviceAccountAnnotations[AZURE_CLIENT_ID_ANNOTATION]) gaps.push(`ServiceAccount ${pod.namespace}/${pod.serviceAccount} has no ${AZURE_CLIENT_ID_ANNOTATION}`);
  if (pod.labels[AZURE_USE_LABEL] !== 'true') gaps.push(`the pod lacks label ${AZURE_USE_LABEL}: "true"`);
  return gaps;
}

/** What a binding's mechanism needs on the pod (lib/k8s/identity/workload-identity.ts writes it), and what is missing. */
function bindingGaps(binding: WorkloadIdentityBinding, pod: PodEndpoint): { readonly how: string; readonly gaps: string[] } {
  const facts = pod.identity;
  const gaps: string[] = [];
  if (binding.workload.namespace !== pod.namespace || binding.workload.serviceAccount !== pod.serviceAccount) {
    gaps.push(`the pod runs as ${pod.namespace}/${pod.serviceAccount}, not as the bound ${binding.workload.namespace}/${binding.workload.serviceAccount}`);
  }
  switch (bindingMechanism(binding)) {
    case 'aks-workload-identity':
      return { how: 'AKS workload identity', gaps: [...gaps, ...aksWorkloadIdentityGaps(pod)] };
    case 'gke-direct':
      // Nothing on the pod: the GKE metadata server hands out the KSA's principal, which the binding grants.
      return { how: 'GKE workload identity (direct principal)', gaps };
    case 'gke-service-account':
      if (!facts?.serviceAccountAnnotations[GKE_SERVICE_ACCOUNT_ANNOTATION]) gaps.push(`ServiceAccount ${pod.namespace}/${pod.serviceAccount} has no ${GKE_SERVICE_ACCOUNT_ANNOTATION}`);
      return { how: 'GKE workload identity (service account)', gaps };
    case 'aks-to-google':
      if (!(facts?.projectedTokenAudiences ?? []).some((a) => a.includes('/workloadIdentityPools/'))) gaps.push('no projected token for the workload identity provider');
      if (!(facts?.env ?? []).includes('GOOGLE_APPLICATION_CREDENTIALS')) gaps.push('no GOOGLE_APPLICATION_CREDENTIALS');
      if (!(facts?.configMaps ?? []).includes(`${binding.workload.serviceAccount}-google-credentials`)) gaps.push('the credential configuration ConfigMap is not mounted');
      return { how: 'federation AKS -> Google (projected token, credential configuration)', gaps };
    case 'gke-to-azure':
      if (!(facts?.projectedTokenAudiences ?? []).includes(AZURE_TOKEN_EXCHANGE_AUDIENCE)) gaps.push(`no projected token for ${AZURE_TOKEN_EXCHANGE_AUDIENCE}`);
      if (!(facts?.env ?? []).includes('AZURE_FEDERATED_TOKEN_FILE')) gaps.push('no AZURE_FEDERATED_TOKEN_FILE');
      return { how: 'federation GKE -> Entra ID (projected token)', gaps };
  }
}

/**
 * The workload-identity layer: whether the calling pod carries the credential its cloud call needs, read from the
 * emitted pod template and ServiceAccount. Flows that call no cloud API do not cross it.
 */
export function identityVerdict(pod: PodEndpoint | undefined, credential: CredentialRequirement | undefined): LayerVerdict {
  if (!credential) return { result: 'n/a', by: 'no cloud credential needed' };
  if (credential.kind === 'managed') return { result: 'chart', by: credential.by };
  if (!pod) return BLOCKED('no pod to carry the credential');
  switch (credential.kind) {
    case 'binding': {
      const { how, gaps } = bindingGaps(credential.binding, pod);
      const what = `${how}, binding ${credential.binding.name}`;
      return gaps.length === 0 ? ALLOWED(what) : BLOCKED(`${what}: ${gaps.join('; ')}`);
    }
    case 'aks-workload-identity': {
      const gaps = aksWorkloadIdentityGaps(pod);
      return gaps.length === 0 ? ALLOWED(`AKS workload identity (${credential.identity})`) : BLOCKED(`AKS workload identity (${credential.identity}): ${gaps.join('; ')}`);
    }
    case 'entra-to-google': {
      const gaps = aksWorkloadIdentityGaps(pod);
      if (!(pod.identity?.configMaps ?? []).includes(credential.configMap)) gaps.push(`ConfigMap ${credential.configMap} is not mounted`);
      const what = `Entra token of ${credential.identity} exchanged at Google STS (ConfigMap ${credential.configMap})`;
      return gaps.length === 0 ? ALLOWED(what) : BLOCKED(`${what}: ${gaps.join('; ')}`);
    }
  }
}
