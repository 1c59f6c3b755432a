import { NO_POD_IDENTITY } from '../../lib/k8s/identity/pod-identity';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { TrafficIntents } from '../../lib/k8s/policy/traffic-intents';
import { PROXY_ENABLE_NATIVE_SIDECAR } from '../../lib/contract/linkerd-annotations';
import { tfClusterSpec, tfConfigTemplate } from '../../lib/k8s/training/tf-config';
import { TrainingJob, TrainingJobProps } from '../../lib/k8s/training/training-job';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const BASE: TrainingJobProps = {
  name: 'churn-train',
  image: 'ghcr.io/ml-mesh-platform/tf-trainer:2.18.0',
  chief: { replicas: 1 },
  workers: { replicas: 3, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' }, gpus: 1 } },
  parameterServers: { replicas: 2 },
};

function synth(props: TrainingJobProps = BASE) {
  const { chart } = clusterChart();
  new MeshedNamespace(chart, 'namespace', { name: 'mlops' });
  new NamespaceNetworkPolicies(chart, 'network', { namespace: 'mlops', meshed: true });
  const job = new TrainingJob(chart, 'train', props);
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  return { chart, job, objects, jobSet: objects.find((o) => o.kind === 'JobSet')! };
}

/** What the kubelet does: expand $(TASK_INDEX) in TF_CONFIG with the pod's completion index. */
function resolveTfConfig(container: any, index: number): any {
  const env = container.env as { name: string; value?: string; valueFrom?: any }[];
  const indexVar = env.findIndex((e) => e.name === 'TASK_INDEX');
  const tfConfig = env.findIndex((e) => e.name === 'TF_CONFIG');
  expect(indexVar).toBeGreaterThanOrEqual(0);
  // Interdependent env vars expand only from earlier entries.
  expect(indexVar).toBeLessThan(tfConfig);
  expect(env[indexVar].valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } });
  return JSON.parse(env[tfConfig].value!.replace('$(TASK_INDEX)', String(index)));
}

