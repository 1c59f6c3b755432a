import { chartPods } from '../../lib/platform/kubernetes/flows/chart-pods';
import { Endpoint } from '../../lib/platform/kubernetes/flows/flow';
import { networkVerdict, NetworkQuery } from '../../lib/platform/kubernetes/flows/network-layer';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { AKS, ciliumDefaultDeny, ciliumPolicy, context, pod } from './fixtures';

// CiliumNetworkPolicy semantics (Cilium 1.19, docs.cilium.io/en/v1.19/security/policy/): endpoint selectors, entities,
// CIDR sets, toFQDNs and the DNS proxy, L7 rules, deny rules, default deny.

const kubeDns = chartPods(AKS).kubeDns;
const job = pod('jobs', 'publisher', { app: 'publisher' });
const server = pod('shop', 'server', { app: 'server' }, { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });
const sts: Endpoint = { kind: 'host', host: 'sts.googleapis.com', resolvesTo: 'public' };

const query = (source: Endpoint, destination: Endpoint, port: number, extra: Partial<NetworkQuery> = {}): NetworkQuery =>
  ({ source, destination, port, protocol: 'TCP', plaintext: true, resolvers: [kubeDns], ...extra });
const verdict = (objects: KubeObject[], q: NetworkQuery) => networkVerdict(context(AKS, objects).objects, q);

const fqdn = (names: Record<string, string>[]) => ciliumPolicy('jobs', 'egress', {
  endpointSelector: { matchLabels: { app: 'publisher' } },
  egress: [{ toFQDNs: names, toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }],
});
const dnsProxy = (dns: Record<string, string>[]) => ciliumPolicy('jobs', 'dns', {
  endpointSelector: {},
  egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns } }] }],
});

describe('CiliumNetworkPolicy', () => {
  test('a toFQDNs rule without a DNS-proxy rule admits nothing: Cilium never learns the name\'s addresses', () => {
    const v = verdict([ciliumDefaultDeny('jobs'), fqdn([{ matchName: 'sts.googleapis.com' }])], query(job, sts, 443));
    expect(v.result).toBe('blocked');
    expect(v.by).toContain('CiliumNetworkPolicy jobs/egress names sts.googleapis.com in toFQDNs, but no rule sends the pod\'s DNS through Cilium\'s DNS proxy');
  });

  test('with the pod\'s DNS through the proxy, toFQDNs admits the name it covers, and only that', () => {
    const objects = [ciliumDefaultDeny('jobs'), fqdn([{ matchName: 'sts.googleapis.com' }]), dnsProxy([{ matchPattern: '*' }])];
    expect(verdict(objects, query(job, sts, 443))).toEqual({ result: 'allowed', by: 'egress: CiliumNetworkPolicy jobs/egress' });
    expect(verdict(objects, query(job, { kind: 'host', host: 'storage.googleapis.com', resolvesTo: 'public' }, 443)).result).toBe('blocked');
    expect(verdict(objects, query(job, sts, 80)).result).toBe('blocked');
  });

  test('the DNS rule must cover the name too; a pattern stands for one label', () => {
    expect(verdict([ciliumDefaultDeny('jobs'), fqdn([{ matchPattern: '*.googleapis.com' }]), dnsProxy([{ matchName: 'login.microsoftonline.com' }])], query(job, sts, 443)).result).toBe('blocked');
    const objects = [ciliumDefaultDeny('jobs'), fqdn([{ matchPattern: '*.googleapis.com' }]), dnsProxy([{ matchPattern: '*.googleapis.com' }])];
    expect(verdict(objects, query(job, sts, 443)).result).toBe('allowed');
    expect(verdict(objects, query(job, { kind: 'host', host: 'a.b.googleapis.com', resolvesTo: 'public' }, 443)).result).toBe('blocked');
  });

  test('an endpoint selector without a namespace label sees the policy\'s own namespace only', () => {
    const ingress = (selector: Record<string, string>) => ciliumPolicy('shop', 'in', { endpointSelector: { matchLabels: { app: 'server' } }, ingress: [{ fromEndpoints: [{ matchLabels: selector }] }] });
    expect(verdict([ingress({ app: 'publisher' })], query(job, server, 8080)).result).toBe('blocked');
    expect(verdict([ingress({ app: 'publisher', 'k8s:io.kubernetes.pod.namespace': 'jobs' })], query(job, server, 8080)).result).toBe('allowed');
  });

  test('entities: all admits any source, world covers a DNS name, kube-apiserver the API server', () => {
    const all = ciliumPolicy('shop', 'webhook', { endpointSelector: {}, ingress: [{ fromEntities: ['all'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }] });
    expect(verdict([ciliumDefaultDeny('shop'), all], query(job, server, 8080)).result).toBe('allowed');
    expect(verdict([ciliumDefaultDeny('shop'), all], query(job, server, 9443)).result).toBe('blocked');
    const egress = ciliumPolicy('jobs', 'out', { endpointSelector: {}, egress: [{ toEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] });
    expect(verdict([ciliumDefaultDeny('jobs'), egress], query(job, sts, 443)).result).toBe('allowed');
    expect(verdict([ciliumDefaultDeny('jobs'), egress], query(job, { kind: 'address', name: 'API server', entity: 'kube-apiserver' }, 443)).result).toBe('blocked');
  });

  test('a CIDR set matches addresses outside the cluster, never a pod', () => {
    const cidr = ciliumPolicy('shop', 'cidr', { endpointSelector: {}, ingress: [{ fromCIDRSet: [{ cidr: '10.0.0.0/8' }] }] });
    expect(verdict([cidr], query({ kind: 'address', name: 'clients', cidr: '10.3.0.0/16', entity: 'world' }, server, 8080)).result).toBe('allowed');
    expect(verdict([cidr], query(job, server, 8080)).result).toBe('blocked');
  });

  test('deny rules win over allows', () => {
    const allow = ciliumPolicy('shop', 'allow', { endpointSelector: {}, ingress: [{ fromEntities: ['all'] }] });
    const deny = ciliumPolicy('shop', 'deny', { endpointSelector: {}, ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'jobs' } }] }] });
    expect(verdict([allow, deny], query(job, server, 8080)).by).toContain('CiliumNetworkPolicy shop/deny denies it explicitly');
  });

  test('an L7 rule admits the requests it matches on plaintext, and nothing on mTLS between Linkerd proxies', () => {
    const l7 = ciliumPolicy('shop', 'l7', { endpointSelector: {}, ingress: [{ toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/metrics' }] } }] }] });
    expect(verdict([l7], query(job, server, 8080, { request: { method: 'GET', path: '/metrics' } })).result).toBe('allowed');
    expect(verdict([l7], query(job, server, 8080, { request: { method: 'POST', path: '/predict' } })).result).toBe('blocked');
    const mtls = verdict([l7], query(job, server, 8080, { request: { method: 'GET', path: '/metrics' }, plaintext: false }));
    expect(mtls.by).toContain('an L7 (HTTP) rule cannot read mTLS between Linkerd proxies');
  });

  test('`ingress: [{}]` denies everything; enableDefaultDeny false does not isolate', () => {
    expect(verdict([ciliumDefaultDeny('shop')], query(job, server, 8080)).result).toBe('blocked');
    const audit = ciliumPolicy('shop', 'some', { endpointSelector: {}, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'x' } }] }] });
    expect(verdict([audit], query(job, server, 8080)).result).toBe('allowed');
  });
});
