import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { Issues, PlatformValidationError } from '../../lib/core/validation';
import {
  ControlPlaneNetworkPolicies,
  ControlPlaneNetworkPoliciesProps,
  controlPlaneNetworkPoliciesRules,
} from '../../lib/k8s/network/control-plane-network-policies';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { NetworkBaselines } from '../../lib/k8s/network/network-baselines';
import { networkAllows, Pod } from '../support/flow-evaluation';
import { GKE_DEFAULT_MASTER_CIDR } from '../../lib/contract/gke-control-plane';

type Obj = Record<string, any>;

const aks = {};
const gke = { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const };

const MODEL_SERVER = { 'ml-mesh-platform.io/workload': 'model-server' };
const full: ControlPlaneNetworkPoliciesProps = {
  meshedNamespaces: ['mlops', 'batch'],
  servingNamespace: 'mlops',
  modelServerSelectors: [{ selector: MODEL_SERVER, metricsPort: 8082 }],
  viz: true,
  flagger: true,
};

function synth(context: object, props: ControlPlaneNetworkPoliciesProps = full, withServingBaseline = false) {
  const { chart } = clusterChart(context);
  new ControlPlaneNetworkPolicies(chart, 'control-plane-network', props);
  if (withServingBaseline) new NamespaceNetworkPolicies(chart, 'mlops-network', { namespace: 'mlops', meshed: true });
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  return { chart, objects };
}

// ---------- Every open edge of the synthesized policies, dataplane-neutral ----------

const CILIUM_NS = 'k8s:io.kubernetes.pod.namespace';

function sel(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '{}' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

function ciliumPeer(selector: Obj): string {
  const { [CILIUM_NS]: namespace, ...labels } = selector.matchLabels ?? {};
  return `pods:${namespace}/${sel(labels)}`;
}

/** `namespace direction podSelector peer protocol/port` for every allowed (peer, port) pair of every policy. */
function edges(objects: Obj[]): string[] {
  const out: string[] = [];
  const add = (ns: string, direction: string, subject: string, peers: string[], ports: string[]) => {
    for (const peer of peers) for (const port of ports) out.push(`${ns} ${direction} ${subject} ${peer} ${port}`);
  };
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (o.kind === 'CiliumNetworkPolicy') {
      const subject = sel(o.spec.endpointSelector.matchLabels);
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of o.spec[direction] ?? []) {
          const ports = (rule.toPorts ?? []).flatMap((tp: Obj) => tp.ports.map((p: Obj) => `${p.protocol}/${p.port}`));
          const peers = [
            ...(rule.fromEndpoints ?? rule.toEndpoints ?? []).map(ciliumPeer),
            ...(rule.fromCIDRSet ?? rule.toCIDRSet ?? []).map((c: Obj) => `cidr:${c.cidr}`),
            ...(rule.fromEntities ?? []).map((e: string) => (e === 'all' ? 'anywhere' : `entity:${e}`)),
            ...(rule.toEntities ?? []).map((e: string) => `entity:${e}`),
          ];
          expect(Object.keys(rule).every((k) => ['toPorts', 'fromEndpoints', 'toEndpoints', 'fromCIDRSet', 'toCIDRSet', 'fromEntities', 'toEntities'].includes(k))).toBe(true);
          add(ns, direction, subject, peers, ports);
        }
      }
    } else if (o.kind === 'NetworkPolicy') {
      const subject = sel(o.spec.podSelector.matchLabels);
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of o.spec[direction] ?? []) {
          const ports = (rule.ports ?? []).map((p: Obj) => `${p.protocol}/${p.port}`);
          const raw = direction === 'ingress' ? rule.from : rule.to;
          const peers = raw === undefined ? ['anywhere'] : raw.map((p: Obj) => (p.ipBlock
            ? `cidr:${p.ipBlock.cidr}`
            : `pods:${p.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}/${sel(p.podSelector.matchLabels)}`));
          add(ns, direction, subject, peers, ports);
        }
      }
    } else {
      throw new Error(`unexpected kind ${o.kind}`);
    }
  }
  return out.sort();
}

