import { Issues } from '../core/validation';
import { MeshTrafficRedirect } from './linkerd';
import { Manifest } from './manifest';
import { meshCertificates, MeshCertificatesConfig, meshCertificatesRules } from './mesh-certificates';
import { ANCHOR_CERTIFICATE_KEY, IDENTITY_ISSUER_SECRET, RETIRED_ANCHOR_LABEL, TRUST_ANCHOR_SECRET, TRUST_ROOTS_CONFIGMAP, TRUST_ROOTS_KEY } from './mesh-pki';
import { meshedPodSecurity, podSecurityMetadata } from './pod-security';

export interface LinkerdPkiProps {
  /** @default 'linkerd' */
  readonly controlPlaneNamespace?: string;
  /** Where cert-manager and trust-manager run; trust-manager's trust namespace. @default 'cert-manager' */
  readonly certManagerNamespace?: string;
  /** Trust domain of workload identities. @default 'cluster.local' */
  readonly trustDomain?: string;
  /**
   * Lifetimes of the trust anchor and the identity issuer, from the contract's one source, which the certificate
   * alerts read too.
   * @default TRUST_ANCHOR_LIFETIME (87600h, renewed 8760h before expiry) and IDENTITY_ISSUER_LIFETIME (48h, 25h)
   */
  readonly certificates?: MeshCertificatesConfig;
  /** How meshed pods are redirected; decides the control-plane namespace's Pod Security level. @default 'proxy-init' */
  readonly trafficRedirect?: MeshTrafficRedirect;
}

export function linkerdPkiRules(props: LinkerdPkiProps, issues: Issues): void {
  meshCertificatesRules(props.certificates ?? {}, issues.at('certificates'));
}

/**
 * Linkerd's trust chain, managed by cert-manager and trust-manager, with no private key in YAML or in
 * Terraform state: a self-signed Issuer bootstraps the ECDSA P-256 trust anchor in the cert-manager namespace
 * (where Linkerd cannot read its key), a CA ClusterIssuer signs the short-lived identity issuer in the linkerd
 * namespace, and a trust-manager Bundle copies only the anchor's certificate, and those of retired anchors during a
 * planned key rotation, into `linkerd-identity-trust-roots`.
 * The control-plane Namespace comes first, so the certificates exist before the Linkerd chart is installed.
 * Throws a PlatformValidationError (at `path`) on bad props.
 */
export function linkerdPkiObjects(props: LinkerdPkiProps = {}, path = 'linkerd-pki'): Manifest[] {
  const issues = new Issues();
  linkerdPkiRules(props, issues);
  issues.throwIfAny(path);
  const linkerdNs = props.controlPlaneNamespace ?? 'linkerd';
  const certManagerNs = props.certManagerNamespace ?? 'cert-manager';
  const trustDomain = props.trustDomain ?? 'cluster.local';
  const certificates = meshCertificates(props.certificates);
  const anchor = certificates.trustAnchor.lifetime;
  const issuer = certificates.identityIssuer.lifetime;
  // ECDSA P-256 is what Linkerd's identity accepts. The issuer gets a new key at every renewal: it is re-signed by
  // the same anchor, so every proxy keeps trusting it. The anchor keeps its key (Never; cert-manager >= 1.18
  // defaults to Always): proxies copy the roots into their env at injection (controller/proxy-injector/webhook.go)
  // and never reload them, so a new anchor key would split the mesh until every pod restarted. A key rotation is a
  // planned runbook instead (docs/mesh.md).
  const anchorKey = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' };
  const issuerKey = { ...anchorKey, rotationPolicy: 'Always' };
  const rootIssuer = 'linkerd-trust-root-issuer';
  const podSecurity = podSecurityMetadata(meshedPodSecurity(props.trafficRedirect ?? 'proxy-init'), path);
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: linkerdNs,
        // The labels Linkerd's CLI install puts on its namespace: the Bundle targets is-control-plane, the
        // injector skips namespaces with admission-webhooks disabled, and proxy-init needs `privileged`.
        labels: {
          'linkerd.io/is-control-plane': 'true',
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/control-plane-ns': linkerdNs,
          ...podSecurity.labels,
        },
        annotations: { 'linkerd.io/inject': 'disabled', ...podSecurity.annotations },
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: rootIssuer, namespace: certManagerNs }, spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: TRUST_ANCHOR_SECRET, namespace: certManagerNs },
      spec: {
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: rootIssuer },
        secretName: TRUST_ANCHOR_SECRET,
        isCA: true,
        commonName: `root.${linkerdNs}.${trustDomain}`,
        duration: anchor.duration,
        renewBefore: anchor.renewBefore,
        privateKey: anchorKey,
        usages: ['cert sign', 'crl sign'],
      },
    },
    // A ClusterIssuer because the issuer Certificate lives in another namespace; a CA ClusterIssuer reads its
    // Secret from cert-manager's cluster resource namespace, which is the cert-manager namespace by default.
    { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: IDENTITY_ISSUER_SECRET }, spec: { ca: { secretName: TRUST_ANCHOR_SECRET } } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: IDENTITY_ISSUER_SECRET, namespace: linkerdNs },
      spec: {
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: IDENTITY_ISSUER_SECRET },
        secretName: IDENTITY_ISSUER_SECRET,
        isCA: true,
        commonName: `identity.${linkerdNs}.${trustDomain}`,
        dnsNames: [`identity.${linkerdNs}.${trustDomain}`],
        duration: issuer.duration,
        renewBefore: issuer.renewBefore,
        privateKey: issuerKey,
        usages: ['cert sign', 'crl sign', 'server auth', 'client auth'],
      },
    },
    {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      // The Bundle's name is the ConfigMap's name (trust-manager).
      metadata: { name: TRUST_ROOTS_CONFIGMAP },
      spec: {
        sources: [
          { secret: { name: TRUST_ANCHOR_SECRET, key: ANCHOR_CERTIFICATE_KEY } },
          // Retired anchors, present only during a planned key rotation (docs/mesh.md); none match the rest of the time.
          { secret: { selector: { matchLabels: { [RETIRED_ANCHOR_LABEL.key]: RETIRED_ANCHOR_LABEL.value } }, key: ANCHOR_CERTIFICATE_KEY } },
        ],
        target: { configMap: { key: TRUST_ROOTS_KEY }, namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } } },
      },
    },
  ];
}
