import { MeshTrafficRedirect } from './linkerd';

/**
 * Pod Security Standard labels (kubernetes.io/docs/concepts/security/pod-security-admission).
 * With proxy-init the injected init container adds NET_ADMIN and NET_RAW, which both `baseline` and
 * `restricted` forbid, so such a namespace can only enforce `privileged` (Linkerd's own chart labels its
 * namespace the same way: charts/linkerd-control-plane/templates/namespace.yaml). `warn` and `audit` stay
 * `restricted`: the API server checks Deployment and Job templates, which do not contain the injected
 * containers yet, so application pods are still held to the restricted profile in review and audit logs.
 */
export function podSecurityLabels(redirect: MeshTrafficRedirect): Record<string, string> {
  const enforce = redirect === 'linkerd-cni' ? 'restricted' : 'privileged';
  return {
    'pod-security.kubernetes.io/enforce': enforce,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'latest',
  };
}
