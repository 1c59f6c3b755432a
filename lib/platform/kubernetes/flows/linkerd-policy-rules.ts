import { LINKERD_CLUSTER_NETWORKS, LINKERD_DEFAULT_INBOUND_POLICY } from '../../../contract/linkerd';
import { DEFAULT_INBOUND_POLICY } from '../../../contract/linkerd-annotations';
import { DEFAULT_PROBE_NETWORKS } from '../../../k8s/mesh/mesh-server';
import { linkerdIdentity } from '../../../k8s/observability/metrics-scrape-access';
import { KubeObject } from '../cluster-output';
import { rangeInBlock } from './address-match';
import { ClusterObjects, refOf, specOf } from './cluster-objects';
import { ALLOWED, BLOCKED, HttpRequest, LayerVerdict, PodEndpoint } from './flow';
import { LabelSelector, selects } from './label-selector';
import { FolderMemo } from './folder-memo';
import { regexpBySource } from './regexp-by-source';

// Linkerd 2.20 inbound policy (linkerd.io/2-edge/reference/authorization-policy, features/server-policy; policy-controller
// k8s/index/src/inbound/index.rs at edge-26.6.3, research-mesh §5-§6).

const POLICY = 'policy.linkerd.io';
const GATEWAY = 'gateway.networking.k8s.io';
const TRUST = { trustDomain: 'cluster.local', linkerdNamespace: 'linkerd' };

/** Who connects, as the destination proxy sees it. */
export interface MeshClient {
  /** The client's mTLS identity, when its proxy speaks to this one; unmeshed clients have none. */
  readonly meshed?: { readonly serviceAccount: string; readonly namespace: string };
  /** Every address the client may connect from. */
  readonly addressRange?: string;
  readonly description: string;
}

export function meshIdentityOf(client: MeshClient): string | undefined {
  if (!client.meshed) return undefined;
  const { serviceAccount, namespace } = client.meshed;
  return linkerdIdentity({ name: serviceAccount, namespace, serviceAccountName: serviceAccount, selector: {}, ports: [] }, TRUST);
}

/** The request a flow without one stands for: any application call. */
export const APPLICATION_REQUEST: HttpRequest = { method: 'POST', path: '/' };

interface Ref { readonly group?: string; readonly kind: string; readonly name: string; readonly namespace?: string }
interface RouteMatch { readonly path?: { readonly type?: string; readonly value?: string }; readonly method?: string; readonly headers?: readonly unknown[] }

function serverPort(server: KubeObject): number | string {
  return specOf<{ port: number | string }>(server).port;
}

// A verdict depends on the pod, port, request and client; the Servers of a pod's port, a Server's routes and the route a
// request lands on do not depend on the client, and are memoized by object identity (the emitted objects and the pod
// inventory do not change while a report is computed).
const serversOfPort = new FolderMemo<PodEndpoint, Map<number, readonly KubeObject[]>>();
const routesOfServer = new FolderMemo<KubeObject, ServerRoutes>();

/** A Server's routes, and the route each request lands on (by method, then path). */
interface ServerRoutes {
  readonly routes: readonly KubeObject[];
  readonly byRequest: Map<string, Map<string, KubeObject | undefined>>;
}

/** The Servers that select this pod's port: by pod labels and by port number or container port name. */
function serversFor(objects: ClusterObjects, pod: PodEndpoint, port: number): readonly KubeObject[] {
  const byPort = serversOfPort.get(objects, pod, () => new Map());
  let servers = byPort.get(port);
  if (!servers) {
    servers = objects.of(POLICY, 'Server', pod.namespace).filter((server) => {
      const spec = specOf<{ podSelector?: LabelSelector }>(server);
      if (!spec.podSelector || !selects(spec.podSelector, pod.labels)) return false;
      const p = serverPort(server);
      return typeof p === 'number' ? p === port : pod.ports.some((c) => c.name === p && c.port === port);
    });
    byPort.set(port, servers);
  }
  return servers;
}

function routesOf(objects: ClusterObjects, server: KubeObject): ServerRoutes {
  return routesOfServer.get(objects, server, () => {
    const namespace = server.metadata.namespace;
    const routes = [...objects.of(GATEWAY, 'HTTPRoute', namespace), ...objects.of(POLICY, 'HTTPRoute', namespace), ...objects.of(GATEWAY, 'GRPCRoute', namespace)]
      .filter((route) => (specOf<{ parentRefs?: readonly Ref[] }>(route).parentRefs ?? [])
        .some((ref) => ref.kind === 'Server' && ref.group === POLICY && ref.name === server.metadata.name));
    return { routes, byRequest: new Map() };
  });
}

