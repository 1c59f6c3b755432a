import { networkVerdict, NetworkQuery } from '../../lib/platform/kubernetes/flows/network-layer';
import { Endpoint } from '../../lib/platform/kubernetes/flows/flow';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { context, GKE, kubeDefaultDeny, namespaceObject, networkPolicy, pod } from './fixtures';

// Kubernetes NetworkPolicy semantics (GKE Dataplane V2): kubernetes.io/docs/concepts/services-networking/network-policies.

const client = pod('shop', 'client', { app: 'client' });
const server = pod('shop', 'server', { app: 'server' }, { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });
const other = pod('other', 'caller', { app: 'caller' });

const query = (source: Endpoint, destination: Endpoint, port = 8080, protocol: 'TCP' | 'UDP' = 'TCP'): NetworkQuery =>
  ({ source, destination, port, protocol, plaintext: true, resolvers: [] });
const verdict = (objects: KubeObject[], q: NetworkQuery) => networkVerdict(context(GKE, objects).objects, q);

const openShop = [
  kubeDefaultDeny('shop'),
  networkPolicy('shop', 'client-egress', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'server' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] }),
  networkPolicy('shop', 'server-ingress', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] }),
];

describe('Kubernetes NetworkPolicy', () => {
  test('an allow rule on both ends admits the connection and names both policies', () => {
    expect(verdict(openShop, query(client, server))).toEqual({ result: 'allowed', by: 'egress: NetworkPolicy shop/client-egress; ingress: NetworkPolicy shop/server-ingress' });
  });

  test('a NetworkPolicy that selects nothing leaves the default deny in force, and the verdict names it', () => {
    const typo = openShop.map((o) => (o.metadata.name === 'server-ingress' ? { ...o, spec: { ...(o as any).spec, podSelector: { matchLabels: { app: 'sever' } } } } : o));
    const v = verdict(typo, query(client, server));
    expect(v.result).toBe('blocked');
    expect(v.by).toBe('ingress of shop/server: no rule admits shop/client on 8080/TCP; isolated by NetworkPolicy shop/default-deny');
  });

  test('without the egress rule the connection never leaves the client', () => {
    const v = verdict(openShop.filter((o) => o.metadata.name !== 'client-egress'), query(client, server));
    expect(v.by).toMatch(/^egress of shop\/client: no rule admits shop\/server on 8080\/TCP; isolated by NetworkPolicy shop\/default-deny/);
  });

  test('a pod peer without namespaceSelector means the policy\'s own namespace; a namespaceSelector reads the namespace\'s labels', () => {
    const fromOther = networkPolicy('shop', 'from-team', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ml' } } }] }] });
    expect(verdict([...openShop, fromOther], query(other, server)).result).toBe('blocked');
    expect(verdict([...openShop, fromOther, namespaceObject('other', {}, { team: 'ml' })], query(other, server)).result).toBe('allowed');
  });

  test('an ipBlock matches addresses outside the pod network, never a pod', () => {
    const cidr = networkPolicy('shop', 'from-range', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] } }] }] });
    expect(verdict([kubeDefaultDeny('shop'), cidr], query(pod('shop', 'x', {}), server)).result).toBe('blocked');
    expect(verdict([kubeDefaultDeny('shop'), cidr], query({ kind: 'address', name: 'clients', cidr: '10.1.0.0/24', entity: 'world' }, server)).result).toBe('allowed');
    expect(verdict([kubeDefaultDeny('shop'), cidr], query({ kind: 'address', name: 'clients', cidr: '10.9.1.0/24', entity: 'world' }, server)).result).toBe('blocked');
  });

  test('a DNS name is reached by an ipBlock that holds the address it resolves to: the whole space, or the VIP its zone maps it to', () => {
    const egress = (cidr: string) => networkPolicy('shop', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }], ports: [{ port: 443 }] }] });
    const publicHost: Endpoint = { kind: 'host', host: 'login.microsoftonline.com', resolvesTo: 'public' };
    const vipHost: Endpoint = { kind: 'host', host: 'storage.googleapis.com', resolvesTo: { cidr: '199.36.153.8/30' } };
    expect(verdict([kubeDefaultDeny('shop'), egress('0.0.0.0/0')], query(client, publicHost, 443)).result).toBe('allowed');
    expect(verdict([kubeDefaultDeny('shop'), egress('199.36.153.8/30')], query(client, publicHost, 443)).result).toBe('blocked');
    expect(verdict([kubeDefaultDeny('shop'), egress('199.36.153.8/30')], query(client, vipHost, 443)).result).toBe('allowed');
  });

  test('named ports resolve against the destination\'s container ports; endPort opens a range; protocol defaults to TCP', () => {
    const named = networkPolicy('shop', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] });
    // The caller's namespace has no policy, so only the server's ingress decides.
    expect(verdict([kubeDefaultDeny('shop'), named], query(other, server)).result).toBe('allowed');
    expect(verdict([kubeDefaultDeny('shop'), named], query(other, server, 8081)).result).toBe('blocked');
    const range = networkPolicy('shop', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] });
    expect(verdict([kubeDefaultDeny('shop'), range], query(other, server, 8099)).result).toBe('allowed');
    expect(verdict([kubeDefaultDeny('shop'), range], query(other, server, 8099, 'UDP')).result).toBe('blocked');
  });

  test('a policy without policyTypes and without egress rules isolates ingress only', () => {
    const ingressOnly = networkPolicy('shop', 'ingress-only', { podSelector: {}, ingress: [{}] });
    expect(verdict([ingressOnly], query(client, server)).by).toBe('egress: no policy selects shop/client; ingress: NetworkPolicy shop/ingress-only');
  });
});
