/**
 * cert-manager (with its CRDs) and trust-manager, from jetstack's charts, as Linkerd's certificate rotation guide
 * installs them (linkerd.io/2-edge/tasks/automatically-rotating-control-plane-tls-credentials): trust-manager in
 * cert-manager's namespace, which is its trust namespace.
 */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** cert-manager chart values: install and upgrade the CRDs with the release. */
export function certManagerValues(): Record<string, unknown> {
  return { crds: { enabled: true } };
}

/** trust-manager chart values. The trust namespace is the only one trust-manager reads Secrets from; the anchor lives there. */
export function trustManagerValues(trustNamespace: string = CERT_MANAGER_NAMESPACE): Record<string, unknown> {
  return { app: { trust: { namespace: trustNamespace } } };
}
