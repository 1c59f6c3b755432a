import { DriftGate } from '../../lib/k8s/retraining/drift-gate';
import { serverDriftQuery } from '../../lib/k8s/retraining/drift-query';
import { KEDA_OPERATOR } from '../../lib/contract/chart-components';
import { DriftScaledJob, DriftScaledJobProps } from '../../lib/k8s/retraining/drift-scaled-job';
import { ANALYSIS_ENDPOINT } from '../../lib/k8s/observability/analysis-endpoint';
import { policyReferenceProblems } from '../../lib/k8s/mesh/policy-references';
import { celProblems } from '../support/cel';
import { findCrdVersion } from '../support/crd-catalog';
import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { definePodNetwork, gke, must, POD_CIDR } from './fixtures';

const IMAGE = 'registry.example.com/ml/retrain:2.3.0@sha256:' + 'c'.repeat(64);
const base: DriftScaledJobProps = { name: 'retrain-churn-on-drift', server: 'model-server', image: IMAGE };

function synth(props: DriftScaledJobProps = base, context = {}) {
  const { app, chart } = clusterChart(context);
  definePodNetwork(app);
  const job = new DriftScaledJob(chart, 'drift-job', props);
  return { app, chart, job, objects: synthObjects(chart) };
}

const scaledJobOf = (objects: Record<string, any>[]) => must(objects, (o) => o.kind === 'ScaledJob');

