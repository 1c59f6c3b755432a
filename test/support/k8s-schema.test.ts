import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecUsages } from '../../imports/certmanager-certificate-cert-manager.io';
import { CiliumNetworkPolicy } from '../../imports/cilium-network-policy-cilium.io';
import { Canary, CanarySpecProvider, CanarySpecTargetRefKind } from '../../imports/flagger-canary-flagger.app';
import { JobSet } from '../../imports/jobset-jobset.x-k8s.io';
import { ServerV1Beta3 } from '../../imports/linkerd-server-policy.linkerd.io';
import { allCrdVersions, crdsDir, type JsonObject } from './crd-catalog';
import { crdSchemaProblems } from './crd-validator';
import { expectValidManifests, loadYamlDir, schemaProblems, type SchemaProblem } from './k8s-schema';
import { re2ToRegExp } from './re2-pattern';
import { closeStructuralSchema } from './structural-schema';

type Manifest = Record<string, unknown>;

/** A plain Deployment, for negative cases that the typed constructs would not let us write. */
function deployment(podSpecExtra: Manifest = {}, specExtra: Manifest = {}): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'model-server', namespace: 'mlops', labels: { 'app.kubernetes.io/name': 'model-server' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'model-server' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'model-server' } },
        spec: { containers: [{ name: 'server', image: 'ghcr.io/example/server:1.0.0' }], ...podSpecExtra },
      },
      ...specExtra,
    },
  };
}

function server(specExtra: Manifest = {}): Manifest {
  return {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { name: 'model-server-http', namespace: 'mlops' },
    spec: { podSelector: { matchLabels: { app: 'model-server' } }, port: 'http', ...specExtra },
  };
}

function ciliumPolicy(port: unknown): Manifest {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'allow-gateway', namespace: 'mlops' },
    spec: {
      endpointSelector: { matchLabels: { app: 'model-server' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { app: 'gateway' } }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }],
    },
  };
}

const paths = (problems: SchemaProblem[]): string[] => problems.map((p) => `${p.object} ${p.path}`);

describe('core kinds (kubernetes-models)', () => {
  test('a cdk8s-plus Deployment and Service are valid', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'model-server', {
      metadata: { namespace: 'mlops' },
      containers: [{ image: 'ghcr.io/example/server:1.0.0', portNumber: 8080, securityContext: { user: 1000 } }],
    });
    dep.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m: Manifest) => m.kind)).toEqual(['Deployment', 'Service']);
    expect(schemaProblems(manifests)).toEqual([]);
    expect(() => expectValidManifests(manifests)).not.toThrow();
  });

  test('an unknown field in the pod spec is rejected', () => {
    const problems = schemaProblems([deployment({ hostNetwrk: true })]);
    expect(problems).toEqual([
      { object: 'Deployment mlops/model-server', path: 'spec.template.spec.hostNetwrk', message: expect.stringContaining('unknown field') },
    ]);
  });

  test('an unknown field in a container and in metadata is rejected', () => {
    const dep = deployment();
    const spec = dep.spec as { template: { spec: { containers: Manifest[] } } };
    spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    (dep.metadata as Manifest).label = { a: 'b' };
    expect(paths(schemaProblems([dep]))).toEqual([
      'Deployment mlops/model-server metadata.label',
      'Deployment mlops/model-server spec.template.spec.containers[0].imagePullPolicyy',
    ]);
  });

  test('a wrong type is rejected', () => {
    const problems = schemaProblems([deployment({}, { replicas: '3' })]);
    expect(problems).toEqual([{ object: 'Deployment mlops/model-server', path: 'spec.replicas', message: expect.stringMatching(/integer/) }]);
  });

  test('a missing required field is rejected', () => {
    const problems = schemaProblems([deployment({ containers: [{ image: 'x' }] })]);
    expect(problems).toEqual([{ object: 'Deployment mlops/model-server', path: 'spec.template.spec.containers[0].name', message: 'is required' }]);
  });

  test('any core kind resolves, not a fixed list', () => {
    const objects: Manifest[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mlops' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'trainer', namespace: 'mlops' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'mlops' }, data: { a: 'b' } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'mlops' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } } } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'mlops' }, spec: { maxUnavailable: 1, selector: { matchLabels: { a: 'b' } } } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'hpa', namespace: 'mlops' }, spec: { maxReplicas: 3, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'mlops' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregate-to-view-models' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'training' }, value: 1000, description: 'batch training' },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'mlops' }, type: 'Opaque', stringData: { a: 'b' }, data: { c: 'ZA==' } },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'train', namespace: 'mlops' },
        spec: {
          backoffLimit: 1,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '500m', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': 1 } }, env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }],
              tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            },
          },
        },
      },
    ];
    expect(schemaProblems(objects)).toEqual([]);
    const typo = { ...objects[5], spec: { maxReplicas: 3, minReplica: 1, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' } } };
    expect(paths(schemaProblems([typo]))).toEqual(['HorizontalPodAutoscaler mlops/hpa spec.minReplica']);
  });

  test('the CRD files themselves are valid CustomResourceDefinitions (a deep, recursive core schema)', () => {
    const crds = loadYamlDir(crdsDir());
    expect(crds.length).toBeGreaterThanOrEqual(35);
    expect(schemaProblems(crds)).toEqual([]);
    const typo = structuredClone(crds[0]);
    (typo.spec as Manifest).scop = 'Namespaced';
    expect(schemaProblems([typo]).map((p) => p.path)).toEqual(['spec.scop']);
  });

  test('free-form map fields (labels, ConfigMap data, nodeSelector) accept any key', () => {
    expect(schemaProblems([deployment({ nodeSelector: { 'kubernetes.azure.com/agentpool': 'gpu' } })])).toEqual([]);
  });

  test('names and labels follow the API server rules', () => {
    const objects: Manifest[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1-model', namespace: 'mlops' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'mlops', labels: { team: 'ml platform' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'mlops' } },
    ];
    expect(paths(schemaProblems(objects))).toEqual([
      'Service mlops/1-model metadata.name',
      'ConfigMap mlops/Bad_Name metadata.name',
      'ConfigMap mlops/Bad_Name metadata.labels.team',
      'ConfigMap (unnamed #2) metadata.name',
    ]);
  });

  test('removed beta core APIs have no schema', () => {
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'mlops' }, spec: {} };
    expect(schemaProblems([pdb])).toEqual([
      { object: 'PodDisruptionBudget mlops/pdb', path: 'apiVersion', message: expect.stringContaining('no schema for policy/v1beta1 PodDisruptionBudget') },
    ]);
  });
});

