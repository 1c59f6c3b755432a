import { PROXY_ENABLE_NATIVE_SIDECAR } from '../../lib/contract/linkerd-annotations';
import { cronScheduleProblem } from '../../lib/k8s/core/cron-schedule';
import { RetrainingSchedule, RetrainingScheduleProps } from '../../lib/k8s/training/retraining-schedule';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const PROPS: RetrainingScheduleProps = { name: 'retrain-churn', schedule: '0 3 * * *', image: 'ghcr.io/ml-mesh-platform/retrain:1.2.0', args: ['--model', 'churn'] };

describe('RetrainingSchedule', () => {
  const { chart } = clusterChart({ cloud: 'gcp', dataplane: 'gke-dataplane-v2' });
  const schedule = new RetrainingSchedule(chart, 'retrain', { ...PROPS, resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' }, gpus: 1 } });
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  const cron = objects.find((o) => o.kind === 'CronJob')!;
  const pod = cron.spec.jobTemplate.spec.template;

  test('never overlaps a running retrain, in UTC', () => {
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600 });
    expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 21600 });
  });

  test('a meshed, hardened pod that completes (native sidecar)', () => {
    expect(pod.metadata.annotations[PROXY_ENABLE_NATIVE_SIDECAR]).toBe('true');
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'retrain-churn', automountServiceAccountToken: false });
    expect(pod.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('GPU on GKE: any accelerator node through node affinity', () => {
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([{ key: 'cloud.google.com/gke-accelerator', operator: 'Exists' }]);
    expect(pod.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('is a workload the pods select by its stable label', () => {
    expect(schedule.selector).toEqual({ 'ml-mesh-platform.io/workload': 'retrain-churn' });
    expect(pod.metadata.labels['ml-mesh-platform.io/workload']).toBe('retrain-churn');
  });
});

describe('RetrainingSchedule validation', () => {
  test('cron syntax', () => {
    expect(['0 3 * * *', '*/15 * * * 1-5', '@daily', '0 3 ? * MON-FRI'].map(cronScheduleProblem)).toEqual([undefined, undefined, undefined, undefined]);
    expect(['0 3 * *', 'daily', '0 3 * * * *', '61 3 * * *', '0 0 L * *', '0 3 * * 7', '0 0 31 2 *'].map((s) => cronScheduleProblem(s) !== undefined)).toEqual(Array(7).fill(true));
  });

  test('names the field, value and rule', () => {
    const { chart } = clusterChart();
    expect(() => new RetrainingSchedule(chart, 'r', { ...PROPS, schedule: 'every night' })).toThrow('schedule = "every night": must be a 5-field cron expression');
    expect(() => new RetrainingSchedule(chart, 'r2', { ...PROPS, name: 'r'.repeat(53) })).toThrow('must be at most 52 characters (CronJob limit)');
    expect(() => new RetrainingSchedule(chart, 'r3', { ...PROPS, activeDeadlineSeconds: 10 })).toThrow('activeDeadlineSeconds = 10: must be a whole number of seconds >= 60');
    expect(() => new RetrainingSchedule(chart, 'r4', { ...PROPS, backoffLimit: -1 })).toThrow('backoffLimit = -1: must be a whole number >= 0');
  });
});
