import { clusterTargets } from '../../lib/config/cluster-targets';
import { EnvironmentConfig } from '../../lib/config/environment';
import { clusterGpuPools } from '../../lib/config/gpu-pools';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { Issues,PlatformValidationError } from '../../lib/core/validation';
import { renderEnvironmentClusters } from '../../lib/platform/kubernetes/environment-clusters';
import { gpuCapacity } from '../../lib/platform/kubernetes/output-checks/gpu-capacity';
import { gpuDemands } from '../../lib/platform/kubernetes/output-checks/gpu-demand';
import { prod } from '../../stacks/environments/prod';
import { clusterOutput,sharedSynth } from '../support/example-synth';
import { allEnvironments,lab,qa } from '../support/test-environments';

// GPU pods must fit the GPU pools that can take them: replicas (twice for a canary, plus the rolling-update surge),
// every task of a training JobSet, GPUs per node and the pools' maximum node counts, selectors and taints.

const example = sharedSynth();


function refusal(env: EnvironmentConfig): string {
  try {
    renderEnvironmentClusters(env, DeployOutputs.none());
  } catch (e) {
    if (e instanceof PlatformValidationError) return e.message;
    throw e;
  }
  return '';
}

const clusters = allEnvironments.flatMap((env) => clusterTargets(env).map((t) => [`${env.name}/${t.clusterName}`, t] as const));

describe.each(clusters)('GPU demand on %s', (_label, target) => {
  const output = clusterOutput(example, target);
  const demands = gpuDemands(output);
  const serving = target.kubernetes.serving;
  const gpuServer = serving.gpuModelServer;

  test('every GPU workload the config asks for is counted, with its replicas, surge and training tasks', () => {
    const expected: string[] = [];
    for (const version of gpuServer?.versions ?? []) {
      if ((version.resources?.gpus ?? 0) === 0) continue;
      const replicas = version.autoscaling?.minReplicas ?? version.replicas ?? 2;
      expected.push(`Deployment.apps ${serving.namespace ?? 'mlops'}/${gpuServer!.name}-${version.name}: ${replicas + 1} x ${version.resources!.gpus}`);
    }
    for (const job of serving.trainingJobs ?? []) {
      const gpus = job.workers.resources?.gpus ?? 0;
      if (gpus > 0) expected.push(`JobSet.jobset.x-k8s.io ${serving.namespace ?? 'mlops'}/${job.name} (worker): ${job.workers.replicas} x ${gpus}`);
    }
    expect(demands.map((d) => `${d.workload.split(': ')[1]}: ${d.pods} x ${d.gpusPerPod}`).sort()).toEqual(expected.sort());
  });

  test('the demand fits the pools, at their maximum node counts', () => {
    const issues = new Issues();
    gpuCapacity(output, issues);
    expect(issues.all).toEqual([]);
    const capacity = clusterGpuPools(target).reduce((sum, p) => sum + p.maxNodes * p.gpusPerNode, 0);
    expect(demands.reduce((sum, d) => sum + d.pods * d.gpusPerPod, 0)).toBeLessThanOrEqual(capacity);
  });
});

test('the example and test environments have GPU demand on both clouds, so the check is exercised', () => {
  const loaded = clusters.filter(([, t]) => gpuDemands(clusterOutput(example, t)).length > 0).map(([, t]) => t.cloud);
  expect(new Set(loaded)).toEqual(new Set(['azure', 'gcp']));
});

test('GPUs per node come from the VM size (with its MIG profile) or the accelerator count; Azure ML pools keep their taints', () => {
  const aks = clusterGpuPools(clusterTargets(prod)[0]);
  expect(aks.map((p) => [p.name, p.gpusPerNode, p.maxNodes])).toEqual([['gput4', 1, 6], ['amlgpu', 1, 2]]);
  expect(aks[1].taints.map((t) => t.key)).toContain('ml.azure.com/amlarc');
  const mig = { ...prod.azure!, cluster: { ...prod.azure!.cluster, userPools: [{ name: 'mig', vmSize: 'Standard_NC48ads_A100_v4', minCount: 0, maxCount: 2, gpu: { migProfile: 'MIG3g' as const } }] } };
  expect(clusterGpuPools(clusterTargets({ ...prod, gcp: undefined, azure: mig })[0])[0]).toMatchObject({ gpusPerNode: 4, assumed: undefined });
  const unknown = { ...mig, cluster: { ...mig.cluster, userPools: [{ name: 'nv', vmSize: 'Standard_NC99xx_v9', minCount: 0, maxCount: 2, gpu: {} }] } };
  expect(clusterGpuPools(clusterTargets({ ...prod, gcp: undefined, azure: unknown })[0])[0].assumed).toMatch(/^1 GPU per node assumed/);
  expect(clusterGpuPools(clusterTargets(prod)[1]).map((p) => [p.name, p.gpusPerNode, p.labels['cloud.google.com/gke-accelerator']])).toEqual([['gpu-l4', 1, 'nvidia-l4']]);
});

