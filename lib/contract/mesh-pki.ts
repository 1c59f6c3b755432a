// Names Linkerd's chart expects with identity.externalCA=true and identity.issuer.scheme=kubernetes.io/tls:
// the issuer Secret and the trust-roots ConfigMap in the control-plane namespace
// (charts/linkerd-control-plane/templates/identity.yaml; tasks/automatically-rotating-control-plane-tls-credentials).
export const IDENTITY_ISSUER_SECRET = 'linkerd-identity-issuer';
export const TRUST_ROOTS_CONFIGMAP = 'linkerd-identity-trust-roots';
export const TRUST_ROOTS_KEY = 'ca-bundle.crt';
export const TRUST_ANCHOR_SECRET = 'linkerd-trust-anchor';
