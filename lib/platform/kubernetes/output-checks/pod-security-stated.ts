import { Issues } from '../../../core/validation';
import { POD_SECURITY_LABEL_PREFIX, POD_SECURITY_LEVELS, POD_SECURITY_REASON_ANNOTATION, PodSecurityLevel } from '../../../contract/pod-security';
import { ClusterOutput } from '../cluster-output';

/**
 * Every Namespace in the folder states the Pod Security level it enforces, and says why in
 * `ml-mesh-platform.io/pod-security-reason` when that level is less than `restricted`; `warn` and `audit` are at
 * least the enforced level. Without the `enforce` label a namespace falls back to the cluster default, which on AKS
 * and GKE admits privileged pods, so a namespace must never be weakened by omission.
 */
export function podSecurityStated(output: ClusterOutput, issues: Issues): void {
  for (const { file, objects } of output.files) {
    for (const ns of objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1')) {
      const metadata = ns.metadata as { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
      const where = `${file}: Namespace ${metadata.name}`;
      const labels = metadata.labels ?? {};
      const enforce = labels[`${POD_SECURITY_LABEL_PREFIX}enforce`] as PodSecurityLevel | undefined;
      if (!issues.check(enforce !== undefined && POD_SECURITY_LEVELS.includes(enforce), `${where} labels["${POD_SECURITY_LABEL_PREFIX}enforce"]`, enforce,
        `must state the enforced Pod Security level (${POD_SECURITY_LEVELS.join(', ')}); without it the cluster default (privileged on AKS and GKE) applies`)) continue;
      if (enforce !== 'restricted') {
        issues.check((metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION] ?? '').trim().length > 0, `${where} annotations["${POD_SECURITY_REASON_ANNOTATION}"]`,
          metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION], `must say why the namespace enforces ${enforce} rather than restricted`);
      }
      for (const mode of ['warn', 'audit'] as const) {
        const level = labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] as PodSecurityLevel | undefined;
        issues.check(level !== undefined && POD_SECURITY_LEVELS.indexOf(level) >= POD_SECURITY_LEVELS.indexOf(enforce!), `${where} labels["${POD_SECURITY_LABEL_PREFIX}${mode}"]`, level,
          `must be at least the enforced level (${enforce}), so reviews and the audit log see what the namespace admits`);
      }
    }
  }
}
