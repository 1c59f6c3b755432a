// Names Linkerd's chart expects with identity.externalCA=true and identity.issuer.scheme=kubernetes.io/tls:
// the issuer Secret and the trust-roots ConfigMap in the control-plane namespace
// (charts/linkerd-control-plane/templates/identity.yaml; tasks/automatically-rotating-control-plane-tls-credentials).
export const IDENTITY_ISSUER_SECRET = 'linkerd-identity-issuer';
export const TRUST_ROOTS_CONFIGMAP = 'linkerd-identity-trust-roots';
export const TRUST_ROOTS_KEY = 'ca-bundle.crt';
export const TRUST_ANCHOR_SECRET = 'linkerd-trust-anchor';

/**
 * Label of Secrets in the cert-manager namespace that hold a retired trust anchor's certificate (key `tls.crt`, no
 * private key). The trust-roots Bundle selects them next to the current anchor, so a planned key rotation keeps the
 * old root trusted until every pod has restarted (docs/mesh.md, "Anchor key rotation"). A selector that matches
 * nothing is not an error for trust-manager, unlike a missing Secret named as a source (trust-manager v0.24.0
 * pkg/bundle/internal/source/source.go).
 */
export const RETIRED_ANCHOR_LABEL = { key: 'ml-mesh-platform.io/retired-linkerd-anchor', value: 'true' } as const;

/** The key of the anchor's certificate in its Secret and in every retired-anchor Secret. */
export const ANCHOR_CERTIFICATE_KEY = 'tls.crt';
