import { chartPods } from '../../lib/platform/kubernetes/flows/chart-pods';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { MeshClient, meshVerdict } from '../../lib/platform/kubernetes/flows/linkerd-policy-rules';
import { HttpRequest } from '../../lib/platform/kubernetes/flows/flow';
import { context, GKE, httpRoute, linkerd, namespaceObject, pod } from './fixtures';

// Linkerd 2.20 inbound policy (linkerd.io/2-edge/reference/authorization-policy, features/server-policy, research-mesh
// §5-§6): Server selection, default policy, routes, authorizations and their authentications.

const server = pod('shop', 'server', { app: 'server' }, {
  meshed: true,
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'admin', port: 9000, protocol: 'TCP' }],
  probes: [{ port: 8080, path: '/ready' }],
});
const caller: MeshClient = { meshed: { serviceAccount: 'caller', namespace: 'shop' }, addressRange: '10.6.0.0/16', description: 'shop/caller (mTLS)' };
const unmeshed: MeshClient = { addressRange: '10.6.0.0/16', description: 'an unmeshed pod' };
const kubelet: MeshClient = { addressRange: '10.5.0.0/22', description: 'kubelet' };

const httpServer = (name = 'server-http', port: number | string = 8080) => linkerd('Server', 'shop', name, { podSelector: { matchLabels: { app: 'server' } }, port, proxyProtocol: 'HTTP/1', accessPolicy: 'deny' }, 'v1beta3');
const authorize = (name: string, targetRef: Record<string, string>, refs: Record<string, string>[]) => linkerd('AuthorizationPolicy', 'shop', name, { targetRef, requiredAuthenticationRefs: refs });
const toServer = (name = 'server-http') => ({ group: 'policy.linkerd.io', kind: 'Server', name });
const denyNamespace = namespaceObject('shop', { 'config.linkerd.io/default-inbound-policy': 'deny' });

const verdict = (objects: KubeObject[], client: MeshClient, port = 8080, request?: HttpRequest) => meshVerdict(context(GKE, objects).objects, server, port, client, request);