// ---------- What must be open, written out from the upstream charts ----------

interface Expectation {
  /** Where API-server calls to webhooks come from. */
  readonly apiIn: readonly string[];
  readonly apiOut: string;
  readonly collector: string;
  readonly nodeLocal: readonly string[];
}

const MESHED = ['mlops', 'batch', 'linkerd', 'linkerd-viz', 'flagger-system'];
const PROM = 'pods:linkerd-viz/component=prometheus';
const FLAGGER = 'pods:flagger-system/app.kubernetes.io/name=flagger';
const LOADTESTER = 'pods:flagger-system/app=loadtester';
const IDENTITY = 'linkerd.io/control-plane-component=identity';
const DESTINATION = 'linkerd.io/control-plane-component=destination';

function expected(x: Expectation, opts: { viz: boolean; flagger: boolean; meshed: readonly string[]; modelServer?: boolean }): string[] {
  const out: string[] = [];
  const e = (ns: string, dir: 'ingress' | 'egress', subject: string, peers: readonly string[], ports: readonly (number | string)[]) => {
    for (const peer of peers) for (const port of ports) out.push(`${ns} ${dir} ${subject} ${peer} ${typeof port === 'number' ? `TCP/${port}` : port}`);
  };
  const meshedPeers = opts.meshed.map((n) => `pods:${n}/{}`);
  const baseline = (ns: string, meshed: boolean) => {
    e(ns, 'egress', '{}', ['pods:kube-system/k8s-app=kube-dns', ...x.nodeLocal.map((c) => `cidr:${c}`)], ['UDP/53', 'TCP/53']);
    if (!meshed) return;
    e(ns, 'egress', '{}', ['pods:linkerd/{}'], [8080, 8086, 8090]);
    e(ns, 'ingress', '{}', [x.collector], [4191]);
    if (opts.viz) e(ns, 'ingress', '{}', [PROM], [4191]);
  };

  baseline('linkerd', true);
  e('linkerd', 'ingress', IDENTITY, meshedPeers, [8080]);
  e('linkerd', 'ingress', DESTINATION, meshedPeers, [8086, 8090]);
  e('linkerd', 'ingress', '{}', meshedPeers, [4143]);
  e('linkerd', 'ingress', 'linkerd.io/control-plane-component=proxy-injector', x.apiIn, [8443]);
  e('linkerd', 'ingress', DESTINATION, x.apiIn, [8443, 9443]);
  e('linkerd', 'ingress', IDENTITY, [x.collector], [9990]);
  e('linkerd', 'egress', '{}', [x.apiOut], [443]);

  baseline('cert-manager', false);
  e('cert-manager', 'ingress', 'app.kubernetes.io/component=webhook,app.kubernetes.io/name=webhook', x.apiIn, [10250]);
  e('cert-manager', 'ingress', 'app=trust-manager', x.apiIn, [6443]);
  e('cert-manager', 'ingress', 'app.kubernetes.io/component=controller,app.kubernetes.io/name=cert-manager', [x.collector], [9402]);
  e('cert-manager', 'egress', '{}', [x.apiOut], [443]);

  if (opts.viz) {
    e('linkerd', 'ingress', '{}', [PROM], [9990, 9995, 9996, 9997]);
    baseline('linkerd-viz', true);
    const readers = ['pods:linkerd-viz/component=metrics-api', ...(opts.flagger ? [FLAGGER, LOADTESTER] : []), 'pods:mlops/app.kubernetes.io/component=drift-gate'];
    e('linkerd-viz', 'ingress', 'component=prometheus', readers, [9090, 4143]);
    e('linkerd-viz', 'ingress', 'component=metrics-api', ['pods:linkerd-viz/component=web'], [8085, 4143]);
    e('linkerd-viz', 'ingress', 'component=tap', x.apiIn, [8089]);
    e('linkerd-viz', 'ingress', 'component=tap-injector', x.apiIn, [8443]);
    e('linkerd-viz', 'ingress', '{}', [PROM], [9994, 9995, 9998, 4143]);
    e('linkerd-viz', 'egress', 'component=prometheus', meshedPeers, [4191]);
    e('linkerd-viz', 'egress', 'component=prometheus', ['pods:linkerd/{}'], [9990, 9995, 9996, 9997, 4143]);
    e('linkerd-viz', 'egress', 'component=prometheus', ['pods:linkerd-viz/{}'], [9994, 9995, 9998, 4143]);
    if (opts.modelServer === true) e('linkerd-viz', 'egress', 'component=prometheus', ['pods:mlops/ml-mesh-platform.io/workload=model-server'], [8082, 4143]);
    e('linkerd-viz', 'egress', 'component=metrics-api', [PROM], [9090, 4143]);
    e('linkerd-viz', 'egress', 'component=web', ['pods:linkerd-viz/component=metrics-api'], [8085, 4143]);
    e('linkerd-viz', 'egress', '{}', [x.apiOut], [443]);
  }
  if (opts.flagger) {
    baseline('flagger-system', true);
    e('flagger-system', 'egress', 'app.kubernetes.io/name=flagger', [PROM], [9090, 4143]);
    e('flagger-system', 'egress', 'app.kubernetes.io/name=flagger', [LOADTESTER], [8080, 4143]);
    e('flagger-system', 'ingress', 'app=loadtester', [FLAGGER], [8080, 4143]);
    e('flagger-system', 'egress', 'app=loadtester', [PROM], [9090, 4143]);
    e('flagger-system', 'egress', 'app.kubernetes.io/name=flagger', [x.apiOut], [443]);
  }
  return out.sort();
}

