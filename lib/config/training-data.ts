import { Issues } from '../core/validation';
import { EnvironmentConfig, IdentityConfig } from './environment';
import { TRAINING_DATA_READERS, trainingDataBucket } from '../k8s/training/training-job-rules';

/** Read-only access to the objects of one bucket (cloud.google.com/storage/docs/access-control/iam-roles). */
export const TRAINING_DATA_ROLE = 'roles/storage.objectViewer';

/** Each cluster side's serving config with the cloud it runs on. */
function sides(env: EnvironmentConfig) {
  return [
    ...(env.azure ? [{ runsOn: 'azure' as const, kubernetes: env.azure.kubernetes }] : []),
    ...(env.gcp ? [{ runsOn: 'gcp' as const, kubernetes: env.gcp.kubernetes }] : []),
  ];
}

/**
 * The identities the platform derives for training jobs that name a `dataLocation`: the chief and the workers each
 * read the one bucket (objectViewer on it, nothing else), as their own ServiceAccount `<job>-<role>`; parameter servers
 * get nothing. On GKE it is the workload's direct principal; on AKS the federation into the environment's pool.
 * `environmentBindings` adds them to the configured `identities`, so both halves read one list: the Terraform half
 * grants the bucket, the Kubernetes half gives the pods their credential and the egress it needs.
 */
export function trainingDataIdentities(env: EnvironmentConfig): IdentityConfig[] {
  if (!env.gcp) return [];
  return sides(env).flatMap(({ runsOn, kubernetes }) => (kubernetes.serving.trainingJobs ?? []).flatMap((job) => {
    const bucket = job.dataLocation === undefined ? undefined : trainingDataBucket(job.dataLocation);
    if (bucket === undefined) return [];
    const roles = TRAINING_DATA_READERS.filter((role) => (role === 'chief' ? job.chief !== undefined : true));
    return roles.map((role): IdentityConfig => ({
      name: `${job.name}-${role}-data-${runsOn === 'azure' ? 'aks' : 'gke'}`,
      runsOn,
      namespace: kubernetes.serving.namespace ?? 'mlops',
      serviceAccount: `${job.name}-${role}`,
      google: { grants: [{ kind: 'storage-bucket', bucket, role: TRAINING_DATA_ROLE }] },
    }));
  }));
}

/** A Cloud Storage data location needs the environment's Google project, where the reader's grant lives. */
export function trainingDataRules(env: EnvironmentConfig, issues: Issues): void {
  for (const { runsOn, kubernetes } of sides(env)) {
    (kubernetes.serving.trainingJobs ?? []).forEach((job, i) => {
      if (job.dataLocation === undefined) return;
      issues.at(runsOn).at('kubernetes.serving.trainingJobs').at(i).check(env.gcp !== undefined, 'dataLocation', job.dataLocation,
        'a gs:// location needs the environment\'s gcp section: the readers\' grant on the bucket is made in its project');
    });
  }
}