/** The route a request lands on among a Server's routes, memoized per request. */
function routeOf(server: ServerRoutes, request: HttpRequest): KubeObject | undefined {
  let byPath = server.byRequest.get(request.method);
  if (!byPath) server.byRequest.set(request.method, (byPath = new Map()));
  if (byPath.has(request.path)) return byPath.get(request.path);
  const route = routeFor(server.routes, request);
  byPath.set(request.path, route);
  return route;
}

/** How specific a match is, by Gateway API precedence: exact path, then longest prefix, then method, then headers. */
function specificity(match: RouteMatch): number[] {
  const type = match.path?.type ?? 'PathPrefix';
  const length = match.path?.value?.length ?? 1;
  return [type === 'Exact' ? 2 : type === 'PathPrefix' ? 1 : 0, length, match.method ? 1 : 0, match.headers?.length ?? 0];
}

function matchesRequest(match: RouteMatch, request: HttpRequest): boolean {
  if (match.method && match.method !== request.method) return false;
  if (match.headers && match.headers.length > 0) return false; // a flow carries no headers
  const type = match.path?.type ?? 'PathPrefix';
  const value = match.path?.value ?? '/';
  if (type === 'Exact') return request.path === value;
  if (type === 'RegularExpression') return regexpBySource(`^(?:${value})$`).test(request.path);
  const prefix = value.replace(/\/$/, '');
  return prefix === '' || request.path === prefix || request.path.startsWith(`${prefix}/`);
}

