/**
 * TF_CONFIG for distributed TensorFlow on a JobSet (tensorflow.org/guide/distributed_training, "Setting up the
 * TF_CONFIG environment variable"): every task gets the same `cluster` (role -> "host:port" per replica) and its
 * own `task` {type, index}.
 *
 * Each role is one replicatedJob with one Indexed Job of N pods, so JobSet names the pods
 * `<jobset>-<role>-0-<index>` and, with `network.enableDNSHostnames`, makes them resolvable under a headless Service
 * named after the subdomain (jobset.sigs.k8s.io docs, "DNS hostnames for Pods").
 * Pods of one Indexed Job share a template, so the task index comes from the pod itself: TASK_INDEX reads the
 * `batch.kubernetes.io/job-completion-index` annotation through the downward API, and the kubelet expands
 * `$(TASK_INDEX)` inside TF_CONFIG because it is declared earlier in the env list
 * (kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables).
 */

/** TensorFlow task types; `ps` is a parameter server. */
export type TfRole = 'chief' | 'worker' | 'ps';

/** Order of roles in the cluster spec and the JobSet. */
export const TF_ROLES: readonly TfRole[] = ['chief', 'worker', 'ps'];

/** Env var holding the pod's completion index; declared before TF_CONFIG so the kubelet can expand it. */
export const TASK_INDEX_ENV = 'TASK_INDEX';

/** The pod annotation the Job controller sets on every pod of an Indexed Job (kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode). */
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

export interface TfClusterLayout {
  readonly jobSetName: string;
  readonly namespace: string;
  /** Headless Service (JobSet `network.subdomain`). */
  readonly subdomain: string;
  readonly port: number;
  /** Replicas per role; roles with 0 or no replicas are left out. */
  readonly replicas: Readonly<Partial<Record<TfRole, number>>>;
}

/** Pod hostname JobSet gives replica `index` of a role (job index 0, one Job per role). */
export function tfReplicaHostname(jobSetName: string, role: TfRole, index: number): string {
  return `${jobSetName}-${role}-0-${index}`;
}

/** `role -> ["<host>.<subdomain>.<namespace>.svc:<port>", ...]`, every replica of every role. */
export function tfClusterSpec(layout: TfClusterLayout): Record<string, string[]> {
  const cluster: Record<string, string[]> = {};
  for (const role of TF_ROLES) {
    const n = layout.replicas[role] ?? 0;
    if (n <= 0) continue;
    cluster[role] = Array.from({ length: n }, (_, i) => `${tfReplicaHostname(layout.jobSetName, role, i)}.${layout.subdomain}.${layout.namespace}.svc:${layout.port}`);
  }
  return cluster;
}

/** The TF_CONFIG value for a role, with the index left as `$(TASK_INDEX)` for the kubelet to fill in. */
export function tfConfigTemplate(cluster: Readonly<Record<string, readonly string[]>>, role: TfRole): string {
  return `{"cluster":${JSON.stringify(cluster)},"task":{"type":"${role}","index":$(${TASK_INDEX_ENV})},"environment":"cloud"}`;
}
