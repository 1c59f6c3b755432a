/**
 * Kubernetes minor versions an AKS cluster can be created with: GA or in long-term support after 2026-12.
 * Source: MicrosoftDocs/azure-aks-docs articles/aks/supported-kubernetes-versions.md, "AKS Kubernetes release
 * calendar" and "LTS versions" (commit f988e7e8 of 2026-08-05): 1.31's LTS ended Nov 2026; 1.32-1.37 are GA or LTS.
 * Copied 2026-12-07. A minor AKS released since then is refused until it is added here.
 */
export const AKS_KUBERNETES_MINORS: readonly string[] = ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];

/** The minor of `1.33` or `1.33.2`. */
export function kubernetesMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