/** The route a request lands on: the most specific match over every rule of every route (Gateway API precedence). */
function routeFor(routes: readonly KubeObject[], request: HttpRequest): KubeObject | undefined {
  let best: { route: KubeObject; score: number[] } | undefined;
  for (const route of routes) {
    if (route.kind === 'GRPCRoute') return route;
    for (const rule of specOf<{ rules?: readonly { matches?: readonly RouteMatch[] }[] }>(route).rules ?? []) {
      const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
      for (const match of matches.filter((m) => matchesRequest(m, request))) {
        const score = specificity(match);
        if (!best || compare(score, best.score) > 0) best = { route, score };
      }
    }
  }
  return best?.route;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Whether one authentication admits the client (AND over a policy's refs, OR over policies). */
function authenticates(objects: ClusterObjects, ref: Ref, policyNamespace: string, client: MeshClient): boolean {
  const namespace = ref.namespace ?? policyNamespace;
  switch (ref.kind) {
    case 'ServiceAccount':
      return client.meshed !== undefined && client.meshed.serviceAccount === ref.name && client.meshed.namespace === namespace;
    case 'NetworkAuthentication': {
      const auth = objects.of(POLICY, 'NetworkAuthentication', namespace).find((o) => o.metadata.name === ref.name);
      const networks = auth ? specOf<{ networks?: readonly { cidr: string; except?: readonly string[] }[] }>(auth).networks ?? [] : [];
      return networks.some((n) => rangeInBlock(client.addressRange, n));
    }
    case 'MeshTLSAuthentication': {
      const auth = objects.of(POLICY, 'MeshTLSAuthentication', namespace).find((o) => o.metadata.name === ref.name);
      const spec = auth ? specOf<{ identities?: readonly string[]; identityRefs?: readonly Ref[] }>(auth) : undefined;
      const identity = meshIdentityOf(client);
      if (!spec || !identity || !client.meshed) return false;
      if (spec.identities) return spec.identities.some((i) => i === '*' || i === identity || (i.startsWith('*.') && identity.endsWith(i.slice(1))));
      return (spec.identityRefs ?? []).some((r) => (r.kind === 'Namespace' && r.name === client.meshed!.namespace)
        || (r.kind === 'ServiceAccount' && (r.name === '*' || r.name === client.meshed!.serviceAccount) && (r.namespace ?? namespace) === client.meshed!.namespace));
    }
    default:
      return false;
  }
}

/** A default or access policy (features/server-policy) applied to the client. */
function defaultPolicyAdmits(policy: string, client: MeshClient): boolean {
  const inCluster = LINKERD_CLUSTER_NETWORKS.some((cidr) => rangeInBlock(client.addressRange, { cidr }));
  switch (policy) {
    case 'all-unauthenticated':
    case 'audit':
      return true;
    case 'cluster-unauthenticated':
      return inCluster;
    case 'all-authenticated':
      return client.meshed !== undefined;
    case 'cluster-authenticated':
      return client.meshed !== undefined && inCluster;
    default:
      return false;
  }
}

/** Probes Linkerd authorizes by itself on a port without routes: GET on the pod's probe paths from `probeNetworks`. */
function isProbe(pod: PodEndpoint, port: number, request: HttpRequest | undefined, client: MeshClient): boolean {
  return request?.method === 'GET' && pod.probes.some((p) => p.port === port && p.path === request.path)
    && DEFAULT_PROBE_NETWORKS.some((cidr) => rangeInBlock(client.addressRange, { cidr }));
}

/**
 * The mesh layer: whether the destination's proxy admits the client on the port. A Server selecting the pod and port
 * makes it deny-by-default (`accessPolicy`), its routes decide which request goes where (no route: 404), and an
 * AuthorizationPolicy on the Server, the matched route or the namespace must admit the client with every
 * authentication it names. Without a Server the default inbound policy applies (pod, then namespace annotation, then
 * the cluster default), with Linkerd's own probe authorization.
 */
export function meshVerdict(objects: ClusterObjects, pod: PodEndpoint, port: number, client: MeshClient, request: HttpRequest | undefined): LayerVerdict {
  const servers = serversFor(objects, pod, port);
  if (servers.length > 1) return BLOCKED(`${servers.map(refOf).join(' and ')} both select port ${port}; Linkerd uses only the oldest, so the policy is ambiguous`);
  const server = servers[0];
  if (!server) {
    if (pod.chart) return { result: 'chart', by: `no modelled Server on ${pod.namespace} port ${port}: the ${pod.chart} chart's own policy` };
    if (isProbe(pod, port, request, client)) return ALLOWED(`no Server on port ${port}: Linkerd's default probe authorization`);
    const [policy, source] = pod.annotations[DEFAULT_INBOUND_POLICY] !== undefined ? [pod.annotations[DEFAULT_INBOUND_POLICY], 'pod annotation']
      : objects.namespaceAnnotations(pod.namespace)[DEFAULT_INBOUND_POLICY] !== undefined ? [objects.namespaceAnnotations(pod.namespace)[DEFAULT_INBOUND_POLICY], `namespace ${pod.namespace}`]
        : [LINKERD_DEFAULT_INBOUND_POLICY, 'cluster default'];
    const by = `no Server on port ${port}: default inbound policy ${policy} (${source})`;
    return defaultPolicyAdmits(policy, client) ? ALLOWED(by) : BLOCKED(by);
  }
  const effective = request ?? APPLICATION_REQUEST;
  const serverRoutes = routesOf(objects, server);
  const routes = serverRoutes.routes;
  const route = routes.length > 0 ? routeOf(serverRoutes, effective) : undefined;
  if (routes.length > 0 && !route) {
    return BLOCKED(`${refOf(server)}: no route of ${routes.map((r) => r.metadata.name).join(', ')} matches ${effective.method} ${effective.path} (404)`);
  }
  if (routes.length === 0 && isProbe(pod, port, request, client)) return ALLOWED(`${refOf(server)}: Linkerd's default probe route`);
  const policy = objects.of(POLICY, 'AuthorizationPolicy', pod.namespace).find((ap) => {
    const spec = specOf<{ targetRef: Ref; requiredAuthenticationRefs?: readonly Ref[] }>(ap);
    const t = spec.targetRef;
    const targets = (t.kind === 'Server' && (t.group ?? POLICY) === POLICY && t.name === server.metadata.name)
      || (t.kind === 'Namespace' && t.name === pod.namespace)
      || (route !== undefined && (t.kind === 'HTTPRoute' || t.kind === 'GRPCRoute') && t.kind === route.kind && t.name === route.metadata.name);
    return targets && (spec.requiredAuthenticationRefs ?? []).every((ref) => authenticates(objects, ref, ap.metadata.namespace ?? pod.namespace, client));
  });
  const where = `${refOf(server)}${route ? ` route ${route.metadata.name}` : ''}`;
  if (policy) return ALLOWED(`${where}: ${refOf(policy)}`);
  const access = specOf<{ accessPolicy?: string }>(server).accessPolicy ?? 'deny';
  const by = `${where}: no AuthorizationPolicy admits ${client.description} (accessPolicy ${access})`;
  return defaultPolicyAdmits(access, client) ? ALLOWED(by) : BLOCKED(by);
}
