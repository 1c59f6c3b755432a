// A model of how trust-manager v0.24.0 resolves a Bundle's Secret sources into the target bundle, for checking the
// objects a runbook tells the operator to create against the Bundle the platform emits. Upstream
// (cert-manager/trust-manager, tag v0.24.0):
// - pkg/bundle/controller.go CacheOpts: Secrets are read from the trust namespace only;
// - pkg/bundle/internal/source/source.go secretBundleSource: a source by name that is missing fails the Bundle
//   (NotFoundError), a label selector that matches nothing adds nothing, a selected Secret without the key fails it;
//   an empty result fails it ("couldn't find any valid certificates in bundle");
// - pkg/util/cert_pool.go: certificates are de-duplicated (by SHA-256 of the certificate).

export interface SecretObject {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  /** base64 values, as a Secret manifest's `data`. */
  readonly data?: Readonly<Record<string, string>>;
}

interface SecretSource {
  readonly secret: { readonly name?: string; readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> }; readonly key: string };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates (PEM blocks) the Bundle carries, or the error trust-manager would report. */
export function resolveTrustBundle(bundleSpec: { readonly sources: readonly SecretSource[] }, secrets: readonly SecretObject[], trustNamespace: string): string[] {
  const visible = secrets.filter((s) => (s.metadata.namespace ?? 'default') === trustNamespace);
  const pool = new Set<string>();
  for (const source of bundleSpec.sources) {
    const ref = source.secret;
    let selected: SecretObject[];
    if (ref.name) {
      const found = visible.find((s) => s.metadata.name === ref.name);
      if (!found) throw new Error(`failed to get Secret ${trustNamespace}/${ref.name}: not found`);
      selected = [found];
    } else {
      const labels = ref.selector?.matchLabels ?? {};
      selected = visible.filter((s) => Object.entries(labels).every(([k, v]) => s.metadata.labels?.[k] === v));
    }
    for (const secret of selected) {
      const value = secret.data?.[ref.key];
      if (value === undefined) throw new Error(`no data found in Secret ${trustNamespace}/${secret.metadata.name} at key "${ref.key}"`);
      const pem = Buffer.from(value, 'base64').toString('utf8');
      const blocks = pem.match(PEM_BLOCK);
      if (!blocks) throw new Error(`invalid PEM data in Secret ${trustNamespace}/${secret.metadata.name} at key "${ref.key}"`);
      for (const block of blocks) pool.add(block);
    }
  }
  if (pool.size === 0) throw new Error("couldn't find any valid certificates in bundle");
  return [...pool];
}