const AKS_EXPECT: Expectation = {
  apiIn: ['anywhere'],
  apiOut: 'entity:kube-apiserver',
  collector: 'pods:kube-system/rsName=ama-metrics',
  nodeLocal: ['169.254.10.10/32', '169.254.10.11/32'],
};
const gkeExpect = (cidr: string): Expectation => ({
  // Directly from the control plane's range and through the konnectivity agents (tigera/operator#5212).
  apiIn: [`cidr:${cidr}`, 'pods:kube-system/k8s-app=konnectivity-agent'],
  apiOut: `cidr:${cidr}`,
  collector: 'pods:gke-gmp-system/app.kubernetes.io/name=collector',
  nodeLocal: ['169.254.20.10/32', '169.254.169.254/32'],
});

describe.each([
  { label: 'AKS (CiliumNetworkPolicy)', context: aks, kind: 'CiliumNetworkPolicy', props: full, x: AKS_EXPECT },
  { label: 'GKE (NetworkPolicy), default control-plane CIDR', context: gke, kind: 'NetworkPolicy', props: full, x: gkeExpect(GKE_DEFAULT_MASTER_CIDR) },
  { label: 'GKE (NetworkPolicy), given control-plane CIDR', context: gke, kind: 'NetworkPolicy', props: { ...full, apiServerCidr: '172.16.8.0/28' }, x: gkeExpect('172.16.8.0/28') },
])('ControlPlaneNetworkPolicies on $label', ({ context, kind, props, x }) => {
  const { objects } = synth(context, props);

  test('emits only the dataplane\'s kind, every object in a control-plane namespace', () => {
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set([kind]));
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['linkerd', 'cert-manager', 'linkerd-viz', 'flagger-system']));
  });

  test.each(['linkerd', 'cert-manager', 'linkerd-viz', 'flagger-system'])('%s denies everything by default, both ways', (namespace) => {
    const deny = objects.find((o) => o.metadata.namespace === namespace && o.metadata.name === 'default-deny');
    expect(deny?.spec).toEqual(kind === 'CiliumNetworkPolicy'
      ? { endpointSelector: {}, ingress: [{}], egress: [{}] }
      : { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test.each(['linkerd', 'cert-manager', 'linkerd-viz', 'flagger-system'])('%s opens exactly the upstream ports to exactly these peers', (namespace) => {
    const inNs = (list: string[]) => list.filter((edge) => edge.startsWith(`${namespace} `));
    expect(inNs(edges(objects))).toEqual(inNs(expected(x, { viz: true, flagger: true, meshed: MESHED, modelServer: true })));
  });

  test('every policy names its purpose', () => {
    for (const o of objects) expect(o.metadata.annotations['ml-mesh-platform.io/purpose']).toMatch(/\S/);
  });
});

describe('API-server peers per dataplane', () => {
  test('AKS: egress to the kube-apiserver entity; webhook ingress from any source on the webhook port only', () => {
    const { objects } = synth(aks, { ...full, apiServerCidr: '172.16.8.0/28' });
    const api = objects.find((o) => o.metadata.namespace === 'linkerd' && o.metadata.name === 'allow-api-server');
    expect(api?.spec).toEqual({ endpointSelector: { matchLabels: {} }, egress: [{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] });
    const injector = objects.find((o) => o.metadata.name === 'allow-webhook-proxy-injector');
    expect(injector?.spec.ingress).toEqual([{ fromEntities: ['all'], toPorts: [{ ports: [{ port: '8443', protocol: 'TCP' }] }] }]);
    // apiServerCidr is a GKE setting: nothing on AKS mentions it.
    expect(JSON.stringify(objects)).not.toContain('172.16.8.0/28');
  });

  test('GKE: the control-plane CIDR as ipBlock both ways, and the konnectivity agents into webhooks', () => {
    const { objects } = synth(gke, { ...full, apiServerCidr: '172.16.8.0/28' });
    const api = objects.find((o) => o.metadata.namespace === 'cert-manager' && o.metadata.name === 'allow-api-server');
    expect(api?.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '172.16.8.0/28' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    const webhook = objects.find((o) => o.metadata.name === 'allow-webhook-cert-manager');
    expect(webhook?.spec.ingress).toEqual([{
      from: [
        { ipBlock: { cidr: '172.16.8.0/28' } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'konnectivity-agent' } } },
      ],
      ports: [{ port: 10250, protocol: 'TCP' }],
    }]);
  });
});

describe('without viz and Flagger', () => {
  test.each([
    { label: 'AKS', context: aks, x: AKS_EXPECT },
    { label: 'GKE', context: gke, x: gkeExpect(GKE_DEFAULT_MASTER_CIDR) },
  ])('$label: only linkerd and cert-manager, and no viz rule anywhere', ({ context, x }) => {
    const props = { meshedNamespaces: ['mlops'], servingNamespace: 'mlops' };
    const { objects } = synth(context, props);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['linkerd', 'cert-manager']));
    expect(edges(objects)).toEqual(expected(x, { viz: false, flagger: false, meshed: ['mlops', 'linkerd'] }));
  });

  test('viz without Flagger: Prometheus readers are metrics-api and the drift gates only', () => {
    const { objects } = synth(aks, { meshedNamespaces: ['mlops'], servingNamespace: 'mlops', viz: true });
    expect(edges(objects)).toEqual(expected(AKS_EXPECT, { viz: true, flagger: false, meshed: ['mlops', 'linkerd', 'linkerd-viz'] }));
  });
});