describe('custom resources (CRD openAPIV3Schema)', () => {
  test('a Linkerd Server v1beta3 built with the generated class is valid', () => {
    const chart = Testing.chart();
    new ServerV1Beta3(chart, 'server', {
      metadata: { name: 'model-server-http', namespace: 'mlops' },
      spec: { podSelector: { matchLabels: { app: 'model-server' } }, port: 8080, proxyProtocol: 'HTTP/2' },
    });
    expect(schemaProblems(Testing.synth(chart))).toEqual([]);
  });

  test('a Linkerd Server with an unknown spec field or a wrong type is rejected', () => {
    expect(schemaProblems([server({ proxyProtocl: 'HTTP/2' })])).toEqual([
      { object: 'Server mlops/model-server-http', path: 'spec.proxyProtocl', message: expect.stringContaining('unknown field') },
    ]);
    expect(schemaProblems([server({ podSelector: { matchExpressions: { key: 'app' } } })])).toEqual([
      { object: 'Server mlops/model-server-http', path: 'spec.podSelector.matchExpressions', message: 'must be array' },
    ]);
  });

  test('x-kubernetes-int-or-string accepts a port number or name, not a float or a bool', () => {
    expect(schemaProblems([server({ port: 8080 }), server({ port: 'admin-http' })])).toEqual([]);
    expect(schemaProblems([server({ port: 80.5 }), server({ port: true })]).map((p) => p.message)).toEqual([
      'must be an integer or a string',
      'must be an integer or a string',
    ]);
  });

  test('unknown metadata fields of a custom resource are rejected (ObjectMeta model)', () => {
    const s = server();
    s.metadata = { name: 'x', namespace: 'mlops', annotation: { a: 'b' } };
    expect(paths(schemaProblems([s]))).toEqual(['Server mlops/x metadata.annotation']);
  });

  test('a deprecated CRD version is flagged with the versions to use instead', () => {
    const old = { ...server(), apiVersion: 'policy.linkerd.io/v1alpha1', spec: { podSelector: { matchLabels: { a: 'b' } }, port: 80 } };
    expect(schemaProblems([old])).toEqual([
      { object: 'Server mlops/model-server-http', path: 'apiVersion', message: expect.stringContaining('deprecated by CRD servers.policy.linkerd.io; use v1beta2 or v1beta3') },
    ]);
  });

  test('Cilium ports are strings in the schema: "8080" passes, 8080 fails', () => {
    const chart = Testing.chart();
    new CiliumNetworkPolicy(chart, 'cnp', {
      metadata: { name: 'allow-gateway', namespace: 'mlops' },
      spec: {
        endpointSelector: { matchLabels: { app: 'model-server' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { app: 'gateway' } }], toPorts: [{ ports: [{ port: '8080' }] }] }],
      },
    });
    expect(schemaProblems(Testing.synth(chart))).toEqual([]);
    expect(schemaProblems([ciliumPolicy('8080')])).toEqual([]);
    expect(schemaProblems([ciliumPolicy(8080)])).toEqual([
      { object: 'CiliumNetworkPolicy mlops/allow-gateway', path: 'spec.ingress[0].toPorts[0].ports[0].port', message: 'must be string' },
    ]);
  });

  test('Cilium RE2 pattern ^\\PC*$ is enforced (no control characters)', () => {
    const policy = ciliumPolicy('8080');
    (policy.spec as Manifest).log = { value: 'allow\u0007' };
    expect(paths(schemaProblems([policy]))).toEqual(['CiliumNetworkPolicy mlops/allow-gateway spec.log.value']);
    (policy.spec as Manifest).log = { value: 'allow-gateway' };
    expect(schemaProblems([policy])).toEqual([]);
  });

  test('a Flagger Canary built with the generated class is valid; a typo in it is not', () => {
    const chart = Testing.chart();
    new Canary(chart, 'canary', {
      metadata: { name: 'model-server', namespace: 'mlops' },
      spec: {
        provider: CanarySpecProvider.LINKERD,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: 'model-server' },
        service: { port: 80, targetPort: 8080 },
        analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10, metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }] },
      },
    });
    const [canary] = Testing.synth(chart);
    expect(schemaProblems([canary])).toEqual([]);
    const spec = canary.spec as { targetRef: Manifest };
    spec.targetRef.nmae = 'typo';
    expect(paths(schemaProblems([canary]))).toEqual(['Canary mlops/model-server spec.targetRef.nmae']);
  });

  test('a cert-manager Certificate built with the generated class is valid; isCa (the TS name) in raw JSON is not', () => {
    const chart = Testing.chart();
    new Certificate(chart, 'identity-issuer', {
      metadata: { name: 'linkerd-identity-issuer', namespace: 'linkerd' },
      spec: {
        secretName: 'linkerd-identity-issuer',
        duration: '48h',
        renewBefore: '25h',
        isCa: true,
        commonName: 'identity.linkerd.cluster.local',
        dnsNames: ['identity.linkerd.cluster.local'],
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA },
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN, CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH],
        issuerRef: { name: 'linkerd-trust-anchor', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    const [cert] = Testing.synth(chart);
    expect((cert.spec as Manifest).isCA).toBe(true);
    expect(schemaProblems([cert])).toEqual([]);
    const raw = { ...cert, spec: { ...(cert.spec as Manifest), isCa: true } };
    expect(paths(schemaProblems([raw]))).toEqual(['Certificate linkerd/linkerd-identity-issuer spec.isCa']);
  });

  test('format: duration is a Go duration ("10s", "1h30m"), not ISO-8601', () => {
    const route = (request: string): Manifest => ({
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'HTTPRoute',
      metadata: { name: 'model-server', namespace: 'mlops' },
      spec: { parentRefs: [{ group: 'core', kind: 'Service', name: 'model-server' }], rules: [{ timeouts: { request } }] },
    });
    expect(schemaProblems([route('10s'), route('1h30m'), route('1.5h')])).toEqual([]);
    expect(schemaProblems([route('PT10S'), route('10')]).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.rules[0].timeouts.request: must match format "duration"',
      'spec.rules[0].timeouts.request: must match format "duration"',
    ]);
  });

  test('format: cidr accepts IPv4 and IPv6 prefixes and rejects hosts or bad lengths', () => {
    const policy = (cidrs: string[]): Manifest => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'egress', namespace: 'mlops' },
      spec: { endpointSelector: {}, egress: [{ toCIDR: cidrs }] },
    });
    expect(schemaProblems([policy(['10.0.0.0/8', 'fd00::/8', '0.0.0.0/0'])])).toEqual([]);
    expect(paths(schemaProblems([policy(['10.0.0.1', '10.0.0.0/33', 'fd00::/129'])]))).toEqual([
      'CiliumNetworkPolicy mlops/egress spec.egress[0].toCIDR[0]',
      'CiliumNetworkPolicy mlops/egress spec.egress[0].toCIDR[1]',
      'CiliumNetworkPolicy mlops/egress spec.egress[0].toCIDR[2]',
    ]);
  });

  test('an RE2 (?i) flag group compiles as a case-insensitive pattern (PrometheusRule)', () => {
    const rule = (strategy: string): Manifest => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'slo', namespace: 'mlops' },
      spec: { groups: [{ name: 'slo', partial_response_strategy: strategy, rules: [{ record: 'job:up:sum', expr: 'sum(up)' }] }] },
    });
    expect(schemaProblems([rule('ABORT'), rule('warn')])).toEqual([]);
    expect(paths(schemaProblems([rule('retry')]))).toEqual(['PrometheusRule mlops/slo spec.groups[0].partial_response_strategy']);
  });

  test('a JobSet built with the generated class is valid; a duplicate list-map key is not', () => {
    const chart = Testing.chart();
    const job = (name: string, replicas: number) => ({
      name,
      replicas,
      template: { spec: { parallelism: 1, completions: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'train', image: 'ghcr.io/example/train:1.0.0' }] } } } },
    });
    new JobSet(chart, 'train', {
      metadata: { name: 'llm-finetune', namespace: 'training' },
      spec: { replicatedJobs: [job('driver', 1), job('workers', 4)] },
    });
    const [jobset] = Testing.synth(chart);
    expect(schemaProblems([jobset])).toEqual([]);
    const dup = { ...jobset, spec: { replicatedJobs: [job('workers', 1), job('workers', 4)] } };
    expect(schemaProblems([dup])).toEqual([
      { object: 'JobSet training/llm-finetune', path: 'spec.replicatedJobs', message: expect.stringContaining('duplicate key (name)') },
    ]);
  });

  test('a custom resource with a bad enum value or a name that is not a DNS subdomain is rejected', () => {
    const cert = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'Identity_Issuer', namespace: 'linkerd' },
      spec: { secretName: 's', issuerRef: { name: 'ca' }, privateKey: { algorithm: 'DSA' } },
    };
    expect(schemaProblems([cert])).toEqual([
      { object: 'Certificate linkerd/Identity_Issuer', path: 'spec.privateKey.algorithm', message: 'must be one of "RSA", "ECDSA", "Ed25519"' },
      { object: 'Certificate linkerd/Identity_Issuer', path: 'metadata.name', message: expect.stringContaining('RFC 1123 subdomain') },
    ]);
  });
});