describe('TrainingJob', () => {
  const { jobSet, objects, job, chart } = synth();
  const byRole = Object.fromEntries(jobSet.spec.replicatedJobs.map((r: any) => [r.name, r]));

  test('a JobSet with one Indexed Job per role and a headless Service for stable pod DNS', () => {
    expect(jobSet.apiVersion).toBe('jobset.x-k8s.io/v1alpha2');
    expect(Object.keys(byRole)).toEqual(['chief', 'worker', 'ps']);
    for (const [role, n] of [['chief', 1], ['worker', 3], ['ps', 2]] as const) {
      expect(byRole[role].replicas).toBe(1);
      expect(byRole[role].template.spec).toMatchObject({ completionMode: 'Indexed', completions: n, parallelism: n });
    }
    expect(jobSet.spec.network).toEqual({ enableDNSHostnames: true, subdomain: 'churn-train', publishNotReadyAddresses: true });
  });

  test('TF_CONFIG of every replica lists every replica, with DNS names under the JobSet subdomain, and its own task', () => {
    const expectedCluster = {
      chief: ['churn-train-chief-0-0.churn-train.mlops.svc:2222'],
      worker: [0, 1, 2].map((i) => `churn-train-worker-0-${i}.churn-train.mlops.svc:2222`),
      ps: [0, 1].map((i) => `churn-train-ps-0-${i}.churn-train.mlops.svc:2222`),
    };
    for (const [role, count] of [['chief', 1], ['worker', 3], ['ps', 2]] as const) {
      const container = byRole[role].template.spec.template.spec.containers[0];
      for (let i = 0; i < count; i++) {
        const tfConfig = resolveTfConfig(container, i);
        expect(tfConfig.cluster).toEqual(expectedCluster);
        expect(tfConfig.task).toEqual({ type: role, index: i });
      }
    }
    // Each address is "<jobset>-<replicatedJob>-<jobIndex>-<podIndex>.<subdomain>.<namespace>.svc", the name JobSet's
    // headless Service publishes; the subdomain is the JobSet's network.subdomain.
    for (const address of Object.values(expectedCluster).flat()) {
      const [host, subdomain, namespace] = address.split(':')[0].split('.');
      expect(host).toMatch(/^churn-train-(chief|worker|ps)-0-\d+$/);
      expect([subdomain, namespace]).toEqual([jobSet.spec.network.subdomain, jobSet.metadata.namespace]);
    }
  });

  test('the JobSet succeeds with the chief; failures restart the whole cluster', () => {
    expect(jobSet.spec.successPolicy).toEqual({ operator: 'All', targetReplicatedJobs: ['chief'] });
    expect(jobSet.spec.failurePolicy).toEqual({ maxRestarts: 3 });
    expect(byRole.worker.template.spec.backoffLimit).toBe(0);
  });

  test('meshed with a ServiceAccount per role and native sidecars, so Jobs complete', () => {
    for (const role of ['chief', 'worker', 'ps']) {
      const pod = byRole[role].template.spec.template;
      expect(pod.metadata.annotations[PROXY_ENABLE_NATIVE_SIDECAR]).toBe('true');
      expect(pod.spec.serviceAccountName).toBe(`churn-train-${role}`);
      expect(pod.spec.restartPolicy).toBe('Never');
      expect(pod.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    }
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['churn-train-chief', 'churn-train-worker', 'churn-train-ps']);
  });

  test('workers get GPUs and the GPU toleration; parameter servers do not', () => {
    const worker = byRole.worker.template.spec.template.spec;
    expect(worker.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(worker.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(byRole.ps.template.spec.template.spec.tolerations).toBeUndefined();
  });

  test('traffic between every pair of roles is allowed on the tf port', () => {
    const pairs = TrafficIntents.of(chart).all.map((i) => `${i.source.kind === 'workload' ? i.source.workload.name : ''}->${i.target.name}:${i.port}`);
    expect(pairs).toHaveLength(9);
    expect(pairs).toContain('churn-train-worker->churn-train-ps:tf');
    expect(pairs).toContain('churn-train-ps->churn-train-worker:tf');
    expect(job.roles.map((r) => r.ports[0])).toEqual([{ name: 'tf', port: 2222, protocol: 'grpc' }, { name: 'tf', port: 2222, protocol: 'grpc' }, { name: 'tf', port: 2222, protocol: 'grpc' }]);
  });

  test('without a chief the workers decide success (MultiWorkerMirroredStrategy)', () => {
    const { jobSet: mwms } = synth({ name: 'mwms', image: BASE.image, workers: { replicas: 2 } });
    expect(mwms.spec.successPolicy.targetReplicatedJobs).toEqual(['worker']);
    expect(mwms.spec.replicatedJobs.map((r: any) => r.name)).toEqual(['worker']);
  });
});

describe('tf-config helpers', () => {
  test('the template is valid JSON once the index is filled in', () => {
    const cluster = tfClusterSpec({ jobSetName: 'j', namespace: 'ns', subdomain: 'j', port: 2222, replicas: { worker: 2, ps: 0 } });
    expect(cluster).toEqual({ worker: ['j-worker-0-0.j.ns.svc:2222', 'j-worker-0-1.j.ns.svc:2222'] });
    expect(JSON.parse(tfConfigTemplate(cluster, 'worker').replace('$(TASK_INDEX)', '1'))).toEqual({ cluster, task: { type: 'worker', index: 1 }, environment: 'cloud' });
  });
});

describe('TrainingJob validation', () => {
  const expectError = (props: TrainingJobProps, message: string) => {
    const { chart } = clusterChart();
    expect(() => new TrainingJob(chart, 'train', props)).toThrow(message);
  };

  test('names the field, value and rule', () => {
    expectError({ ...BASE, chief: { replicas: 2 } }, 'chief.replicas = 2: TensorFlow has exactly one chief');
    expectError({ ...BASE, workers: { replicas: 0 } }, 'workers.replicas = 0: must be a whole number >= 1');
    expectError({ ...BASE, image: 'tf-trainer:latest' }, 'image = "tf-trainer:latest": must carry a pinned tag');
    expectError({ ...BASE, name: 'Churn' }, 'name = "Churn": must be an RFC 1123 label');
    expectError({ ...BASE, port: 0 }, 'port = 0: must be a TCP port 1-65535');
    expectError({ ...BASE, maxRestarts: -1 }, 'maxRestarts = -1: must be a whole number >= 0');
    expectError({ ...BASE, name: 'a'.repeat(53) }, `workers.replicas = 3: makes the pod hostname "${'a'.repeat(53)}-worker-0-2" longer than 63 characters`);
    expectError({ ...BASE, parameterServers: { replicas: 1, gpuAccelerator: 'A100' } }, 'parameterServers.gpuAccelerator = "A100": must be a GKE accelerator type');
    expectError({ ...BASE, identity: { ...NO_POD_IDENTITY, volumes: [{ name: 'azure-token', emptyDir: {} }] } },
      'identity.volumes = ["azure-token"]: must be projected token or ConfigMap volumes, the kinds workload identity adds to a pod');
    expectError({ ...BASE, roleIdentities: { worker: { ...NO_POD_IDENTITY, volumes: [{ name: 'scratch', emptyDir: {} }] } } },
      'roleIdentities.worker.volumes = ["scratch"]: must be projected token or ConfigMap volumes');
    expectError({ ...BASE, dataLocation: 's3://bucket/data' }, 'dataLocation = "s3://bucket/data": must be a Cloud Storage location gs://<bucket>[/<prefix>]');
    expectError({ ...BASE, dataLocation: 'gs://B/data' }, 'dataLocation = "gs://B/data": must be a Cloud Storage location');
  });
});

describe('TrainingJob data location and role identities', () => {
  const token = { name: 'google-identity-token', projected: { sources: [{ serviceAccountToken: { audience: '//iam.googleapis.com/projects/1/x', expirationSeconds: 3600, path: 'token' } }] } };
  const reader = { ...NO_POD_IDENTITY, volumes: [token, { name: 'google-credentials', configMap: { name: 'churn-worker-google-credentials' } }],
    volumeMounts: [{ name: 'google-identity-token', mountPath: '/var/run/secrets/google/tokens', readOnly: true }], env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/x.json' }] };

  test('the location reaches every container as TRAINING_DATA_LOCATION, and only the given role gets its identity', () => {
    const { jobSet } = synth({ ...BASE, dataLocation: 'gs://churn-data/v3', args: ['--data=$(TRAINING_DATA_LOCATION)'], roleIdentities: { worker: reader } });
    const pod = (role: string) => (jobSet as any).spec.replicatedJobs.find((j: any) => j.name === role).template.spec.template.spec;
    for (const role of ['worker', 'ps']) expect(pod(role).containers[0].env).toContainEqual({ name: 'TRAINING_DATA_LOCATION', value: 'gs://churn-data/v3' });
    expect(pod('worker').volumes.map((v: any) => v.name)).toEqual(['scratch', 'google-identity-token', 'google-credentials']);
    expect(pod('worker').volumes[1].projected.sources[0].serviceAccountToken).toEqual(token.projected.sources[0].serviceAccountToken);
    expect(pod('worker').containers[0].env).toContainEqual({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/x.json' });
    expect(pod('ps').volumes.map((v: any) => v.name)).toEqual(['scratch']);
  });
});
