import { readdirSync,readFileSync } from 'fs';
import { join } from 'path';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { COMPONENT_LABEL,WORKLOAD_LABEL } from '../../lib/contract/labels';
import { modelPublisherCalls } from '../../lib/k8s/azureml/model-publisher-job';
import { destinationOf } from '../../lib/k8s/network/cloud-endpoints';
import { INTERNAL_LOAD_BALANCER } from '../../lib/k8s/serving/api-gateway';
import { modelPublisherPlan } from '../../lib/platform/kubernetes/azure-ml-chart';
import { clusterFlowReport } from '../../lib/platform/kubernetes/flows/cluster-flows';
import { blockingLayers,describeFlow,FlowVerdict,PodEndpoint } from '../../lib/platform/kubernetes/flows/flow';
import { FLOWS_DOCUMENT,flowsDocument } from '../../lib/platform/kubernetes/flows/flows-document';
import { clusterOutput,sharedSynth } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';
import { TRAINING_DATA_READERS } from '../../lib/k8s/training/training-job-rules';

// The flow model on every cluster folder of every environment (the examples and the test environments), rebuilt from
// the files as written (the YAML and the recorded intents test/support/synth-all.ts keeps beside them): every required
// flow allowed at every layer, every forbidden one denied at one, FLOWS.md as the evaluator draws it, and each flow the
// reviews found broken now open on every cluster that has it. Expectations come from the config, never from names.

const example = sharedSynth();

const clusters = allEnvironments.flatMap((env) => clusterTargets(env).map((target) => {
  const output = clusterOutput(example, target);
  return { label: `${env.name}/${target.clusterName}`, env, target, output, report: clusterFlowReport(output) };
}));

const isPod = (e: unknown): e is PodEndpoint => (e as PodEndpoint).kind === 'pod';
const allowedEverywhere = (v: FlowVerdict) => blockingLayers(v).length === 0;
const show = (v: FlowVerdict) => `${describeFlow(v.flow)}: ${blockingLayers(v).map((l) => `${l} ${v.layers[l].by}`).join('; ') || 'allowed'}`;

