import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NO_POD_IDENTITY } from '../../lib/k8s/identity/pod-identity';
import { Canary, CanarySpecProvider, CanarySpecTargetRefKind } from '../../imports/flagger-canary-flagger.app';
import { HttpRoute, HttpRouteSpecRulesBackendRefsFiltersType, HttpRouteSpecRulesFiltersType } from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { failureAccrualAnnotations, MODEL_SERVER_FAILURE_ACCRUAL } from '../../lib/k8s/resilience/failure-accrual';
import { mirroringProblems, refuseMirroring } from '../../lib/k8s/resilience/mirroring-guard';
import { DriftGate, DriftGateProps } from '../../lib/k8s/retraining/drift-gate';
import { ShadowReplayJob } from '../../lib/k8s/resilience/shadow-replay-job';
import { ModelServer } from '../../lib/k8s/serving/model-server';
import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { gke, must } from './fixtures';

describe('failure accrual', () => {
  test('the model-server reference writes the verified Linkerd 2.20 keys', () => {
    expect(failureAccrualAnnotations(MODEL_SERVER_FAILURE_ACCRUAL)).toEqual({
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
      'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '5s',
      'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '1m',
    });
  });

  test.each([
    [{ mode: 'consecutive', maxFailures: 0 }, 'maxFailures = 0: must be a whole number >= 1'],
    [{ mode: 'consecutive', minPenalty: '10s', maxPenalty: '5s' }, 'maxPenalty = "5s": must be at least minPenalty (10s)'],
    [{ mode: 'consecutive', minPenalty: '5' }, 'minPenalty = "5": must be a positive Go duration with units'],
    [{ mode: 'consecutive', jitterRatio: 101 }, 'jitterRatio = 101: must be between 0 and 100'],
    [{ mode: 'unified' }, "mode = \"unified\": must be 'consecutive'"],
  ])('%j is refused', (spec, message) => {
    expect(() => failureAccrualAnnotations(spec as never)).toThrow(message);
  });
});

describe('mirroring guard', () => {
  function app(withMirror: { canary?: boolean; route?: boolean }) {
    const { app: a, chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops' });
    new Canary(chart, 'canary', {
      metadata: { name: 'model-server', namespace: 'mlops' },
      spec: {
        provider: CanarySpecProvider.GATEWAYAPI_V1,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: 'model-server' },
        service: { port: 8443 },
        analysis: { interval: '1m', threshold: 1, iterations: 10, ...(withMirror.canary ? { mirror: true, mirrorWeight: 10 } : {}) },
      },
    });
    if (withMirror.route) {
      new HttpRoute(chart, 'route', {
        metadata: { name: 'shadow', namespace: 'mlops' },
        spec: {
          parentRefs: [{ group: 'core', kind: 'Service', name: 'model-server', port: 8443 }],
          rules: [{ filters: [{ type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror: { backendRef: { name: 'model-server-canary', port: 8443 } } }], backendRefs: [{ name: 'model-server-primary', port: 8443 }] }],
        },
      });
    }
    refuseMirroring(a);
    return a;
  }

  test('a Canary without mirroring passes', () => expect(mirroringProblems(app({}))).toEqual([]));

  test('Flagger mirror options on a meshed cluster fail synth with the reason', () => {
    const a = app({ canary: true });
    expect(mirroringProblems(a)).toEqual([
      expect.stringContaining('Canary mlops/model-server: spec.analysis.mirror = true: must not be set; Linkerd 2.20 drops any route with a RequestMirror filter'),
      expect.stringContaining('spec.analysis.mirrorWeight = 10: must not be set'),
    ]);
    expect(() => a.synth()).toThrow('spec.analysis.mirror = true: must not be set');
  });

  test('a RequestMirror filter in a meshed namespace is refused', () => {
    expect(mirroringProblems(app({ route: true }))).toEqual([expect.stringContaining('HTTPRoute mlops/shadow: spec.rules[0] has a RequestMirror filter: refused on a meshed namespace')]);
  });
});

