import { clusterTargets } from '../../lib/config/cluster-targets';
import { PlatformValidationError } from '../../lib/core/validation';
import { ClusterOutput, KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { checkClusterOutput, CLUSTER_OUTPUT_CHECKS } from '../../lib/platform/kubernetes/output-checks';
import { forbiddenFlowsDenied } from '../../lib/platform/kubernetes/output-checks/forbidden-flows';
import { requiredFlowsAllowed } from '../../lib/platform/kubernetes/output-checks/required-flows';
import { qa } from '../support/test-environments';
import { EnvironmentConfig } from '../../lib/config/environment';

const target = clusterTargets(qa)[1];
const server = (namespace: string, name: string): KubeObject => ({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name, namespace } });
const output = (files: Record<string, KubeObject[]>): ClusterOutput => ({ target, files: Object.entries(files).map(([file, objects]) => ({ file, folder: 'synced', objects })), intents: [] });

// The flow checks need a whole cluster (test/flows/); these hand-made folders exercise every other check.
const objectChecks = CLUSTER_OUTPUT_CHECKS.filter((check) => check !== requiredFlowsAllowed && check !== forbiddenFlowsDenied);

function problems(out: ClusterOutput): string {
  try {
    checkClusterOutput(out, objectChecks);
  } catch (e) {
    if (e instanceof PlatformValidationError) return e.message;
    throw e;
  }
  return '';
}

describe('whole-output checks of a cluster folder', () => {
  test('an object emitted by two charts is refused, naming the environment, the cluster, both files and the object', () => {
    const message = problems(output({ 'serving.yaml': [server('scoring', 'scorer-http')], 'observability.yaml': [server('scoring', 'scorer-http')] }));
    expect(message).toContain(`environment qa, cluster ${target.clusterName}`);
    expect(message).toContain('observability.yaml: Server.policy.linkerd.io scoring/scorer-http');
    expect(message).toMatch(/emitted twice, in serving\.yaml and in observability\.yaml/);
  });

  test('the same name in another namespace, kind or group is another object', () => {
    const route = (group: string): KubeObject => ({ apiVersion: `${group}/v1`, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'a' } });
    expect(problems(output({
      'a.yaml': [server('a', 'x'), route('gateway.networking.k8s.io')],
      'b.yaml': [server('b', 'x'), route('policy.linkerd.io'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'a' } }],
    }))).toBe('');
  });

  test('a duplicate inside one file is refused too', () => {
    expect(problems(output({ 'serving.yaml': [server('a', 'x'), server('a', 'x')] }))).toMatch(/emitted twice, in serving\.yaml and in serving\.yaml/);
  });

  test('an object in the run-once folder and the synced folder is a duplicate too, named with its folder', () => {
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'a' } };
    const out: ClusterOutput = { target, files: [{ file: 'serving.yaml', folder: 'synced', objects: [job] }, { file: 'job-a-j.yaml', folder: 'run-once', objects: [job] }], intents: [] };
    expect(problems(out)).toMatch(/run-once\/job-a-j\.yaml: Job\.batch a\/j.*emitted twice, in serving\.yaml and in run-once\/job-a-j\.yaml/);
  });

  test('a namespace without an enforce level, or enforcing less than restricted without a reason, is refused', () => {
    const ns = (name: string, labels: Record<string, string>, annotations: Record<string, string> = {}): KubeObject =>
      ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } });
    const modes = (level: string) => ({ 'pod-security.kubernetes.io/warn': level, 'pod-security.kubernetes.io/audit': level });
    const message = problems(output({ 'azureml.yaml': [
      ns('silent', modes('baseline')),
      ns('unexplained', { 'pod-security.kubernetes.io/enforce': 'privileged', ...modes('baseline') }),
      ns('lax-audit', { 'pod-security.kubernetes.io/enforce': 'restricted', ...modes('baseline') }),
    ] }));
    expect(message).toContain('azureml.yaml: Namespace silent labels["pod-security.kubernetes.io/enforce"] = (unset): must state the enforced Pod Security level');
    expect(message).toContain('azureml.yaml: Namespace unexplained annotations["ml-mesh-platform.io/pod-security-reason"] = (unset): must say why the namespace enforces privileged rather than restricted');
    expect(message).toContain('azureml.yaml: Namespace lax-audit labels["pod-security.kubernetes.io/warn"] = "baseline": must be at least the enforced level (restricted)');
    expect(problems(output({ 'a.yaml': [
      ns('fine', { 'pod-security.kubernetes.io/enforce': 'restricted', ...modes('restricted') }),
      ns('explained', { 'pod-security.kubernetes.io/enforce': 'baseline', ...modes('restricted') }, { 'ml-mesh-platform.io/pod-security-reason': 'Azure ML writes these pods' }),
    ] }))).toBe('');
  });
});

