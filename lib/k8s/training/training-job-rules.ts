import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { checkMemoryQuantity, resourceRules, ResourceSpec } from '../../contract/quantities';
import { envRules } from '../core/env-vars';
import type { PodIdentity } from '../identity/pod-identity';
import { checkNotProxyPort } from '../mesh/proxy-ports';
import { gpuAcceleratorRules } from '../serving/gpu-placement';
import { checkPinnedImage } from '../serving/image';
import { TfRole, TF_ROLES } from './tf-config';
import type { TrainingJobProps, TrainingRoleSpec } from './training-job';

/** The env var a training container finds its data location in (Kubernetes expands `$(VAR)` in args). */
export const TRAINING_DATA_ENV = 'TRAINING_DATA_LOCATION';

/** The roles that read the training data: ParameterServerStrategy's parameter servers only hold variables. */
export const TRAINING_DATA_READERS: readonly TfRole[] = ['chief', 'worker'];

// Cloud Storage bucket names (cloud.google.com/storage/docs/buckets#naming): 3-63 of [a-z0-9._-], starting and ending
// with a letter or digit.
const GCS_LOCATION = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])(\/[^\s]*)?$/;

/** The bucket of a `gs://` data location, or undefined when it is not one. */
export function trainingDataBucket(location: string): string | undefined {
  return GCS_LOCATION.exec(location)?.[1];
}

export const DEFAULT_ROLE_RESOURCES: ResourceSpec = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } };

export function roleSpecs(props: TrainingJobProps): Partial<Record<TfRole, TrainingRoleSpec>> {
  return { chief: props.chief, worker: props.workers, ps: props.parameterServers };
}

export function trainingJobRules(props: TrainingJobProps, issues: Issues): void {
  const ns = props.namespace ?? 'mlops';
  checkDnsLabel(issues, 'name', props.name);
  checkDnsLabel(issues, 'namespace', ns);
  checkPinnedImage(issues, 'image', props.image);
  envRules(issues, 'env', props.env);
  const port = props.port ?? 2222;
  if (issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, 'port', port, 'must be a TCP port 1-65535')) checkNotProxyPort(issues, 'port', port);
  const roles = roleSpecs(props);
  const field: Record<TfRole, string> = { chief: 'chief', worker: 'workers', ps: 'parameterServers' };
  for (const role of TF_ROLES) {
    const spec = roles[role];
    if (!spec) continue;
    const at = issues.at(field[role]);
    at.check(Number.isInteger(spec.replicas) && spec.replicas >= 1, 'replicas', spec.replicas, 'must be a whole number >= 1');
    if (role === 'chief') at.check(spec.replicas === 1, 'replicas', spec.replicas, 'TensorFlow has exactly one chief');
    // The pod hostname must be a DNS label: "<name>-<role>-0-<last index>".
    const host = `${props.name}-${role}-0-${Math.max(0, spec.replicas - 1)}`;
    at.check(host.length <= 63, 'replicas', spec.replicas, `makes the pod hostname "${host}" longer than 63 characters; shorten the job name`);
    resourceRules(spec.resources ?? DEFAULT_ROLE_RESOURCES, at.at('resources'));
    gpuAcceleratorRules(spec.gpuAccelerator, at);
  }
  const restarts = props.maxRestarts ?? 3;
  issues.check(Number.isInteger(restarts) && restarts >= 0, 'maxRestarts', restarts, 'must be a whole number >= 0');
  // JobSet (like Job) refuses a negative spec.ttlSecondsAfterFinished.
  const ttl = props.ttlSecondsAfterFinished ?? 86400;
  issues.check(Number.isInteger(ttl) && ttl >= 0, 'ttlSecondsAfterFinished', ttl, 'must be a whole number of seconds >= 0');
  // It becomes the emptyDir sizeLimit, a Kubernetes quantity.
  if (props.scratchSize !== undefined) {
    checkMemoryQuantity(issues, 'scratchSize', props.scratchSize);
  }
  if (props.dataLocation !== undefined) {
    issues.check(trainingDataBucket(props.dataLocation) !== undefined, 'dataLocation', props.dataLocation,
      'must be a Cloud Storage location gs://<bucket>[/<prefix>] (the only kind whose reader identity the platform derives)');
  }
  const identities: [string, PodIdentity | undefined][] = [['identity', props.identity], ...Object.entries(props.roleIdentities ?? {}).map(([role, id]): [string, PodIdentity | undefined] => [`roleIdentities.${role}`, id])];
  for (const [field, identity] of identities) {
    const unsupported = (identity?.volumes ?? []).filter((v) => !v.projected && !v.configMap).map((v) => v.name);
    issues.check(unsupported.length === 0, `${field}.volumes`, unsupported, 'must be projected token or ConfigMap volumes, the kinds workload identity adds to a pod');
  }
}