describe('scope', () => {
  test('metadata.namespace on a cluster-scoped kind is flagged (core kind and CRD)', () => {
    const objects = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'view-models', namespace: 'mlops' }, rules: [] },
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'linkerd-trust-anchor', namespace: 'mlops' }, spec: { ca: { secretName: 'linkerd-trust-anchor' } } },
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'ok' }, spec: { ca: { secretName: 'linkerd-trust-anchor' } } },
    ];
    expect(schemaProblems(objects)).toEqual([
      { object: 'ClusterRole mlops/view-models', path: 'metadata.namespace', message: 'ClusterRole is cluster-scoped; the API server drops metadata.namespace' },
      { object: 'ClusterIssuer mlops/linkerd-trust-anchor', path: 'metadata.namespace', message: 'ClusterIssuer is cluster-scoped; the API server drops metadata.namespace' },
    ]);
  });
});

describe('objects without a schema', () => {
  test('an unknown apiVersion/kind is a problem, never silently accepted', () => {
    const objects = [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'v1', kind: 'Pods', metadata: { name: 'p' } },
      { apiVersion: 'policy.linkerd.io/v9', kind: 'Server', metadata: { name: 's' } },
      { kind: 'ConfigMap', metadata: { name: 'c' } },
      'not an object',
    ];
    expect(schemaProblems(objects).map((p) => `${p.object}: ${p.message}`)).toEqual([
      expect.stringMatching(/^Widget w: no schema for example.com\/v1 Widget/),
      expect.stringMatching(/^Pods p: no schema for v1 Pods/),
      expect.stringMatching(/^Server s: no schema for policy.linkerd.io\/v9 Server: its CRD serves only .*policy.linkerd.io\/v1beta3/),
      'ConfigMap c: apiVersion and kind must be non-empty strings',
      'object #4: is not a JSON object',
    ]);
  });
});