describe.each(clusters)('flows of $label', ({ env, target, output, report }) => {
  const namespace = target.kubernetes.serving.namespace ?? 'mlops';
  const required = report.required;
  const from = (pred: (v: FlowVerdict) => boolean) => required.filter(pred);

  test('every required flow is allowed at every layer, and every forbidden one denied at one at least', () => {
    expect(required.length).toBeGreaterThan(20);
    expect(required.filter((v) => !allowedEverywhere(v)).map(show)).toEqual([]);
    expect(report.forbidden.length).toBeGreaterThan(0);
    expect(report.forbidden.filter(allowedEverywhere).map(show)).toEqual([]);
  });

  test('FLOWS.md beside the YAML is the evaluator\'s picture of this folder', () => {
    const written = readFileSync(join(example.dir, 'dist', env.name, target.clusterName, FLOWS_DOCUMENT), 'utf8');
    expect(written).toBe(flowsDocument(report).text);
    expect(written).toContain('```mermaid\nflowchart LR');
    expect(readdirSync(join(example.dir, 'dist', env.name, target.clusterName)).filter((f) => !/\.(yaml|md)$/.test(f))).toEqual([]);
  });

  test('the API gateway is reachable from the private network through an internal load balancer (review D10)', () => {
    if (!target.kubernetes.serving.apiGateway) return;
    const ingress = from((v) => v.flow.family === 'ingress');
    expect(ingress.length).toBeGreaterThan(0);
    for (const v of ingress) expect(v.layers.mesh.by).toMatch(/AuthorizationPolicy .*api-gateway-http-net-internal-clients/);
    const lb = output.files.flatMap((f) => f.objects).find((o) => o.kind === 'Service' && (o as any).spec.type === 'LoadBalancer') as any;
    expect(lb.metadata.annotations).toEqual(INTERNAL_LOAD_BALANCER[target.cloud]);
    expect(lb.spec.externalTrafficPolicy).toBe('Local');
  });

  test('the model publisher reaches every endpoint its steps call, with its credential (review R2)', () => {
    const plan = target.cloud === 'azure' ? modelPublisherPlan(env) : undefined;
    if (!plan) return;
    const hosts = new Set(from((v) => isPod(v.flow.source) && v.flow.source.namespace === plan.namespace && v.flow.family === 'cloud')
      .filter((v) => v.layers.network.result === 'allowed' && v.layers.identity.result === 'allowed')
      .map((v) => (v.flow.destination.kind === 'host' ? v.flow.destination.host : '')));
    expect([...hosts].sort()).toEqual(modelPublisherCalls(plan).map((c) => destinationOf(c.endpoint).fqdn).sort());
  });

  test('the training data readers, and only they, hold the data location\'s identity and reach it (review R5)', () => {
    for (const job of (target.kubernetes.serving.trainingJobs ?? []).filter((j) => j.dataLocation !== undefined)) {
      const storage = (role: string) => from((v) => v.flow.family === 'cloud' && isPod(v.flow.source) && v.flow.source.labels[WORKLOAD_LABEL] === `${job.name}-${role}`
        && v.flow.destination.kind === 'host' && v.flow.destination.host === 'storage.googleapis.com');
      for (const role of TRAINING_DATA_READERS.filter((r) => r !== 'chief' || job.chief)) {
        expect(storage(role).length).toBeGreaterThan(0);
        for (const v of storage(role)) expect(v.layers.identity.by).toContain(`${job.name}-${role}-data`);
      }
      expect(storage('ps')).toEqual([]);
    }
  });

  test('drift gates read linkerd-viz\'s Prometheus, authorized by the mesh (review D3)', () => {
    const gates = target.kubernetes.serving.driftGates ?? [];
    const reads = from((v) => v.flow.family === 'prometheus' && isPod(v.flow.source) && v.flow.source.labels[COMPONENT_LABEL] === 'drift-gate');
    expect(reads.length).toBe(gates.length);
    for (const v of reads) expect(v.layers.mesh.by).toContain('AuthorizationPolicy linkerd-viz/prometheus-admin-drift-gates');
  });

  test('unmeshed pods reach a model server\'s /metrics only, not its inference (review D11)', () => {
    const servers = output.files.flatMap((f) => f.objects).filter((o) => o.kind === 'Server' && /-http$/.test(o.metadata.name ?? '') && o.metadata.namespace === namespace);
    const unmeshed = report.forbidden.filter((f) => isPod(f.flow.source) && !f.flow.source.meshed && f.flow.source.namespace === namespace
      && isPod(f.flow.destination) && f.flow.destination.meshed);
    expect(unmeshed.length).toBeGreaterThan(0);
    for (const v of unmeshed) {
      expect({ flow: describeFlow(v.flow), blocked: blockingLayers(v) }).toEqual({ flow: describeFlow(v.flow), blocked: expect.arrayContaining(['mesh']) });
    }
    const scrapes = from((v) => v.flow.family === 'scrape' && v.flow.request?.path === '/metrics' && isPod(v.flow.destination) && v.flow.destination.namespace === namespace && v.flow.port !== 4191);
    expect(scrapes.length).toBeGreaterThan(0);
    for (const v of scrapes.filter((s) => isPod(s.flow.source) && !s.flow.source.meshed)) expect(v.layers.mesh.by).toMatch(/route .*-metrics: AuthorizationPolicy .*-metrics-net-pods/);
    expect(servers.length).toBeGreaterThan(0);
  });

  test('between meshed pods the transport header opens every port at L4, and Linkerd refuses the ports a peer has no path to (review D12)', () => {
    const peerPairs = new Set(required.filter((v) => isPod(v.flow.source) && isPod(v.flow.destination) && v.wirePort === 4143)
      .map((v) => `${describeFlow({ ...v.flow, port: 0, request: undefined }).replace(/:0\/TCP$/, '')}`));
    const otherPorts = report.forbidden.filter((v) => v.wirePort === 4143
      && peerPairs.has(describeFlow({ ...v.flow, port: 0, request: undefined }).replace(/:0\/TCP$/, '')));
    expect(otherPorts.length).toBeGreaterThan(0);
    for (const v of otherPorts) expect({ flow: describeFlow(v.flow), mesh: v.layers.mesh.result }).toEqual({ flow: describeFlow(v.flow), mesh: 'blocked' });
  });

  test('the API server reaches every add-on webhook through konnectivity and directly, crossing the firewall on GKE (review D1)', () => {
    const webhooks = from((v) => v.flow.family === 'webhook');
    expect(webhooks.length).toBeGreaterThan(0);
    const direct = webhooks.filter((v) => v.flow.source.kind === 'address');
    const konnectivity = webhooks.filter((v) => isPod(v.flow.source));
    expect(direct.length).toBe(konnectivity.length);
    for (const v of direct) expect(v.layers.firewall.result).toBe(target.cloud === 'gcp' ? 'allowed' : 'n/a');
  });
});

describe.each(clusters)('the reference policy on $label', ({ target, report }) => {
  const namespace = target.kubernetes.serving.namespace ?? 'mlops';
  const servers = [target.kubernetes.serving.modelServer, target.kubernetes.serving.gpuModelServer].flatMap((s) => (s ? [s.name ?? 'model-server'] : []));
  const meshedPods = (v: FlowVerdict) => isPod(v.flow.source) && v.flow.source.meshed && isPod(v.flow.destination) && v.flow.source.namespace === namespace;
  const admitted = (workload: string, port: number) => [...new Set(report.required
    .filter((v) => meshedPods(v) && (v.flow.destination as PodEndpoint).labels[WORKLOAD_LABEL] === workload && v.flow.port === port && allowedEverywhere(v))
    .map((v) => (v.flow.source as PodEndpoint).labels[WORKLOAD_LABEL] ?? 'any meshed pod'))].sort();

  test('every meshed workload of the namespace calls the model servers\' internal port; only the gateway the public one', () => {
    for (const server of servers) {
      const gateway = target.kubernetes.serving.apiGateway ? ['api-gateway'] : [];
      expect(admitted(server, 8443)).toEqual(gateway);
      expect(admitted(server, 8080)).toContain('any meshed pod');
    }
  });

  test('the feature store admits exactly the model servers, the retraining runs and the drift ScaledJobs', () => {
    if (!target.kubernetes.serving.featureStore) return;
    const serving = target.kubernetes.serving;
    const expected = [...servers, ...(serving.retraining ?? []).map((r) => r.name), ...(serving.driftScaledJobs ?? []).map((j) => j.name)].sort();
    expect(admitted('feature-store', 8081)).toEqual(expected);
  });
});