describe('mirroring guard registered by ModelServer', () => {
  const V1 = { name: 'v1', image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2', modelPath: '/var/cache/model/v1' };
  const V2 = { name: 'v2', image: 'ghcr.io/ml-mesh-platform/model-server:1.5.0', modelPath: '/var/cache/model/v2' };

  test('a RequestMirror route beside a split model server fails synth, reported once however many servers', () => {
    const { app, chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops' });
    new ModelServer(chart, 'split', { versions: [V1, V2], traffic: { split: { v1: 90, v2: 10 } } });
    new ModelServer(chart, 'gpu', { name: 'model-server-gpu', versions: [V1] });
    expect(() => app.synth()).not.toThrow();
    new HttpRoute(chart, 'shadow', {
      metadata: { name: 'shadow', namespace: 'mlops' },
      spec: {
        parentRefs: [{ group: 'core', kind: 'Service', name: 'model-server', port: 8443 }],
        rules: [{ backendRefs: [{ name: 'model-server-v1', port: 8443, filters: [{ type: HttpRouteSpecRulesBackendRefsFiltersType.REQUEST_MIRROR, requestMirror: { backendRef: { name: 'model-server-v2', port: 8443 } } }] }] }],
      },
    });
    // The guard sits on the app root, registered once: one message for one mirror.
    expect(app.node.validate()).toEqual([expect.stringContaining('HTTPRoute mlops/shadow: spec.rules[0] has a RequestMirror filter: refused on a meshed namespace')]);
    expect(() => app.synth()).toThrow('HTTPRoute mlops/shadow: spec.rules[0] has a RequestMirror filter');
  });
});

describe('DriftGate', () => {
  const base: DriftGateProps = { name: 'drift-gate-churn', server: 'model-server', retrainingCronJob: 'retrain-churn', image: 'registry.example.com/tools/drift-gate:1.4.2@sha256:' + 'a'.repeat(64) };

  function synth(props: DriftGateProps = base, context = {}) {
    const { chart } = clusterChart(context);
    const gate = new DriftGate(chart, 'gate', props);
    return { gate, objects: synthObjects(chart) };
  }

  const { objects } = synth();
  const cronJob = must(objects, (o) => o.kind === 'CronJob');
  const script: string = cronJob.spec.jobTemplate.spec.template.spec.containers[0].command[2];

  test('objects are schema-valid', () => expectValidManifests(objects));

  test('RBAC is least privilege: get the one retraining CronJob, create and list Jobs, in its namespace only', () => {
    const role = must(objects, (o) => o.kind === 'Role');
    expect(role.metadata.namespace).toBe('mlops');
    expect(role.rules).toEqual([
      { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: ['retrain-churn'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'list'] },
    ]);
    const binding = must(objects, (o) => o.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'drift-gate-churn', namespace: 'mlops' }]);
    expect(objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding' || o.kind === 'Secret')).toBe(false);
  });

  test('the gate never overlaps itself and runs hardened', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '*/30 * * * *', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false });
  });

  test('it compares the drift score with 0.15, honours a 24 h cooldown and starts a uniquely named Job from the CronJob', () => {
    expect(script).toContain(`q 'max(model_data_drift_score{namespace="mlops", workload="model-server"})'`);
    expect(script).toContain("'$d > 0.15'");
    expect(script).toContain('-lt 86400 ]');
    expect(script).toContain('kubectl create job -n mlops "retrain-churn-drift-$(date +%s)" --from=cronjob/retrain-churn');
    expect(script).toContain("'http://prometheus.linkerd-viz:9090/api/v1/query'");
  });

  test('on the managed GKE endpoint it uses the workload identity token and pins the cluster', () => {
    const identity = { serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'gate@p.iam.gserviceaccount.com' }, podLabels: {}, podAnnotations: {}, volumes: [], volumeMounts: [], env: [] };
    const { objects: out } = synth({ ...base, endpoint: { kind: 'google-managed', projectId: 'ml-prod' }, identity }, gke);
    const s: string = must(out, (o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].command[2];
    expect(s).toContain('http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token');
    expect(s).toContain('https://monitoring.googleapis.com/v1/projects/ml-prod/location/global/prometheus/api/v1/query');
    expect(s).toContain('cluster="gke-test"');
  });

  test('linkerd-viz\'s prometheus-admin Server admits the gate\'s identity, once per app for every gate (review D3)', () => {
    const { chart } = clusterChart();
    new DriftGate(chart, 'a', base);
    new DriftGate(chart, 'b', { ...base, name: 'drift-gate-fraud', namespace: 'fraud' });
    const out = synthObjects(chart);
    const readers = must(out, (o) => o.kind === 'MeshTLSAuthentication' && o.metadata.name === 'prometheus-admin-drift-gates');
    expect(readers.metadata.namespace).toBe('linkerd-viz');
    expect(readers.spec.identityRefs).toEqual([
      { kind: 'ServiceAccount', name: 'drift-gate-fraud', namespace: 'fraud' },
      { kind: 'ServiceAccount', name: 'drift-gate-churn', namespace: 'mlops' },
    ]);
    const policy = must(out, (o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'prometheus-admin-drift-gates');
    expect(policy.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'prometheus-admin-drift-gates' }],
    });
    const managed = synth({ ...base, endpoint: { kind: 'google-managed', projectId: 'ml-prod' }, identity: { ...NO_POD_IDENTITY } }, gke).objects;
    expect(managed.some((o) => o.metadata.name === 'prometheus-admin-drift-gates')).toBe(false);
  });

  test.each([
    [{ threshold: 0 }, 'threshold = 0: must be a drift score above 0'],
    [{ cooldownHours: 0.5 }, 'cooldownHours = 0.5: must be at least 1 hour'],
    [{ retrainingCronJob: 'a'.repeat(47) }, 'must be at most 46 characters: triggered Jobs are named <cronjob>-drift-<epoch seconds>'],
    [{ endpoint: { kind: 'azure-monitor', queryEndpoint: 'https://amw.westeurope.prometheus.monitor.azure.com' } }, 'identity = (unset): is required to query azure-monitor'],
    [{ schedule: 'every hour' }, 'schedule = "every hour": must be a 5-field cron expression'],
  ])('%j is refused', (change, message) => {
    expect(() => synth({ ...base, ...change } as DriftGateProps)).toThrow(message);
  });
});

