import { Issues } from '../core/validation';
import { MeshTrafficRedirect } from './linkerd';

// Pod Security Admission labels (kubernetes.io/docs/concepts/security/pod-security-admission). Every namespace the
// platform writes states its `enforce` level: a namespace without the label falls back to the cluster's default,
// which on AKS and GKE is `privileged`, so an omission would weaken it silently.

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** Label prefix of the three modes. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** Why a namespace enforces less than `restricted`; required on every such namespace the platform writes. */
export const POD_SECURITY_REASON_ANNOTATION = 'ml-mesh-platform.io/pod-security-reason';

/** The level a namespace enforces, and why when it is weaker than `restricted`. */
export interface PodSecurityStatement {
  readonly enforce: PodSecurityLevel;
  /** Required when `enforce` is not `restricted`: it lands in the reason annotation for reviewers. */
  readonly reason?: string;
  /**
   * Level of `warn` and `audit`. A namespace that cannot enforce the level its own templates meet still warns and
   * audits at it, so reviews and the audit log see every deviation.
   * @default the enforced level
   */
  readonly warnAndAudit?: PodSecurityLevel;
}

const RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

export function podSecurityStatementRules(statement: PodSecurityStatement, issues: Issues): void {
  issues.check(POD_SECURITY_LEVELS.includes(statement.enforce), 'enforce', statement.enforce, `must be one of ${POD_SECURITY_LEVELS.join(', ')}`);
  if (statement.enforce !== 'restricted') {
    issues.check((statement.reason ?? '').trim().length > 0, 'reason', statement.reason,
      `a namespace enforcing ${statement.enforce} (less than restricted) must say why, in the ${POD_SECURITY_REASON_ANNOTATION} annotation`);
  }
  const warn = statement.warnAndAudit ?? statement.enforce;
  issues.check(RANK[warn] >= RANK[statement.enforce], 'warnAndAudit', warn, `must be at least the enforced level (${statement.enforce}): a weaker warning hides nothing`);
}

/**
 * Labels and annotations of a namespace that states `statement` (versions `latest`, as the rules are). Refuses a
 * statement that breaks the rules, naming `where`.
 */
export function podSecurityMetadata(statement: PodSecurityStatement, where: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const issues = new Issues();
  podSecurityStatementRules(statement, issues);
  issues.throwIfAny(where);
  const warn = statement.warnAndAudit ?? statement.enforce;
  const labels: Record<string, string> = {};
  for (const [mode, level] of [['enforce', statement.enforce], ['warn', warn], ['audit', warn]] as const) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = level;
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = 'latest';
  }
  const annotations: Record<string, string> = statement.enforce === 'restricted' ? {} : { [POD_SECURITY_REASON_ANNOTATION]: statement.reason!.trim() };
  return { labels, annotations };
}

/**
 * The Pod Security statement of a meshed namespace. With proxy-init the injected init container adds NET_ADMIN and
 * NET_RAW, which both `baseline` and `restricted` forbid, so such a namespace can only enforce `privileged` (Linkerd's
 * own chart labels its namespace the same way: charts/linkerd-control-plane/templates/namespace.yaml). `warn` and
 * `audit` stay `restricted`: the API server checks Deployment and Job templates, which do not contain the injected
 * containers yet, so application pods are still held to the restricted profile in review and audit logs.
 */
export function meshedPodSecurity(redirect: MeshTrafficRedirect): PodSecurityStatement {
  if (redirect === 'linkerd-cni') return { enforce: 'restricted' };
  return {
    enforce: 'privileged',
    warnAndAudit: 'restricted',
    reason: 'Linkerd proxy-init adds NET_ADMIN and NET_RAW to every injected pod at admission; warn and audit stay restricted, so the workloads\' own templates are held to restricted',
  };
}
