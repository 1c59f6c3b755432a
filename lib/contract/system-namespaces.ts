import { Issues } from '../core/validation';
import { AZURE_ML_SYSTEM_NAMESPACE } from './azure-ml/azure-ml-names';
import { JOBSET_CONTROLLER, KEDA_OPERATOR } from './chart-components';
import { FLAGGER_NAMESPACE } from './flagger';
import { LINKERD_NAMESPACE } from './linkerd';

/**
 * Namespaces the platform's workloads must not be put in: Kubernetes' own (`default` is shared by everything that names
 * no namespace), the add-ons the platform installs, and the managed clusters' own (AKS and GKE add-ons). The platform
 * labels a serving namespace for mesh injection and a Pod Security level and installs default-deny policies in it,
 * which would change or break what already runs there.
 */
const RESERVED = new Set([
  'default', LINKERD_NAMESPACE, 'linkerd-viz', 'linkerd-cni', 'cert-manager', FLAGGER_NAMESPACE, KEDA_OPERATOR.namespace,
  JOBSET_CONTROLLER.namespace, AZURE_ML_SYSTEM_NAMESPACE,
  // AKS add-ons (Azure Policy, app routing, Calico operator) and GKE's managed Prometheus.
  'gatekeeper-system', 'app-routing-system', 'calico-system', 'tigera-operator', 'gmp-system', 'gmp-public',
]);
/** `kube-system`, `kube-public`, `kube-node-lease`, and GKE's `gke-*` system namespaces. */
const RESERVED_PREFIXES = ['kube-', 'gke-'];

export function isSystemNamespace(namespace: string): boolean {
  return RESERVED.has(namespace) || RESERVED_PREFIXES.some((prefix) => namespace.startsWith(prefix));
}

export function checkNotSystemNamespace(issues: Issues, field: string, namespace: string): boolean {
  return issues.check(!isSystemNamespace(namespace), field, namespace,
    'must not be a system namespace (default, kube-*, gke-*, or one an add-on runs in): the platform meshes it, sets its Pod Security level and denies traffic by default there');
}