describe('end to end with a meshed serving namespace', () => {
  const pod = (namespace: string, labels: Record<string, string>, meshed = true): Pod => ({ name: Object.values(labels)[0] ?? 'pod', namespace, labels, serviceAccount: 'default', meshed });
  const servingPod = pod('mlops', MODEL_SERVER);
  const identity = pod('linkerd', { 'linkerd.io/control-plane-component': 'identity' });
  const destination = pod('linkerd', { 'linkerd.io/control-plane-component': 'destination' });
  const injector = pod('linkerd', { 'linkerd.io/control-plane-component': 'proxy-injector' });
  const prometheus = pod('linkerd-viz', { component: 'prometheus' });
  const flagger = pod('flagger-system', { 'app.kubernetes.io/name': 'flagger' });
  const loadTester = pod('flagger-system', { app: 'loadtester' });
  const certManager = pod('cert-manager', { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, false);

  describe.each([{ label: 'AKS', context: aks }, { label: 'GKE', context: gke }])('$label', ({ context }) => {
    const { objects } = synth(context, full, true);

    test('a serving pod reaches identity, destination and policy, and no other control-plane port', () => {
      expect(networkAllows(objects, servingPod, identity, 8080)).toBe(true);
      expect(networkAllows(objects, servingPod, destination, 8086)).toBe(true);
      expect(networkAllows(objects, servingPod, destination, 8090)).toBe(true);
      for (const port of [9990, 9996, 8443, 9443, 4191]) expect(networkAllows(objects, servingPod, destination, port)).toBe(false);
      expect(networkAllows(objects, servingPod, injector, 8443)).toBe(false);
      expect(networkAllows(objects, servingPod, prometheus, 9090)).toBe(false);
      expect(networkAllows(objects, servingPod, certManager, 9402)).toBe(false);
    });

    test('viz Prometheus scrapes the serving proxies (4191) once the serving side admits it, and nothing else there', () => {
      // The serving namespace admits only the managed collector on 4191; MetricsScrapeAccess adds viz on the target side.
      expect(networkAllows(objects, prometheus, servingPod, 4191)).toBe(false);
      const vizIngress = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x', namespace: 'mlops' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd-viz' } }, podSelector: { matchLabels: { component: 'prometheus' } } }] }] } };
      expect(networkAllows([...objects, vizIngress], prometheus, servingPod, 4191)).toBe(true);
      expect(networkAllows([...objects, vizIngress], prometheus, servingPod, 8000)).toBe(false);
    });

    test('Flagger and its load tester reach Prometheus; the load tester never reaches a model server', () => {
      for (const port of [9090, 4143]) {
        expect(networkAllows(objects, flagger, prometheus, port)).toBe(true);
        expect(networkAllows(objects, loadTester, prometheus, port)).toBe(true);
        expect(networkAllows(objects, flagger, loadTester, port === 9090 ? 8080 : port)).toBe(true);
      }
      for (const port of [8000, 8080, 4143]) expect(networkAllows(objects, loadTester, servingPod, port)).toBe(false);
      expect(networkAllows(objects, loadTester, flagger, 8080)).toBe(false);
      expect(networkAllows(objects, servingPod, loadTester, 8080)).toBe(false);
    });

    test('the control-plane namespaces are registered baselines, so allowTraffic paths may end there', () => {
      const { chart } = synth(context);
      const baselines = NetworkBaselines.of(chart);
      expect(['linkerd', 'linkerd-viz', 'flagger-system'].map((n) => baselines.find(n)?.meshed)).toEqual([true, true, true]);
      expect(baselines.find('cert-manager')?.meshed).toBe(false);
    });
  });
});

