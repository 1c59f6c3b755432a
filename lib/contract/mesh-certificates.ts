import { Issues } from '../core/validation';
import { checkDuration, parseGoDuration } from './go-duration';
import { IDENTITY_ISSUER_SECRET, TRUST_ANCHOR_SECRET } from './mesh-pki';

// The one source of the mesh certificates' lifetimes and of the thresholds their alerts fire at: the Kubernetes half
// writes the cert-manager Certificates from it, the alerts (both clouds) read the same values.

/** How long a cert-manager Certificate lives, when it is renewed, and when its expiry alert fires (Go durations). */
export interface CertificateLifetime {
  /** cert-manager `spec.duration`. */
  readonly duration: string;
  /** cert-manager `spec.renewBefore`: renewal starts when this much is left. */
  readonly renewBefore: string;
  /**
   * The expiry alert fires when less than this is left: after renewal should have happened, so it stays quiet while
   * renewal works and pages when it does not. Must be shorter than `renewBefore`.
   * @default renewBefore less a fifth of it, at most 14 days (336h) less
   */
  readonly alertBelow?: string;
}

/** Overrides of the Linkerd trust anchor's and identity issuer's lifetimes; each field falls back to the reference. */
export interface MeshCertificatesConfig {
  /** @default TRUST_ANCHOR_LIFETIME */
  readonly trustAnchor?: Partial<CertificateLifetime>;
  /** @default IDENTITY_ISSUER_LIFETIME */
  readonly identityIssuer?: Partial<CertificateLifetime>;
}

/**
 * The trust anchor lives 10 years and is renewed in its last year with the same key (`rotationPolicy: Never` on the
 * Certificate). A renewal that keeps subject and key is invisible to running proxies: a rustls trust anchor is subject
 * plus public key, and its expiry is never checked (linkerd2-proxy linkerd/meshtls/rustls/src/creds.rs
 * `add_parsable_certificates`), so pods injected with the old PEM keep validating issuers signed by the renewed one.
 * Only linkerd-identity, which reads the anchors once at start (controller/cmd/identity/main.go) and lets Go check
 * their validity, must restart within that last year; the renewal-window alert says when (docs/mesh.md).
 */
export const TRUST_ANCHOR_LIFETIME: CertificateLifetime = { duration: '87600h', renewBefore: '8760h' };

/** The identity issuer lives two days and is renewed daily; linkerd-identity reloads it without a restart. */
export const IDENTITY_ISSUER_LIFETIME: CertificateLifetime = { duration: '48h', renewBefore: '25h' };

/** The warning that the trust anchor's renewal window opens fires this long before it does. */
export const TRUST_ANCHOR_RENEWAL_NOTICE = '720h';

const MAX_RENEWAL_GRACE_MS = 336 * 3_600_000;

/** One mesh certificate, resolved: its Certificate (and Secret) name and every lifetime value. */
export interface MeshCertificate {
  readonly name: string;
  readonly lifetime: Required<CertificateLifetime>;
  /** `alertBelow` in seconds, as the alert expressions compare it. */
  readonly alertBelowSeconds: number;
}

/** The trust anchor and the identity issuer with the overrides applied. Validate with `meshCertificatesRules` first. */
export function meshCertificates(config: MeshCertificatesConfig = {}): { readonly trustAnchor: MeshCertificate; readonly identityIssuer: MeshCertificate } {
  return {
    trustAnchor: resolve(TRUST_ANCHOR_SECRET, TRUST_ANCHOR_LIFETIME, config.trustAnchor),
    identityIssuer: resolve(IDENTITY_ISSUER_SECRET, IDENTITY_ISSUER_LIFETIME, config.identityIssuer),
  };
}

function resolve(name: string, reference: CertificateLifetime, override: Partial<CertificateLifetime> = {}): MeshCertificate {
  const duration = override.duration ?? reference.duration;
  const renewBefore = override.renewBefore ?? reference.renewBefore;
  const alertBelow = override.alertBelow ?? defaultAlertBelow(renewBefore);
  return { name, lifetime: { duration, renewBefore, alertBelow }, alertBelowSeconds: Math.round((parseGoDuration(alertBelow) ?? 0) / 1000) };
}

/** renewBefore less a fifth of it (at most 14 days): the alert waits that long past the renewal time. */
function defaultAlertBelow(renewBefore: string): string {
  const ms = parseGoDuration(renewBefore) ?? 0;
  return formatHours(ms - Math.min(ms / 5, MAX_RENEWAL_GRACE_MS));
}

/** A Go duration of whole seconds, in the largest unit that divides it. */
function formatHours(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Each lifetime parses, renews before it expires and alerts only after renewal is due; the issuer expires before the
 * anchor that signs it. `issues` is at the config's `certificates`.
 */
export function meshCertificatesRules(config: MeshCertificatesConfig, issues: Issues): void {
  const resolved = meshCertificates(config);
  const anchorOk = lifetimeRules(resolved.trustAnchor.lifetime, issues.at('trustAnchor'));
  const issuerOk = lifetimeRules(resolved.identityIssuer.lifetime, issues.at('identityIssuer'));
  if (anchorOk && issuerOk) {
    const anchor = resolved.trustAnchor.lifetime.duration;
    const issuer = resolved.identityIssuer.lifetime.duration;
    issues.check((parseGoDuration(issuer) ?? 0) < (parseGoDuration(anchor) ?? 0), 'identityIssuer.duration', issuer,
      `must be shorter than trustAnchor.duration (${anchor}): an issuer cannot outlive the anchor that signs it`);
  }
}

function lifetimeRules(lifetime: Required<CertificateLifetime>, issues: Issues): boolean {
  const durationOk = checkDuration(issues, 'duration', lifetime.duration);
  // A default alertBelow is derived from renewBefore: report only the field that was written wrong.
  if (!checkDuration(issues, 'renewBefore', lifetime.renewBefore) || !durationOk || !checkDuration(issues, 'alertBelow', lifetime.alertBelow)) return false;
  const duration = parseGoDuration(lifetime.duration) ?? 0;
  const renewBefore = parseGoDuration(lifetime.renewBefore) ?? 0;
  const alertBelow = parseGoDuration(lifetime.alertBelow) ?? 0;
  const renews = issues.check(renewBefore < duration, 'renewBefore', lifetime.renewBefore,
    `must be shorter than duration (${lifetime.duration}), or cert-manager would renew continuously`);
  const quiet = issues.check(alertBelow < renewBefore, 'alertBelow', lifetime.alertBelow,
    `must be shorter than renewBefore (${lifetime.renewBefore}): the expiry alert must stay quiet while renewal works and fire only once renewal is overdue; at or above renewBefore it fires on every renewal`);
  return renews && quiet;
}