/** Runs the gate's script under POSIX sh with stand-ins for curl and kubectl on PATH; jq and date are the real ones. */
function runGate(script: string, answer: { status: number; body: string }): { code: number; stderr: string; created: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'drift-gate-'));
  try {
    // curl --fail-with-body prints the body and exits 22 on an HTTP error.
    writeFileSync(join(dir, 'curl'), `#!/bin/sh\nprintf '%s' '${answer.body}'\nexit ${answer.status >= 400 ? 22 : 0}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'kubectl'), `#!/bin/sh\nif [ "$1" = get ]; then echo '{"items":[]}'; else touch '${dir}/created'; fi\n`, { mode: 0o755 });
    const result = spawnSync('sh', ['-c', script], { env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir }, encoding: 'utf8' });
    return { code: result.status ?? -1, stderr: result.stderr, created: existsSync(join(dir, 'created')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasShellTools = ['sh', 'jq'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

(hasShellTools ? describe : describe.skip)('DriftGate script, run', () => {
  const { chart } = clusterChart();
  new DriftGate(chart, 'gate', { name: 'drift-gate-churn', server: 'model-server', retrainingCronJob: 'retrain-churn', image: 'registry.example.com/tools/drift-gate:1.4.2' });
  const script: string = must(synthObjects(chart), (o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].command[2];
  const result = (value: string) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, value] }] } });

  test('a refused query fails the run loudly, with the server\'s answer (review D3)', () => {
    const run = runGate(script, { status: 403, body: 'RBAC: access denied' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('query failed: RBAC: access denied');
    expect(run.created).toBe(false);
  });

  test('no drift series is an error, not "nothing to judge"', () => {
    const run = runGate(script, { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no series');
  });

  test('a score within the threshold starts nothing; above it, one training Job', () => {
    expect(runGate(script, { status: 200, body: result('0.05') })).toEqual({ code: 0, stderr: '', created: false });
    expect(runGate(script, { status: 200, body: result('0.31') })).toMatchObject({ code: 0, created: true });
  });
});

describe('ShadowReplayJob', () => {
  const image = 'registry.example.com/tools/replay:0.9.1@sha256:' + 'b'.repeat(64);
  const props = { name: 'shadow-v2', candidateService: 'model-server-canary', candidatePort: 8443, recordedRequestsUri: 'gs://ml-prod-requests/2026-08-01/', image };

  test('replays recorded requests against the candidate Service from a hardened, meshed Job', () => {
    const { chart } = clusterChart();
    new ShadowReplayJob(chart, 'replay', props);
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const job = must(objects, (o) => o.kind === 'Job');
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({ TARGET_URL: 'http://model-server-canary.mlops.svc.cluster.local:8443', REQUESTS_URI: props.recordedRequestsUri, RATE_PER_SECOND: '20' });
    expect(job.spec.template.metadata.annotations['config.linkerd.io/proxy-enable-native-sidecar']).toBe('true');
  });

  test('a non object-store URI is refused', () => {
    const { chart } = clusterChart();
    expect(() => new ShadowReplayJob(chart, 'r', { ...props, recordedRequestsUri: '/data/requests' })).toThrow('recordedRequestsUri = "/data/requests": must be an object-store URI');
  });
});
