import { ModelServer, ModelServerProps } from '../../lib/k8s/serving/model-server';
import { FLAGGER_SELECTOR_LABEL, MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../../lib/contract/labels';
import { TrafficIntents } from '../../lib/k8s/policy/traffic-intents';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { ApiGateway } from '../../lib/k8s/serving/api-gateway';
import { NO_POD_IDENTITY } from '../../lib/k8s/identity/pod-identity';
import { failureAccrualAnnotations, MODEL_SERVER_FAILURE_ACCRUAL } from '../../lib/k8s/resilience/failure-accrual';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const V1 = { name: 'v1', image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2', modelPath: '/var/cache/model/v1' };
const V2 = { name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/var/cache/model/v2' };

function synth(props: ModelServerProps, cloud: 'azure' | 'gcp' = 'azure') {
  const { chart } = clusterChart(cloud === 'gcp' ? { cloud: 'gcp', dataplane: 'gke-dataplane-v2', clusterName: 'gke-test' } : {});
  const server = new ModelServer(chart, 'model-server', props);
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  return { server, objects, chart };
}

const of = (objects: Record<string, any>[], kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const one = (objects: Record<string, any>[], kind: string, name: string) => {
  const found = of(objects, kind, name);
  expect(found).toHaveLength(1);
  return found[0];
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

function expectRuleError(props: ModelServerProps, message: string): void {
  const { chart } = clusterChart();
  expect(() => new ModelServer(chart, 'model-server', props)).toThrow(message);
}

describe('ModelServer with a static split', () => {
  const { objects, server } = synth({ versions: [V1, V2], traffic: { split: { v1: 90, v2: 10 } } });

  test('one Deployment per version, in mlops, each with its own image', () => {
    const v1 = one(objects, 'Deployment', 'model-server-v1');
    const v2 = one(objects, 'Deployment', 'model-server-v2');
    expect(v1.metadata.namespace).toBe('mlops');
    expect(v1.spec.template.spec.containers[0].image).toBe(V1.image);
    expect(v2.spec.template.spec.containers[0].image).toBe(V2.image);
  });

  test('each Deployment selector matches its own pod template and not the other version', () => {
    const v1 = one(objects, 'Deployment', 'model-server-v1');
    const v2 = one(objects, 'Deployment', 'model-server-v2');
    expect(matches(v1.spec.selector.matchLabels, v1.spec.template.metadata.labels)).toBe(true);
    expect(matches(v1.spec.selector.matchLabels, v2.spec.template.metadata.labels)).toBe(false);
  });

  test('the Service model-server selects every version and targets the named ports', () => {
    const svc = one(objects, 'Service', 'model-server');
    for (const name of ['model-server-v1', 'model-server-v2']) {
      expect(matches(svc.spec.selector, one(objects, 'Deployment', name).spec.template.metadata.labels)).toBe(true);
    }
    expect(svc.spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
      { name: 'public', port: 8443, targetPort: 'public', protocol: 'TCP', appProtocol: 'http' },
    ]);
    const containerPorts = one(objects, 'Deployment', 'model-server-v1').spec.template.spec.containers[0].ports;
    expect(containerPorts.map((p: any) => [p.name, p.containerPort])).toEqual([['http', 8080], ['public', 8443]]);
  });

  test('per-version Services select only their version, for the route backends', () => {
    const svc = one(objects, 'Service', 'model-server-v2');
    expect(matches(svc.spec.selector, one(objects, 'Deployment', 'model-server-v2').spec.template.metadata.labels)).toBe(true);
    expect(matches(svc.spec.selector, one(objects, 'Deployment', 'model-server-v1').spec.template.metadata.labels)).toBe(false);
  });

  test('the split is a Gateway API HTTPRoute on the public port with weights 90/10', () => {
    const routes = of(objects, 'HTTPRoute');
    expect(routes).toHaveLength(1);
    expect(routes[0].spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'model-server', port: 8443 }]);
    expect(routes[0].spec.rules[0].backendRefs.map((b: any) => [b.name, b.port, b.weight])).toEqual([['model-server-v1', 8443, 90], ['model-server-v2', 8443, 10]]);
  });

  test('the workload selector is the stable platform label on every pod', () => {
    expect(server.selector).toEqual({ [WORKLOAD_LABEL]: 'model-server' });
    for (const d of of(objects, 'Deployment')) expect(matches(server.selector, d.spec.template.metadata.labels)).toBe(true);
  });

  test('no Flagger objects', () => {
    expect(of(objects, 'Canary')).toHaveLength(0);
  });
});

describe('ModelServer circuit breaking', () => {
  const breaker = {
    'balancer.linkerd.io/failure-accrual': 'consecutive',
    'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
    'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '5s',
    'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '1m',
  };

  test('by default the Service and every version Service of a split carry the reference failure accrual', () => {
    const { objects } = synth({ versions: [V1, V2], traffic: { split: { v1: 90, v2: 10 } } });
    expect(failureAccrualAnnotations(MODEL_SERVER_FAILURE_ACCRUAL)).toEqual(breaker);
    const services = of(objects, 'Service');
    expect(services.map((svc) => svc.metadata.name)).toEqual(['model-server', 'model-server-v1', 'model-server-v2']);
    for (const svc of services) expect(svc.metadata.annotations).toEqual(breaker);
  });

  test('a typed spec replaces the reference; \'none\' writes no annotation', () => {
    const custom = synth({ versions: [V1], failureAccrual: { mode: 'consecutive', maxFailures: 3, jitterRatio: 1 } });
    expect(one(custom.objects, 'Service', 'model-server').metadata.annotations).toEqual({
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '3',
      'balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio': '1',
    });
    expect(one(synth({ versions: [V1], failureAccrual: 'none' }).objects, 'Service', 'model-server').metadata.annotations).toBeUndefined();
  });

  test('a bad spec is refused with its field', () => {
    expectRuleError({ versions: [V1], failureAccrual: { mode: 'consecutive', minPenalty: '10s', maxPenalty: '5s' } }, 'failureAccrual.maxPenalty = "5s": must be at least minPenalty (10s)');
  });
});

describe('ModelServer pods', () => {
  const { objects } = synth({
    versions: [{ ...V1, maxBatchSize: 64, resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' }, gpus: 1 }, replicas: 3 }],
  });
  const deployment = one(objects, 'Deployment', 'model-server-v1');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('env MODEL_PATH and MAX_BATCH_SIZE', () => {
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'MODEL_PATH', value: '/var/cache/model/v1' }, { name: 'MAX_BATCH_SIZE', value: '64' }]));
  });

  test('startup probe allows at least 10 minutes of model loading; readiness and liveness are httpGet', () => {
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(600);
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) expect(probe.httpGet.port).toBe('http');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
  });

  test('GPU limit, toleration of the clusters GPU taint and the AKS GPU pool selector', () => {
    expect(container.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.nodeSelector).toEqual({ 'ml-mesh.io/accelerator': 'nvidia-gpu' });
  });

  test('restricted security context, read-only root with emptyDirs, requests and limits', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp', 'model-cache']);
    expect(container.resources.requests).toEqual({ cpu: '2', memory: '8Gi' });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('graceful shutdown: preStop sleep shorter than the grace period', () => {
    const sleep = container.lifecycle.preStop.sleep.seconds;
    expect(sleep).toBe(15);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep);
  });

  test('spread across zones and nodes, over this version\'s pods', () => {
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of pod.topologySpreadConstraints) expect(matches(c.labelSelector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
  });

  test('PDB minAvailable is below the replica count and selects the pods', () => {
    const pdb = one(objects, 'PodDisruptionBudget', 'model-server-v1');
    expect(pdb.spec.minAvailable).toBe(2);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    expect(matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
  });

  test('GKE GPU pods select the accelerator GKE labels nodes with', () => {
    const gke = synth({ versions: [{ ...V1, gpuAccelerator: 'nvidia-l4', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' }, gpus: 1 } }] }, 'gcp');
    const gkePod = one(gke.objects, 'Deployment', 'model-server-v1').spec.template.spec;
    expect(gkePod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(gkePod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });
});

describe('ModelServer autoscaling', () => {
  const { objects } = synth({ versions: [{ ...V1, autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuUtilizationPercent: 60, targetRequestsPerSecondPerPod: 50 } }] });

  test('the HPA targets the version Deployment with CPU and requests-per-second metrics', () => {
    const hpa = one(objects, 'HorizontalPodAutoscaler', 'model-server-v1');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server-v1' });
    expect(one(objects, 'Deployment', 'model-server-v1').metadata.name).toBe(hpa.spec.scaleTargetRef.name);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '50' } } },
    ]);
  });

  test('the Deployment leaves replicas to the HPA; the PDB stays below minReplicas', () => {
    expect(one(objects, 'Deployment', 'model-server-v1').spec.replicas).toBeUndefined();
    expect(one(objects, 'PodDisruptionBudget', 'model-server-v1').spec.minAvailable).toBe(2);
  });
});

describe('ModelServer authorization', () => {
  test('the reference policy: the namespace may call the internal port, only api-gateway the public port', () => {
    const { chart } = clusterChart();
    new MeshedNamespace(chart, 'namespace', { name: 'mlops' });
    new NamespaceNetworkPolicies(chart, 'network', { namespace: 'mlops', meshed: true });
    const server = new ModelServer(chart, 'model-server', { versions: [V1] });
    const gateway = new ApiGateway(chart, 'api-gateway', { image: 'ghcr.io/ml-mesh-platform/api-gateway:2.0.1' });
    server.allowFromNamespace('mlops', 'http');
    server.allowFrom(gateway, 'public');
    const intents = TrafficIntents.of(chart).all;
    expect(intents.map((i) => [i.source.kind === 'workload' ? i.source.workload.name : i.source.kind, i.target.name, i.port]))
      .toEqual([['namespace', 'model-server', 'http'], ['api-gateway', 'model-server', 'public']]);
    expect(() => server.allowFrom(gateway, 'grpc')).toThrow('the workload has no such port (it has: http, public)');
    expectValidManifests(synthObjects(chart));
  });
});

describe('ModelServer identity binding', () => {
  test('SA annotations, pod labels and env are merged', () => {
    const { objects } = synth({
      versions: [V1],
      identity: { ...NO_POD_IDENTITY, serviceAccountAnnotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' }, podLabels: { 'azure.workload.identity/use': 'true' }, env: [{ name: 'AZURE_REGION', value: 'westeurope' }] },
    });
    expect(one(objects, 'ServiceAccount', 'model-server').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' });
    const pod = one(objects, 'Deployment', 'model-server-v1').spec.template;
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(pod.spec.serviceAccountName).toBe('model-server');
    expect(pod.spec.containers[0].env).toContainEqual({ name: 'AZURE_REGION', value: 'westeurope' });
  });
});

describe('ModelServer with a canary', () => {
  const { objects } = synth({ versions: [{ ...V2, autoscaling: { minReplicas: 2, maxReplicas: 6 } }], traffic: { canary: { steps: [{ weight: 50, durationMinutes: 5 }, { weight: 75, durationMinutes: 5 }], maxErrorRatePercent: 1, maxP99LatencyMs: 500 } } });

  test('one Deployment named after the server, selected by Flagger\'s selector label only', () => {
    const d = one(objects, 'Deployment', 'model-server');
    expect(d.spec.selector.matchLabels).toEqual({ [FLAGGER_SELECTOR_LABEL]: 'model-server' });
    expect(d.spec.template.metadata.labels).toMatchObject({ [WORKLOAD_LABEL]: 'model-server', [MODEL_VERSION_LABEL]: 'v2', [FLAGGER_SELECTOR_LABEL]: 'model-server' });
  });

  test('Flagger owns the Services and the route: none are emitted', () => {
    expect(of(objects, 'Service')).toHaveLength(0);
    expect(of(objects, 'HTTPRoute')).toHaveLength(0);
  });

  test('the PDB counts primary and canary pods through the label Flagger does not rewrite', () => {
    expect(one(objects, 'PodDisruptionBudget', 'model-server').spec.selector.matchLabels).toEqual({ [WORKLOAD_LABEL]: 'model-server' });
  });

  test('the Canary targets the Deployment and its HPA, and waits for model loading', () => {
    const canary = one(objects, 'Canary', 'model-server');
    expect(canary.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' });
    expect(canary.spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'model-server' });
    expect(one(objects, 'HorizontalPodAutoscaler', 'model-server').spec.scaleTargetRef.name).toBe('model-server');
    expect(canary.spec.progressDeadlineSeconds).toBeGreaterThan(600);
    expect(canary.spec.service).toMatchObject({ name: 'model-server', port: 8443, portName: 'public', targetPort: 'public', appProtocol: 'http', portDiscovery: true });
  });
});

describe('ModelServer validation', () => {
  test('names the field, value and rule', () => {
    expectRuleError({ versions: [{ ...V1, image: 'ghcr.io/x/model-server:latest' }] }, 'versions[0].image = "ghcr.io/x/model-server:latest": must carry a pinned tag');
    expectRuleError({ versions: [] }, 'versions = []: must list at least one model version');
    expectRuleError({ versions: [V1, { ...V2, name: 'v1' }], traffic: { split: { v1: 100 } } }, 'versions[1].name = "v1": must be unique among the versions');
    expectRuleError({ versions: [{ ...V1, name: 'V1' }] }, 'versions[0].name = "V1": must be an RFC 1123 label');
    expectRuleError({ versions: [{ ...V1, maxBatchSize: 0 }] }, 'versions[0].maxBatchSize = 0: must be a whole number >= 1');
    expectRuleError({ versions: [{ ...V1, replicas: 0 }] }, 'versions[0].replicas = 0: must be a whole number >= 1');
    expectRuleError({ versions: [{ ...V1, modelPath: '' }] }, 'versions[0].modelPath = "": must name where the model is loaded from');
    expectRuleError({ versions: [V1], port: 8443 }, 'publicPort = 8443: must differ from port (8443)');
    expectRuleError({ versions: [V1], port: 70000 }, 'port = 70000: must be a TCP port 1-65535');
    expectRuleError({ versions: [{ ...V1, gpuAccelerator: 'NVIDIA L4' }] }, 'versions[0].gpuAccelerator = "NVIDIA L4": must be a GKE accelerator type');
  });

  test('PodDisruptionBudget minAvailable must stay below replicas', () => {
    expectRuleError({ versions: [{ ...V1, replicas: 2, minAvailable: 2 }] }, 'versions[0].minAvailable = 2: must be a whole number >= 1 and below replicas (2)');
    expectRuleError({ versions: [{ ...V1, autoscaling: { minReplicas: 3, maxReplicas: 5 }, minAvailable: 3 }] }, 'versions[0].minAvailable = 3: must be a whole number >= 1 and below autoscaling.minReplicas (3)');
  });

  test('a single replica gets no PDB, which would block every drain', () => {
    const { objects } = synth({ versions: [{ ...V1, replicas: 1 }] });
    expect(of(objects, 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('autoscaling rules', () => {
    expectRuleError({ versions: [{ ...V1, autoscaling: { minReplicas: 4, maxReplicas: 2 } }] }, 'versions[0].autoscaling.maxReplicas = 2: must be >= minReplicas (4)');
    expectRuleError({ versions: [{ ...V1, autoscaling: { minReplicas: 0, maxReplicas: 2 } }] }, 'versions[0].autoscaling.minReplicas = 0: must be a whole number >= 1');
    expectRuleError({ versions: [{ ...V1, autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: 150 } }] }, 'versions[0].autoscaling.targetCpuUtilizationPercent = 150: must be a whole percentage 1-100');
    expectRuleError({ versions: [{ ...V1, autoscaling: { minReplicas: 2, maxReplicas: 4, targetRequestsPerSecondPerPod: 0 } }] }, 'versions[0].autoscaling.targetRequestsPerSecondPerPod = 0: must be a positive number');
  });

  test('probe and shutdown rules', () => {
    const probes = { readiness: { path: 'health' }, liveness: { path: '/live', port: 'grpc' } };
    expectRuleError({ versions: [V1], probes }, 'probes.readiness.path = "health": must be an absolute HTTP path');
    expectRuleError({ versions: [V1], probes }, 'probes.liveness.port = "grpc": must name one of the workload\'s ports (http, public)');
    expectRuleError({ versions: [V1], probes: { readiness: { path: '/r', periodSeconds: 0 }, liveness: { path: '/l' } } }, 'probes.readiness.periodSeconds = 0: must be a whole number >= 1');
    expectRuleError({ versions: [V1], shutdown: { preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 } }, 'shutdown.terminationGracePeriodSeconds = 30: must be longer than preStopSleepSeconds (30)');
    expectRuleError({ versions: [V1], shutdown: { preStopSleepSeconds: 0 } }, 'shutdown.preStopSleepSeconds = 0: must be a whole number of seconds >= 1');
  });

  test('traffic rules', () => {
    expectRuleError({ versions: [V1, V2] }, 'traffic = (unset): 2 versions need traffic.split weights');
    expectRuleError({ versions: [V1, V2], traffic: { split: { v1: 90, v3: 10 } } }, 'traffic.split.v3 = 10: names no version of this server (versions: v1, v2)');
    expectRuleError({ versions: [V1, V2], traffic: { split: { v1: 100 } } }, 'traffic.split.v2 = (unset): every version needs a weight');
    const plan = { steps: [{ weight: 50, durationMinutes: 5 }], maxErrorRatePercent: 1, maxP99LatencyMs: 500 };
    expectRuleError({ versions: [V1, V2], traffic: { split: { v1: 90, v2: 10 }, canary: plan } },
      'traffic = "split and canary": choose one: a static split and a Flagger canary cannot both drive the same Service');
    expectRuleError({ versions: [V1, V2], traffic: { canary: plan } }, 'versions = ["v1","v2"]: a canary rolls out one version at a time');
    expectRuleError({ versions: [V1], traffic: { canary: { ...plan, steps: [{ weight: 100, durationMinutes: 5 }] } } },
      'traffic.canary.steps[0].weight = 100: must stay below 100: Flagger runs the promotion gate once the canary holds the last step\'s weight');
    expectRuleError({ versions: [V1], traffic: { canary: plan } }, 'versions[0].autoscaling = (unset): a canaried version needs autoscaling');
  });
});