describe('refused at synth', () => {
  test('prod\'s former pools: four single-GPU nodes for the GPU model server and a three-worker training run', () => {
    const azure = prod.azure!;
    const pools = azure.cluster.userPools!.map((p) => (p.name === 'gput4' ? { ...p, maxCount: 4 } : p));
    const message = refusal({ ...prod, gcp: undefined, azure: { ...azure, cluster: { ...azure.cluster, userPools: pools } } } as EnvironmentConfig);
    expect(message).toContain('environment prod, cluster aks-mlmesh-prod');
    expect(message).toContain('gput4 (azure.cluster.userPools[1].maxCount = 4 nodes x 1 GPU)');
    expect(message).toContain('serving.yaml: Deployment.apps mlops/model-server-gpu-v1: 3 x 1 GPU (2 replicas + 1 rolling-update surge)');
    expect(message).toContain('run-once/jobset-mlops-fraud-train.yaml: JobSet.jobset.x-k8s.io mlops/fraud-train (worker): 3 x 1 GPU (3 tasks, all running together)');
    expect(message).toContain('2 pods of run-once/jobset-mlops-fraud-train.yaml: JobSet.jobset.x-k8s.io mlops/fraud-train (worker) would stay Pending');
  });

  test('a GKE accelerator type no pool has', () => {
    const gcp = qa.gcp!;
    const job = { ...gcp.kubernetes.serving.trainingJobs![0], workers: { ...gcp.kubernetes.serving.trainingJobs![0].workers, gpuAccelerator: 'nvidia-a100-80gb' } };
    const message = refusal({ ...qa, azure: undefined, gcp: { ...gcp, kubernetes: { ...gcp.kubernetes, serving: { ...gcp.kubernetes.serving, trainingJobs: [job] } } } });
    expect(message).toContain('run-once/jobset-scoring-scorer-fit.yaml: JobSet.jobset.x-k8s.io scoring/scorer-fit (worker)');
    expect(message).toContain('requests 1 GPU per pod, but no GPU pool can take its pods: gpu-t4: nodeSelector cloud.google.com/gke-accelerator=nvidia-a100-80gb does not match (nvidia-tesla-t4)');
  });

  test('more GPUs per pod than any node has', () => {
    const azure = qa.azure!;
    const gpuServer = azure.kubernetes.serving.gpuModelServer!;
    const versions = gpuServer.versions.map((v) => ({ ...v, resources: { ...v.resources!, gpus: 2 } }));
    const message = refusal({ ...qa, gcp: undefined, azure: { ...azure, kubernetes: { ...azure.kubernetes, serving: { ...azure.kubernetes.serving, gpuModelServer: { ...gpuServer, versions } } } } } as EnvironmentConfig);
    expect(message).toContain('Deployment.apps scoring/scorer-gpu-stable');
    expect(message).toContain('requests 2 GPUs per pod, but no GPU pool can take its pods: gpua100: 1 GPU per node, the pod needs 2');
  });

  test('a GPU request on a cluster without GPU pools', () => {
    const gcp = lab.gcp!;
    const server = gcp.kubernetes.serving.modelServer;
    const versions = server.versions.map((v) => ({ ...v, resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' }, gpus: 1 } }));
    const message = refusal({ ...lab, gcp: { ...gcp, kubernetes: { ...gcp.kubernetes, serving: { ...gcp.kubernetes.serving, modelServer: { ...server, versions } } } } });
    expect(message).toContain('environment lab7, cluster gke-lab');
    expect(message).toContain('no GPU pool can take its pods: the cluster has no GPU pool (gcp.cluster.nodePools with gpu)');
  });
});