describe('expectValidManifests', () => {
  test('throws one readable error listing every problem', () => {
    let message = '';
    try {
      expectValidManifests([deployment({ hostNetwrk: true }, { replicas: 'x' }), server({ foo: 1 })]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        '3 schema problem(s) in 2 object(s):',
        '  - Deployment mlops/model-server: spec.replicas: must be integer',
        '  - Deployment mlops/model-server: spec.template.spec.hostNetwrk: unknown field (the API server would drop it)',
        '  - Server mlops/model-server-http: spec.foo: unknown field (the API server would drop it)',
      ].join('\n'),
    );
  });
});

describe('loadYamlDir', () => {
  test('reads every document of every .yaml file, recursively, in path order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-schema-'));
    try {
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'b', 'one.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
      fs.writeFileSync(path.join(dir, 'a.yaml'), '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a1}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a2}\n');
      fs.writeFileSync(path.join(dir, 'ignored.json'), '{}');
      const objects = loadYamlDir(dir);
      expect(objects.map((o) => (o.metadata as Manifest).name)).toEqual(['a1', 'a2', 'b']);
      expect(schemaProblems(objects)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('closeStructuralSchema', () => {
  const schema: JsonObject = {
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } },
      spec: {
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          empty: { type: 'object' },
          oneOfBranches: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }, { properties: { a: { const: 'x' } } }] },
          template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        },
      },
    },
  };
  const closed = closeStructuralSchema(schema);
  const get = (value: unknown, ...keys: string[]): unknown =>
    keys.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
  const specField = (...keys: string[]): unknown => get(closed, 'properties', 'spec', 'properties', ...keys);

  test('closes declared objects, bare objects and the root; leaves maps, preserve-unknown-fields and value branches alone', () => {
    expect(closed.additionalProperties).toBe(false);
    expect(get(closed, 'properties', 'spec', 'additionalProperties')).toBe(false);
    expect(specField('empty', 'additionalProperties')).toBe(false);
    expect(specField('free', 'additionalProperties')).toBeUndefined();
    expect(specField('free', 'properties', 'known', 'additionalProperties')).toBe(false);
    expect(specField('labels', 'additionalProperties')).toEqual({ type: 'string' });
    expect(specField('oneOfBranches', 'oneOf')).toEqual([{ required: ['a'] }, { properties: { a: { const: 'x' } } }]);
  });

  test('resource roots and embedded resources get apiVersion, kind and an open metadata', () => {
    expect(Object.keys(get(closed, 'properties') as object)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    expect(get(closed, 'properties', 'metadata')).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { name: { type: 'string', maxLength: 10 } } });
    expect(Object.keys(specField('template', 'properties') as object).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  test('int-or-string keeps the keyword and drops the doubled anyOf; the input is not changed', () => {
    expect(specField('port')).toEqual({ 'x-kubernetes-int-or-string': true });
    expect(get(schema, 'properties', 'spec', 'properties', 'port', 'anyOf')).toHaveLength(2);
    expect('additionalProperties' in schema).toBe(false);
  });
});

describe('re2ToRegExp', () => {
  test.each([
    ['^\\PC*$', 'ok\u00e9', 'bell\u0007'],
    ['^(?i)(abort|warn)?$', 'WARN', 'retry'],
    ['^(?P<major>[0-9]+)\\.[0-9]+$', '1.2', 'v1.2'],
    ['^[a-z\\-]+\\:$', 'a-b:', 'A:'],
  ])('%s', (pattern, matching, notMatching) => {
    const re = re2ToRegExp(pattern);
    expect(re.test(matching)).toBe(true);
    expect(re.test(notMatching)).toBe(false);
  });
});

describe('the CRD folder', () => {
  test('every served version of every CRD compiles', () => {
    const versions = allCrdVersions();
    expect(versions.length).toBeGreaterThanOrEqual(50);
    for (const v of versions) expect(() => crdSchemaProblems(v, {})).not.toThrow();
  });
});