describe('Linkerd inbound policy', () => {
  test('a Server on the wrong port guards nothing: the port falls back to the namespace\'s default policy', () => {
    const objects = [denyNamespace, httpServer('server-admin', 9000), authorize('all', toServer('server-admin'), [{ kind: 'ServiceAccount', name: 'caller' }])];
    expect(verdict(objects, caller)).toEqual({ result: 'blocked', by: 'no Server on port 8080: default inbound policy deny (namespace shop)' });
    expect(verdict([namespaceObject('shop', { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' })], caller).result).toBe('allowed');
  });

  test('a Server by container port name selects the port of that name', () => {
    const objects = [denyNamespace, httpServer('server-http', 'http'), authorize('callers', toServer(), [{ kind: 'ServiceAccount', name: 'caller' }])];
    expect(verdict(objects, caller).result).toBe('allowed');
    expect(verdict(objects, caller, 9000).result).toBe('blocked');
  });

  test('an AuthorizationPolicy naming the wrong ServiceAccount admits nobody else, and the Server denies', () => {
    const wrong = [denyNamespace, httpServer(), authorize('callers', toServer(), [{ kind: 'ServiceAccount', name: 'cller' }])];
    expect(verdict(wrong, caller)).toEqual({ result: 'blocked', by: 'Server shop/server-http: no AuthorizationPolicy admits shop/caller (mTLS) (accessPolicy deny)' });
    const right = [denyNamespace, httpServer(), authorize('callers', toServer(), [{ kind: 'ServiceAccount', name: 'caller' }])];
    expect(verdict(right, caller)).toEqual({ result: 'allowed', by: 'Server shop/server-http: AuthorizationPolicy shop/callers' });
  });

  test('MeshTLSAuthentication: identityRefs by ServiceAccount or Namespace, identities by string with a wildcard; never an unmeshed client', () => {
    const mtls = (spec: Record<string, unknown>) => [denyNamespace, httpServer(), linkerd('MeshTLSAuthentication', 'shop', 'ids', spec),
      authorize('callers', toServer(), [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'ids' }])];
    expect(verdict(mtls({ identityRefs: [{ kind: 'Namespace', name: 'shop' }] }), caller).result).toBe('allowed');
    expect(verdict(mtls({ identityRefs: [{ kind: 'ServiceAccount', name: 'caller', namespace: 'other' }] }), caller).result).toBe('blocked');
    expect(verdict(mtls({ identities: ['*.shop.serviceaccount.identity.linkerd.cluster.local'] }), caller).result).toBe('allowed');
    expect(verdict(mtls({ identities: ['caller.other.serviceaccount.identity.linkerd.cluster.local'] }), caller).result).toBe('blocked');
    expect(verdict(mtls({ identityRefs: [{ kind: 'Namespace', name: 'shop' }] }), unmeshed).result).toBe('blocked');
  });

  test('every authentication a policy names must match; a missing authentication object matches nobody', () => {
    const both = [denyNamespace, httpServer(), linkerd('NetworkAuthentication', 'shop', 'pods', { networks: [{ cidr: '10.6.0.0/16' }] }),
      authorize('both', toServer(), [{ kind: 'ServiceAccount', name: 'caller' }, { group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'pods' }])];
    expect(verdict(both, caller).result).toBe('allowed');
    expect(verdict(both, unmeshed).result).toBe('blocked');
    const dangling = [denyNamespace, httpServer(), authorize('x', toServer(), [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'missing' }])];
    expect(verdict(dangling, unmeshed).result).toBe('blocked');
  });

  test('routes: a request lands on the most specific match, a route-level authorization covers that route only, no match is a 404', () => {
    const objects = [
      denyNamespace, httpServer(),
      httpRoute('shop', 'server-http-metrics', 'server-http', [{ path: { type: 'Exact', value: '/metrics' }, method: 'GET' }]),
      httpRoute('shop', 'server-http-api', 'server-http', [{ path: { type: 'PathPrefix', value: '/api' } }]),
      linkerd('NetworkAuthentication', 'shop', 'pods', { networks: [{ cidr: '10.0.0.0/8' }] }),
      authorize('metrics', { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'server-http-metrics' }, [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'pods' }]),
      authorize('callers', toServer(), [{ kind: 'ServiceAccount', name: 'caller' }]),
    ];
    expect(verdict(objects, unmeshed, 8080, { method: 'GET', path: '/metrics' }).by).toBe('Server shop/server-http route server-http-metrics: AuthorizationPolicy shop/metrics');
    expect(verdict(objects, unmeshed, 8080, { method: 'GET', path: '/api/predict' }).result).toBe('blocked');
    expect(verdict(objects, caller, 8080, { method: 'POST', path: '/api/predict' }).by).toBe('Server shop/server-http route server-http-api: AuthorizationPolicy shop/callers');
    expect(verdict(objects, caller, 8080, { method: 'GET', path: '/other' }).by).toBe('Server shop/server-http: no route of server-http-api, server-http-metrics matches GET /other (404)');
    // With routes, Linkerd stops authorizing probes by itself: without a probe route the kubelet gets a 404.
    expect(verdict(objects, kubelet, 8080, { method: 'GET', path: '/ready' }).result).toBe('blocked');
  });

  test('without routes, Linkerd authorizes the pod\'s probe paths itself, on a Server and on a default-policy port alike', () => {
    expect(verdict([denyNamespace, httpServer()], kubelet, 8080, { method: 'GET', path: '/ready' }).by).toBe('Server shop/server-http: Linkerd\'s default probe route');
    expect(verdict([denyNamespace], kubelet, 8080, { method: 'GET', path: '/ready' }).result).toBe('allowed');
    expect(verdict([denyNamespace], kubelet, 8080, { method: 'GET', path: '/admin' }).result).toBe('blocked');
  });

  test('a Namespace-targeted policy covers every Server of the namespace; two Servers on one port are ambiguous', () => {
    const ns = [denyNamespace, httpServer(), authorize('ns', { kind: 'Namespace', name: 'shop' }, [{ kind: 'ServiceAccount', name: 'caller' }])];
    expect(verdict(ns, caller).by).toBe('Server shop/server-http: AuthorizationPolicy shop/ns');
    expect(verdict([...ns, httpServer('server-http-2')], caller).by).toBe('Server shop/server-http and Server shop/server-http-2 both select port 8080; Linkerd uses only the oldest, so the policy is ambiguous');
  });

  test('a Server\'s access policy applies to whom no authorization admits', () => {
    const open = linkerd('Server', 'shop', 'server-http', { podSelector: { matchLabels: { app: 'server' } }, port: 8080, accessPolicy: 'all-authenticated' }, 'v1beta3');
    expect(verdict([denyNamespace, open], caller).result).toBe('allowed');
    expect(verdict([denyNamespace, open], unmeshed).result).toBe('blocked');
  });

  test('a chart\'s pod without a modelled Server is the chart\'s to police', () => {
    const prometheus = chartPods(GKE).identity;
    expect(meshVerdict(context(GKE, []).objects, prometheus, 8080, caller, undefined).result).toBe('chart');
  });
});
