import { Issues } from '../core/validation';
import { checkDuration, parseGoDuration } from './go-duration';
import { MeshTrafficRedirect } from './linkerd';
import { Manifest } from './manifest';
import { IDENTITY_ISSUER_SECRET, TRUST_ANCHOR_SECRET, TRUST_ROOTS_CONFIGMAP, TRUST_ROOTS_KEY } from './mesh-pki';
import { podSecurityLabels } from './pod-security';

export interface LinkerdPkiProps {
  /** @default 'linkerd' */
  readonly controlPlaneNamespace?: string;
  /** Where cert-manager and trust-manager run; trust-manager's trust namespace. @default 'cert-manager' */
  readonly certManagerNamespace?: string;
  /** Trust domain of workload identities. @default 'cluster.local' */
  readonly trustDomain?: string;
  /**
   * Trust anchor lifetime and renewal (Go durations). The anchor cannot rotate without restarts, so renewal is
   * left late: two months before expiry. (Linkerd's example pairs 8760h with renewBefore 7320h, which renews
   * after two months rather than two months before expiry, contrary to its own comment.)
   * @default { duration: '8760h', renewBefore: '1440h' }
   */
  readonly anchorValidity?: CertificateValidity;
  /** Identity issuer lifetime and renewal; Linkerd picks up a renewed issuer without restarts. @default { duration: '48h', renewBefore: '25h' } */
  readonly issuerValidity?: CertificateValidity;
  /**
   * A Secret in the cert-manager namespace holding the previous anchor's certificate (key `tls.crt`, no private
   * key), bundled next to the current one during an anchor rotation. trust-manager fails the Bundle while a
   * source is missing, so set it only during a rotation (see docs/mesh.md).
   * @default none
   */
  readonly previousAnchorSecret?: string;
  /** How meshed pods are redirected; decides the control-plane namespace's Pod Security level. @default 'proxy-init' */
  readonly trafficRedirect?: MeshTrafficRedirect;
}

export interface CertificateValidity {
  readonly duration: string;
  readonly renewBefore: string;
}

const ANCHOR_VALIDITY: CertificateValidity = { duration: '8760h', renewBefore: '1440h' };
const ISSUER_VALIDITY: CertificateValidity = { duration: '48h', renewBefore: '25h' };

export function linkerdPkiRules(props: LinkerdPkiProps, issues: Issues): void {
  validityRules(props.anchorValidity ?? ANCHOR_VALIDITY, issues.at('anchorValidity'));
  validityRules(props.issuerValidity ?? ISSUER_VALIDITY, issues.at('issuerValidity'));
  const anchor = parseGoDuration((props.anchorValidity ?? ANCHOR_VALIDITY).duration);
  const issuer = parseGoDuration((props.issuerValidity ?? ISSUER_VALIDITY).duration);
  if (anchor !== undefined && issuer !== undefined) {
    issues.check(issuer < anchor, 'issuerValidity.duration', (props.issuerValidity ?? ISSUER_VALIDITY).duration,
      `must be shorter than anchorValidity.duration (${(props.anchorValidity ?? ANCHOR_VALIDITY).duration}): an issuer cannot outlive the anchor that signs it`);
  }
}

function validityRules(v: CertificateValidity, issues: Issues): void {
  const ok = checkDuration(issues, 'duration', v.duration) && checkDuration(issues, 'renewBefore', v.renewBefore);
  if (ok) {
    issues.check((parseGoDuration(v.renewBefore) ?? 0) < (parseGoDuration(v.duration) ?? 0), 'renewBefore', v.renewBefore,
      `must be shorter than duration (${v.duration}), or cert-manager would renew continuously`);
  }
}

/**
 * Linkerd's trust chain, managed by cert-manager and trust-manager, with no private key in YAML or in
 * Terraform state: a self-signed Issuer bootstraps the ECDSA P-256 trust anchor in the cert-manager namespace
 * (where Linkerd cannot read its key), a CA ClusterIssuer signs the short-lived identity issuer in the linkerd
 * namespace, and a trust-manager Bundle copies only the anchor's certificate into `linkerd-identity-trust-roots`.
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
  const anchor = props.anchorValidity ?? ANCHOR_VALIDITY;
  const issuer = props.issuerValidity ?? ISSUER_VALIDITY;
  // ECDSA P-256 is what Linkerd's identity accepts; Always rotates the key on renewal (cert-manager < 1.18
  // defaulted to Never, which renews validity but keeps the key).
  const privateKey = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' };
  const rootIssuer = 'linkerd-trust-root-issuer';
  const sources = [{ secret: { name: TRUST_ANCHOR_SECRET, key: 'tls.crt' } }];
  if (props.previousAnchorSecret) sources.push({ secret: { name: props.previousAnchorSecret, key: 'tls.crt' } });
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
          ...podSecurityLabels(props.trafficRedirect ?? 'proxy-init'),
        },
        annotations: { 'linkerd.io/inject': 'disabled' },
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
        privateKey,
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
        privateKey,
        usages: ['cert sign', 'crl sign', 'server auth', 'client auth'],
      },
    },
    {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      // The Bundle's name is the ConfigMap's name (trust-manager).
      metadata: { name: TRUST_ROOTS_CONFIGMAP },
      spec: {
        sources,
        target: { configMap: { key: TRUST_ROOTS_KEY }, namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } } },
      },
    },
  ];
}