describe('replicas a controller owns', () => {
  const deployment = (name: string, replicas?: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'scoring' }, spec: { replicas } });
  const hpa: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'scaled', namespace: 'scoring' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scaled' } } };
  const canary: KubeObject = { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'scorer', namespace: 'scoring' }, spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scorer' } } };

  test('a Deployment an HPA or a Canary scales may not set spec.replicas; GitOps would write it back', () => {
    const message = problems(output({ 'serving.yaml': [deployment('scaled', 3), hpa, deployment('scorer', 2), canary, deployment('fixed', 2)] }));
    expect(message).toContain('"serving.yaml: Deployment.apps scoring/scaled": sets spec.replicas (3) though HorizontalPodAutoscaler.autoscaling scoring/scaled scales it');
    expect(message).toContain('"serving.yaml: Deployment.apps scoring/scorer": sets spec.replicas (2) though Canary.flagger.app scoring/scorer scales it to 0 between rollouts');
    expect(message).not.toContain('scoring/fixed');
  });

  test('without replicas, or in another namespace, it passes', () => {
    const elsewhere = { ...deployment('scaled', 3), metadata: { name: 'scaled', namespace: 'other' } };
    expect(problems(output({ 'serving.yaml': [deployment('scaled'), hpa, deployment('scorer'), canary, elsewhere] }))).toBe('');
  });
});

describe('every API group of a cluster folder is built in or installed by the cluster\'s plan', () => {
  const object = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject => ({ apiVersion, kind, metadata: { name, namespace } });
  const on = (env: EnvironmentConfig, cloud: 'azure' | 'gcp', files: Record<string, KubeObject[]>): ClusterOutput =>
    ({ target: clusterTargets(env).find((t) => t.cloud === cloud)!, files: Object.entries(files).map(([file, objects]) => ({ file, folder: 'synced' as const, objects })), intents: [] });

  test('a KEDA ScaledJob on a cluster that runs no drift ScaledJobs is refused, naming the object, the group and what installs it', () => {
    const message = problems(on(qa, 'gcp', { 'serving.yaml': [object('keda.sh/v1alpha1', 'ScaledJob', 'scorer-drift', 'scoring')] }));
    expect(message).toContain('environment qa, cluster gke-scoring-qa');
    expect(message).toContain('serving.yaml: ScaledJob.keda.sh scoring/scorer-drift');
    expect(message).toContain('uses API group keda.sh, which nothing installs on this GKE cluster; it would be installed by the keda Helm release (installed when serving.driftScaledJobs is set)');
  });

  test('PodMonitors on AKS without managed Prometheus are refused, naming the add-on that serves them', () => {
    const noPrometheus: EnvironmentConfig = { ...qa, azure: { ...qa.azure!, cluster: { ...qa.azure!.cluster, monitoring: { managedPrometheus: false } } } };
    const message = problems(on(noPrometheus, 'azure', { 'observability.yaml': [object('azmonitoring.coreos.com/v1', 'PodMonitor', 'scorer', 'scoring')] }));
    expect(message).toContain('observability.yaml: PodMonitor.azmonitoring.coreos.com scoring/scorer');
    expect(message).toContain('it would be installed by aks-managed-prometheus (installed on AKS with managed Prometheus (azure.cluster.monitoring.managedPrometheus, on by default))');
  });

  test('HTTPRoutes on AKS with cluster-managed Gateway API CRDs are refused: AKS serves none itself', () => {
    const clusterManaged: EnvironmentConfig = { ...qa, azure: { ...qa.azure!, kubernetes: { ...qa.azure!.kubernetes, mesh: { gatewayApiCrds: { source: 'cluster-managed' } } } } };
    const message = problems(on(clusterManaged, 'azure', { 'serving.yaml': [object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'scorer', 'scoring')] }));
    expect(message).toContain('uses API group gateway.networking.k8s.io, which nothing installs on this AKS cluster; it would be installed by the gateway-api-crds Helm release');
  });

  test('a group nothing in the platform serves is refused as such; built-in and planned groups pass', () => {
    expect(problems(on(qa, 'gcp', { 'x.yaml': [object('example.com/v1', 'Widget', 'w', 'scoring')] }))).toContain('uses API group example.com, which nothing installs on this GKE cluster; no component of the platform installs it');
    expect(problems(on(qa, 'azure', {
      'a.yaml': [object('v1', 'ConfigMap', 'c', 'scoring'), object('apps/v1', 'Deployment', 'd', 'scoring'), object('cilium.io/v2', 'CiliumNetworkPolicy', 'p', 'scoring')],
      'b.yaml': [object('amlarc.azureml.com/v1alpha1', 'InstanceType', 'defaultinstancetype'), object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', 'scoring')],
    }))).toBe('');
  });
});
