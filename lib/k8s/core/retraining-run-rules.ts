import { Issues } from '../../core/validation';
import { resourceRules, ResourceSpec } from '../../contract/quantities';
import { gpuAcceleratorRules } from '../serving/gpu-placement';
import { checkPinnedImage } from '../serving/image';
import type { RetrainingRunProps } from './batch-pod-template';
import { envRules } from './env-vars';

/**
 * The defaults of a retraining run, shared by RetrainingSchedule and DriftScaledJob so both mechanisms run the
 * same pod: its resources, the time after which a run is stopped (6 h), the pod retries of one run, and the
 * size of its scratch `/tmp`.
 */
export const RETRAINING_DEFAULTS: {
  readonly resources: ResourceSpec;
  readonly activeDeadlineSeconds: number;
  readonly backoffLimit: number;
  readonly scratchSizeLimit: string;
} = {
  resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '8Gi' } },
  activeDeadlineSeconds: 21600,
  backoffLimit: 1,
  scratchSizeLimit: '20Gi',
};

export function retrainingRunRules(props: RetrainingRunProps, issues: Issues): void {
  checkPinnedImage(issues, 'image', props.image);
  envRules(issues, 'env', props.env);
  resourceRules(props.resources ?? RETRAINING_DEFAULTS.resources, issues.at('resources'));
  gpuAcceleratorRules(props.gpuAccelerator, issues);
  const deadline = props.activeDeadlineSeconds ?? RETRAINING_DEFAULTS.activeDeadlineSeconds;
  issues.check(Number.isInteger(deadline) && deadline >= 60, 'activeDeadlineSeconds', deadline, 'must be a whole number of seconds >= 60');
  const backoff = props.backoffLimit ?? RETRAINING_DEFAULTS.backoffLimit;
  issues.check(Number.isInteger(backoff) && backoff >= 0, 'backoffLimit', backoff, 'must be a whole number >= 0');
}