/** Every key anywhere in a JSON value, for asserting a field is never written. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('DriftScaledJob', () => {
  const { objects } = synth();
  const scaledJob = scaledJobOf(objects);
  const trigger = scaledJob.spec.triggers[0];

  test('every object is schema-valid and passes the CRDs\' CEL rules', () => {
    expectValidManifests(objects);
    expect(celProblems(objects)).toEqual([]);
    expect(scaledJob.apiVersion).toBe('keda.sh/v1alpha1');
    expect(objects.map((o) => o.kind).sort()).toEqual(['AuthorizationPolicy', 'NetworkAuthentication', 'ScaledJob', 'ServiceAccount']);
  });

  test('a GPU variant on GKE is schema-valid and CEL-clean too', () => {
    const { objects: gpu } = synth({ ...base, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' }, gpus: 1 }, gpuAccelerator: 'nvidia-l4' }, gke);
    expectValidManifests(gpu);
    expect(celProblems(gpu)).toEqual([]);
    const pod = scaledJobOf(gpu).spec.jobTargetRef.template.spec;
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
  });

  test('one prometheus trigger: linkerd-viz Prometheus, the drift gate\'s query, 0.15 as target and activation bound', () => {
    expect(scaledJob.spec.triggers).toHaveLength(1);
    expect(trigger.type).toBe('prometheus');
    expect(trigger.metadata).toEqual({
      serverAddress: 'http://prometheus.linkerd-viz:9090',
      query: 'max(model_data_drift_score{namespace="mlops", workload="model-server"})',
      threshold: '0.15',
      activationThreshold: '0.15',
      ignoreNullValues: 'true',
    });
  });

  test('the query is the drift gate\'s, built by the same function, so both judge the same number', () => {
    const { chart } = clusterChart();
    new DriftGate(chart, 'gate', { name: 'drift-gate-churn', server: 'model-server', retrainingCronJob: 'retrain-churn', image: IMAGE });
    const script: string = must(synthObjects(chart), (o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].command[2];
    expect(trigger.metadata.query).toBe(serverDriftQuery('mlops', 'model-server', ANALYSIS_ENDPOINT, 'aks-test'));
    expect(script).toContain(`q '${trigger.metadata.query}'`);
  });

  test('a custom threshold, namespace and query reach the trigger', () => {
    const { objects: out } = synth({ ...base, namespace: 'ml-prod', threshold: 0.3 });
    expect(scaledJobOf(out).spec.triggers[0].metadata).toMatchObject({
      query: 'max(model_data_drift_score{namespace="ml-prod", workload="model-server"})', threshold: '0.3', activationThreshold: '0.3',
    });
    const custom = 'max(avg_over_time(model_data_drift_score{namespace="mlops", workload="model-server"}[1h]))';
    expect(scaledJobOf(synth({ ...base, query: custom }).objects).spec.triggers[0].metadata.query).toBe(custom);
  });

  test('cooldown as KEDA can express it: one unfinished Job at most, one start per polling interval, runs survive updates', () => {
    expect(scaledJob.spec).toMatchObject({
      pollingInterval: 1800,
      minReplicaCount: 0,
      maxReplicaCount: 1,
      scalingStrategy: { strategy: 'default' },
      rollout: { strategy: 'gradual' },
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(scaledJobOf(synth({ ...base, pollingIntervalMinutes: 1440 }).objects).spec.pollingInterval).toBe(86400);
  });

  test('ScaledJob has no cooldownPeriod in its CRD, and none of the ScaledObject-only or deprecated fields is set', () => {
    const crd = findCrdVersion('keda.sh/v1alpha1', 'ScaledJob');
    const specFields = Object.keys((crd?.schema as any).properties.spec.properties);
    expect(specFields).not.toContain('cooldownPeriod');
    expect(specFields).toContain('pollingInterval');
    const written = keysOf(scaledJob.spec);
    for (const field of ['cooldownPeriod', 'rolloutStrategy', 'envSourceContainerName']) expect(written.has(field)).toBe(false);
  });

  test('metricType, which KEDA\'s release build removes from ScaledJob triggers, is never set', () => {
    // The committed CRD is the unpatched base file: it still offers metricType, so schema validation cannot catch it.
    const crd = findCrdVersion('keda.sh/v1alpha1', 'ScaledJob');
    expect(Object.keys((crd?.schema as any).properties.spec.properties.triggers.items.properties)).toContain('metricType');
    expect(trigger).not.toHaveProperty('metricType');
    expect(keysOf(objects).has('metricType')).toBe(false);
  });

  test('the release patch\'s other rules hold: no container port without a protocol', () => {
    const pod = scaledJob.spec.jobTargetRef.template.spec;
    const ports = pod.containers.flatMap((c: any) => c.ports ?? []);
    expect(ports.every((p: any) => typeof p.protocol === 'string')).toBe(true);
  });

  test('the training Job runs RetrainingSchedule\'s hardened, meshed pod', () => {
    const job = scaledJob.spec.jobTargetRef;
    expect(job).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 21600, ttlSecondsAfterFinished: 86400 });
    expect(job.template.metadata.annotations['config.linkerd.io/proxy-enable-native-sidecar']).toBe('true');
    expect(job.template.metadata.labels['ml-mesh-platform.io/workload']).toBe('retrain-churn-on-drift');
    const pod = job.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'retrain-churn-on-drift', automountServiceAccountToken: false });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.image).toBe(IMAGE);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '8Gi' } });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('no static secret: no Secret, no TriggerAuthentication, no authenticationRef, no secretTargetRef or secretKeyRef', () => {
    expect(objects.some((o) => ['Secret', 'TriggerAuthentication', 'ClusterTriggerAuthentication'].includes(o.kind))).toBe(false);
    expect(trigger).not.toHaveProperty('authenticationRef');
    const keys = keysOf(objects);
    for (const key of ['secretTargetRef', 'secretKeyRef', 'authenticationRef', 'bearerToken', 'password']) expect(keys.has(key)).toBe(false);
  });

  test('the KEDA operator, unmeshed, is let into linkerd-viz\'s prometheus-admin Server by pod network', () => {
    const auth = must(objects, (o) => o.kind === 'AuthorizationPolicy');
    const network = must(objects, (o) => o.kind === 'NetworkAuthentication');
    expect(network.metadata).toMatchObject({ name: 'prometheus-admin-keda-operator', namespace: 'linkerd-viz' });
    expect(network.spec.networks).toEqual([{ cidr: POD_CIDR }]);
    expect(auth.metadata).toMatchObject({ name: 'prometheus-admin-keda-operator', namespace: 'linkerd-viz' });
    expect(auth.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'prometheus-admin-keda-operator' }],
    });
    expect(KEDA_OPERATOR).toEqual({ namespace: 'keda', serviceAccountName: 'keda-operator', selector: { app: 'keda-operator' } });
  });

  test('the authorization is written once per app and its Server reference resolves', () => {
    const { app, chart } = clusterChart();
    definePodNetwork(app);
    new DriftScaledJob(chart, 'a', base);
    new DriftScaledJob(chart, 'b', { ...base, name: 'retrain-fraud-on-drift', server: 'fraud-server' });
    const out = synthObjects(chart);
    expect(out.filter((o) => o.kind === 'AuthorizationPolicy')).toHaveLength(1);
    expect(out.filter((o) => o.kind === 'ScaledJob')).toHaveLength(2);
    expect(policyReferenceProblems(app)).toEqual([]);
  });

  test('a custom in-cluster Prometheus is the caller\'s to authorize', () => {
    const { objects: out } = synth({ ...base, endpoint: { kind: 'in-cluster', url: 'http://prometheus.monitoring:9090' } });
    expect(scaledJobOf(out).spec.triggers[0].metadata.serverAddress).toBe('http://prometheus.monitoring:9090');
    expect(out.some((o) => o.kind === 'AuthorizationPolicy' || o.kind === 'NetworkAuthentication')).toBe(false);
  });

  test('without the pod network the operator cannot be authorized, and the error says how to fix it', () => {
    const { chart } = clusterChart();
    expect(() => new DriftScaledJob(chart, 'x', base)).toThrow('network "pods" is not defined');
  });

  test.each([
    [{ threshold: 0 }, 'threshold = 0: must be a drift score of at least 0.001'],
    [{ threshold: 0.0004 }, 'threshold = 0.0004: must be a drift score of at least 0.001'],
    [{ threshold: Number.NaN }, 'threshold = null: must be a drift score of at least 0.001'],
    [{ query: '  ' }, 'query = "  ": must be a non-empty PromQL expression'],
    [{ name: 'r'.repeat(58) }, 'must be at most 57 characters: KEDA names each Job <name>-<5 random characters>'],
    [{ name: 'Retrain_Churn' }, 'name = "Retrain_Churn": must be an RFC 1123 label'],
    [{ server: 'Model.Server' }, 'server = "Model.Server": must be an RFC 1123 label'],
    [{ namespace: 'ML' }, 'namespace = "ML": must be an RFC 1123 label'],
    [{ pollingIntervalMinutes: 0 }, 'pollingIntervalMinutes = 0: must be a whole number of minutes from 1'],
    [{ pollingIntervalMinutes: 1.5 }, 'pollingIntervalMinutes = 1.5: must be a whole number of minutes'],
    [{ endpoint: { kind: 'azure-monitor', queryEndpoint: 'https://amw.westeurope.prometheus.monitor.azure.com' } }, 'endpoint.kind = "azure-monitor": is not supported by DriftScaledJob'],
    [{ endpoint: { kind: 'google-managed', projectId: 'ml-prod' } }, 'podIdentity.provider azure-workload or gcp'],
    [{ endpoint: { kind: 'in-cluster', url: 'prometheus:9090' } }, 'endpoint.url = "prometheus:9090": must be an http(s) URL'],
    [{ image: 'registry.example.com/ml/retrain:latest' }, 'image = "registry.example.com/ml/retrain:latest": must carry a pinned tag'],
    [{ activeDeadlineSeconds: 30 }, 'activeDeadlineSeconds = 30: must be a whole number of seconds >= 60'],
    [{ backoffLimit: -1 }, 'backoffLimit = -1: must be a whole number >= 0'],
    [{ gpuAccelerator: 'NVIDIA L4' }, 'gpuAccelerator = "NVIDIA L4": must be a GKE accelerator type'],
  ])('%j is refused', (change, message) => {
    expect(() => synth({ ...base, ...change } as DriftScaledJobProps)).toThrow(message);
  });
});
