import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import {
  Certificate,
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages,
} from '../../../imports/certmanager-certificate-cert-manager.io';
import { ClusterIssuer } from '../../../imports/certmanager-cluster-issuer-cert-manager.io';
import { Issuer } from '../../../imports/certmanager-issuer-cert-manager.io';
import { Bundle } from '../../../imports/trustmanager-bundle-trust.cert-manager.io';
import { meshCertificates, MeshCertificatesConfig, meshCertificatesRules } from '../../contract/mesh-certificates';
import { meshedPodSecurity } from '../mesh/meshed-namespace';
import { podSecurityMetadata } from '../core/pod-security';
import { MeshTrafficRedirect } from '../../contract/linkerd';
import { ANCHOR_CERTIFICATE_KEY, IDENTITY_ISSUER_SECRET, RETIRED_ANCHOR_LABEL, TRUST_ANCHOR_SECRET, TRUST_ROOTS_CONFIGMAP, TRUST_ROOTS_KEY } from '../../contract/mesh-pki';

export interface LinkerdTrustAnchorProps {
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

export function linkerdTrustAnchorRules(props: LinkerdTrustAnchorProps, issues: Issues): void {
  meshCertificatesRules(props.certificates ?? {}, issues.at('certificates'));
}

/**
 * Linkerd's trust chain, managed by cert-manager and trust-manager, with no private key in YAML or in
 * Terraform state: a self-signed Issuer bootstraps the ECDSA P-256 trust anchor in the cert-manager namespace
 * (where Linkerd cannot read its key), a CA ClusterIssuer signs the short-lived identity issuer in the linkerd
 * namespace, and a trust-manager Bundle copies only the anchor's certificate, and those of retired anchors during a
 * planned key rotation, into `linkerd-identity-trust-roots`.
 * It also owns the control-plane Namespace, so the certificates exist before the Linkerd chart is installed.
 */
export class LinkerdTrustAnchor extends Construct {
  public readonly controlPlaneNamespace: string;

  constructor(scope: Construct, id: string, props: LinkerdTrustAnchorProps = {}) {
    super(scope, id);
    const issues = new Issues();
    linkerdTrustAnchorRules(props, issues);
    issues.throwIfAny(this.node.path);
    const linkerdNs = props.controlPlaneNamespace ?? 'linkerd';
    const certManagerNs = props.certManagerNamespace ?? 'cert-manager';
    const trustDomain = props.trustDomain ?? 'cluster.local';
    const certificates = meshCertificates(props.certificates);
    const anchor = certificates.trustAnchor.lifetime;
    const issuer = certificates.identityIssuer.lifetime;
    this.controlPlaneNamespace = linkerdNs;
    // ECDSA P-256 is what Linkerd's identity accepts. The issuer gets a new key at every renewal: it is re-signed by
    // the same anchor, so every proxy keeps trusting it. The anchor keeps its key (Never; cert-manager >= 1.18
    // defaults to Always): proxies copy the roots into their env at injection (controller/proxy-injector/webhook.go)
    // and never reload them, so a new anchor key would split the mesh until every pod restarted. A key rotation is a
    // planned runbook instead (docs/mesh.md).
    const anchorKey = { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.NEVER };
    const issuerKey = { ...anchorKey, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS };

    const podSecurity = podSecurityMetadata(meshedPodSecurity(props.trafficRedirect ?? 'proxy-init'), this.node.path);
    new k8s.KubeNamespace(this, 'control-plane-namespace', {
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
    });

    const rootIssuer = 'linkerd-trust-root-issuer';
    new Issuer(this, 'root-issuer', { metadata: { name: rootIssuer, namespace: certManagerNs }, spec: { selfSigned: {} } });

    new Certificate(this, 'trust-anchor', {
      metadata: { name: TRUST_ANCHOR_SECRET, namespace: certManagerNs },
      spec: {
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: rootIssuer },
        secretName: TRUST_ANCHOR_SECRET,
        isCa: true,
        commonName: `root.${linkerdNs}.${trustDomain}`,
        duration: anchor.duration,
        renewBefore: anchor.renewBefore,
        privateKey: anchorKey,
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN],
      },
    });

    // A ClusterIssuer because the issuer Certificate lives in another namespace; a CA ClusterIssuer reads its
    // Secret from cert-manager's cluster resource namespace, which is the cert-manager namespace by default.
    new ClusterIssuer(this, 'anchor-issuer', { metadata: { name: IDENTITY_ISSUER_SECRET }, spec: { ca: { secretName: TRUST_ANCHOR_SECRET } } });

    new Certificate(this, 'identity-issuer', {
      metadata: { name: IDENTITY_ISSUER_SECRET, namespace: linkerdNs },
      spec: {
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: IDENTITY_ISSUER_SECRET },
        secretName: IDENTITY_ISSUER_SECRET,
        isCa: true,
        commonName: `identity.${linkerdNs}.${trustDomain}`,
        dnsNames: [`identity.${linkerdNs}.${trustDomain}`],
        duration: issuer.duration,
        renewBefore: issuer.renewBefore,
        privateKey: issuerKey,
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN, CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH],
      },
    });

    new Bundle(this, 'trust-roots', {
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
    });
  }
}