describe('controlPlaneNetworkPoliciesRules', () => {
  const problems = (props: Partial<ControlPlaneNetworkPoliciesProps>) => {
    const issues = new Issues();
    controlPlaneNetworkPoliciesRules({ ...full, ...props }, issues);
    return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
  };

  test('the reference props are valid', () => {
    expect(problems({})).toEqual([]);
  });

  test.each([
    [{ meshedNamespaces: [] as string[] }, 'meshedNamespaces', 'must list at least the serving namespace'],
    [{ meshedNamespaces: ['mlops', 'Batch'] }, 'meshedNamespaces[1]', 'must be an RFC 1123 label'],
    [{ meshedNamespaces: ['mlops', 'linkerd'] }, 'meshedNamespaces[1]', 'is a control-plane namespace'],
    [{ meshedNamespaces: ['mlops', 'mlops'] }, 'meshedNamespaces', 'must not repeat a namespace'],
    [{ servingNamespace: 'serving' }, 'servingNamespace', 'must be one of meshedNamespaces'],
    [{ modelServerSelectors: [{ selector: {} }] }, 'modelServerSelectors[0].selector', 'must select the model server pods by at least one label'],
    [{ modelServerSelectors: [{ selector: MODEL_SERVER, metricsPort: 70000 }] }, 'modelServerSelectors[0].metricsPort', 'must be a TCP port 1-65535'],
    [{ modelServerSelectors: [{ selector: MODEL_SERVER, namespace: 'other' }] }, 'modelServerSelectors[0].namespace', 'must be one of meshedNamespaces'],
    [{ viz: false, flagger: false }, 'modelServerSelectors', 'applies only with viz: true'],
    [{ apiServerCidr: '172.16.0.1/28' }, 'apiServerCidr', 'must be an IPv4 CIDR block'],
    [{ viz: false, modelServerSelectors: [] }, 'flagger', 'needs viz: true'],
    [{ namespaces: { viz: 'linkerd' } }, 'namespaces', 'must name a different namespace for each add-on'],
    [{ namespaces: { flagger: 'Flagger' } }, 'namespaces.flagger', 'must be an RFC 1123 label'],
  ])('%j -> %s: %s', (props, field, rule) => {
    const found = problems(props);
    expect(found.some((p) => p.startsWith(`${field} = `) && p.includes(rule))).toBe(true);
  });

  test('the construct throws the same issues with its path', () => {
    const { chart } = clusterChart();
    expect(() => new ControlPlaneNetworkPolicies(chart, 'cp', { ...full, servingNamespace: 'serving' })).toThrow(PlatformValidationError);
    expect(() => new ControlPlaneNetworkPolicies(clusterChart().chart, 'cp', { ...full, servingNamespace: 'serving' })).toThrow(/servingNamespace.*must be one of meshedNamespaces/);
  });

  test('custom namespaces move every policy and peer', () => {
    const { objects } = synth(aks, { ...full, namespaces: { linkerd: 'l5d', certManager: 'certs', viz: 'viz', flagger: 'flagger' } });
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['l5d', 'certs', 'viz', 'flagger']));
    const peerNamespaces = new Set(edges(objects).flatMap((edge) => [...edge.matchAll(/pods:([a-z0-9-]+)\//g)].map((m) => m[1])));
    expect(peerNamespaces).toEqual(new Set(['l5d', 'viz', 'flagger', 'mlops', 'batch', 'kube-system']));
  });
});

describe('ControlPlaneNetworkPolicies with the KEDA operator', () => {
  test('the unmeshed KEDA operator may query viz Prometheus on 9090 only', () => {
    const { chart } = clusterChart();
    new NamespaceNetworkPolicies(chart, 'serving', { namespace: 'mlops', meshed: true });
    new ControlPlaneNetworkPolicies(chart, 'cp', { meshedNamespaces: ['mlops'], servingNamespace: 'mlops', viz: true, kedaOperator: true });
    const readers = synthObjects(chart).find((o) => o.metadata.namespace === 'linkerd-viz' && o.metadata.name === 'allow-prometheus-readers')!;
    const keda = readers.spec.ingress.find((rule: any) => rule.fromEndpoints.some((e: any) => e.matchLabels.app === 'keda-operator'));
    expect(keda.fromEndpoints).toEqual([{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'keda', app: 'keda-operator' } }]);
    expect(keda.toPorts).toEqual([{ ports: [{ port: '9090', protocol: 'TCP' }] }]);
  });

  test('kedaOperator without viz is refused', () => {
    const { chart } = clusterChart();
    expect(() => new ControlPlaneNetworkPolicies(chart, 'cp', { meshedNamespaces: ['mlops'], servingNamespace: 'mlops', kedaOperator: true }))
      .toThrow('kedaOperator = true: needs viz: true; the KEDA operator queries linkerd-viz\'s Prometheus for drift triggers');
  });
});
