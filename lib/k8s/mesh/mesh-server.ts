import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Issues } from '../../core/validation';
import { AuthorizationPolicy } from '../../../imports/linkerd-authorization-policy-policy.linkerd.io';
import { MeshTlsAuthentication, MeshTlsAuthenticationSpecIdentityRefs } from '../../../imports/linkerd-meshtls-authentication-policy.linkerd.io';
import { NetworkAuthentication } from '../../../imports/linkerd-network-authentication-policy.linkerd.io';
import { ServerV1Beta3 } from '../../../imports/linkerd-server-policy.linkerd.io';
import {
  HttpRoute as GatewayHttpRoute,
  HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType,
} from '../../../imports/gateway-httproute-gateway.networking.k8s.io';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { describeSource, TrafficSource, Workload, WorkloadPort } from '../core/workload';
import { serverProxyProtocol } from './app-protocol';
import { isCidr, MeshNetworks } from './mesh-networks';
import { HttpMethod, PathMatch, pathMatchRules, toGatewayPathMatch } from './path-match';
import { checkPolicyReferencesOnSynth } from './policy-references';
import { textOrder } from '../../core/text-order';
import { renderedJson } from '../core/rendered-json';

/** Linkerd's default `policyController.probeNetworks` (charts/linkerd-control-plane/values.yaml). */
export const DEFAULT_PROBE_NETWORKS: readonly string[] = ['0.0.0.0/0', '::/0'];

const POLICY_GROUP = 'policy.linkerd.io';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** One inbound route on a Server: requests matching any of `matches`. */
export interface InboundRoute {
  /** Route name, suffixed to the Server name. */
  readonly name: string;
  readonly matches: readonly { readonly path: PathMatch; readonly method?: HttpMethod }[];
}

export interface InboundRoutesProps {
  readonly routes: readonly InboundRoute[];
  /**
   * The exact paths of the workload's httpGet probes. Once a Server has routes, Linkerd stops authorizing
   * probes by itself (linkerd.io/2-edge/tasks/configuring-per-route-policy), so these get their own route,
   * NetworkAuthentication and AuthorizationPolicy.
   */
  readonly probePaths: readonly string[];
  /** Where kubelet probes come from. @default ['0.0.0.0/0', '::/0'], as Linkerd's own probe authorization */
  readonly probeNetworks?: readonly string[];
}

/**
 * The Linkerd Server for one port of one workload: it makes the port deny-by-default
 * (linkerd.io/2-edge/reference/authorization-policy) and is the target of every authorization to it.
 * Get it with `MeshServer.forPort`, which returns the same Server for the same workload port.
 */
export class MeshServer extends Construct {
  /**
   * The Server of `workload`'s port `portName`: one per workload port in the whole app, since a cluster folder may
   * hold each object once. It is created on first use, in the workload's own chart when the workload is a construct
   * (so it sits beside the pods it selects), otherwise in the caller's chart.
   */
  public static forPort(scope: IConstruct, workload: Workload, portName: string): MeshServer {
    const registry = MeshServer.registry(scope);
    const key = `${workload.namespace}/${workload.name}/${portName}`;
    const existing = registry.get(key);
    if (existing) return existing;
    const chart = Chart.of(Construct.isConstruct(workload) ? workload : scope);
    const server = new MeshServer(chart, `mesh-server-${workload.namespace}-${workload.name}-${portName}`, workload, portName);
    registry.set(key, server);
    return server;
  }

  private static readonly REGISTRY = Symbol.for('ml-mesh-platform.MeshServer.registry');

  private static registry(scope: IConstruct): Map<string, MeshServer> {
    const root = scope.node.root as unknown as Record<symbol, Map<string, MeshServer> | undefined>;
    return (root[MeshServer.REGISTRY] ??= new Map());
  }

  /** Server object name: `<workload>-<port>`. */
  public readonly serverName: string;
  public readonly namespace: string;
  public readonly workload: Workload;
  public readonly port: WorkloadPort;

  private readonly meshedClients = new Map<string, MeshTlsAuthenticationSpecIdentityRefs>();
  private readonly networkClients = new Set<string>();
  private readonly routeNames = new Set<string>();
  private hasRoutes = false;

  private constructor(scope: Construct, id: string, workload: Workload, portName: string) {
    super(scope, id);
    const port = workload.ports.find((p) => p.name === portName);
    const issues = new Issues();
    if (issues.check(port !== undefined, 'port', portName, `must name a port of ${workload.namespace}/${workload.name} (it has: ${workload.ports.map((p) => p.name).join(', ') || 'none'})`)) {
      checkDnsLabel(issues, 'serverName', `${workload.name}-${portName}`);
    }
    issues.throwIfAny(this.node.path);
    this.workload = workload;
    this.port = port as WorkloadPort;
    this.namespace = workload.namespace;
    this.serverName = `${workload.name}-${portName}`;

    new ServerV1Beta3(this, 'server', {
      metadata: { name: this.serverName, namespace: this.namespace },
      spec: {
        podSelector: { matchLabels: { ...workload.selector } },
        // The number, not the name: a container port name is not part of the Workload contract.
        port: this.port.port,
        proxyProtocol: serverProxyProtocol(this.port.protocol),
        accessPolicy: 'deny',
      },
    });
    checkServerPortsOnSynth(this);
    checkPolicyReferencesOnSynth(this);
  }

  /** Lets meshed clients in: a workload by its ServiceAccount identity, or every workload of a namespace. */
  public allowMeshed(source: Extract<TrafficSource, { kind: 'workload' | 'namespace' }>): void {
    const ref: MeshTlsAuthenticationSpecIdentityRefs = source.kind === 'workload'
      ? { kind: 'ServiceAccount', name: source.workload.serviceAccountName, namespace: source.workload.namespace }
      : { kind: 'Namespace', name: source.namespace };
    const key = `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
    if (this.meshedClients.size === 0) this.createMeshedClientPolicy();
    this.meshedClients.set(key, ref);
  }

  /** Lets unauthenticated clients from a named network in (see MeshNetworks). */
  public allowNetwork(networkName: string, source: TrafficSource): void {
    const cidrs = MeshNetworks.of(this).get(networkName, `${this.node.path}: ${describeSource(source)}`);
    if (this.networkClients.has(networkName)) return;
    this.networkClients.add(networkName);
    const name = `${this.serverName}-net-${networkName}`;
    checkName(this, name);
    new NetworkAuthentication(this, `network-${networkName}`, {
      metadata: { name, namespace: this.namespace },
      spec: { networks: cidrs.map((cidr) => ({ cidr })) },
    });
    this.authorize(`network-${networkName}-policy`, name, { kind: 'Server', name: this.serverName }, { kind: 'NetworkAuthentication', name });
  }

  /**
   * Lets unauthenticated clients from a named network (see MeshNetworks) make one route's requests only: a
   * NetworkAuthentication and an AuthorizationPolicy targeting the route `<server>-<route>` declared with `addRoutes`.
   * The Server's other routes stay closed to them (linkerd.io/2-edge/tasks/configuring-per-route-policy).
   */
  public allowNetworkOnRoute(route: string, networkName: string, source: TrafficSource): void {
    const issues = new Issues();
    issues.check(this.routeNames.has(route), 'route', route, `must be a route of Server ${this.namespace}/${this.serverName} declared with addRoutes (it has: ${[...this.routeNames].join(', ') || 'none'})`);
    issues.throwIfAny(this.node.path);
    const cidrs = MeshNetworks.of(this).get(networkName, `${this.node.path}: ${describeSource(source)}`);
    const name = `${this.serverName}-${route}-net-${networkName}`;
    checkName(this, name);
    new NetworkAuthentication(this, `route-${route}-network-${networkName}`, {
      metadata: { name, namespace: this.namespace },
      spec: { networks: cidrs.map((cidr) => ({ cidr })) },
    });
    this.authorize(`route-${route}-network-${networkName}-policy`, name, { group: GATEWAY_GROUP, kind: 'HTTPRoute', name: `${this.serverName}-${route}` }, { kind: 'NetworkAuthentication', name });
  }

  /**
   * Lets unauthenticated clients from outside the pod network in (an internal load balancer's callers), by their
   * address ranges: a NetworkAuthentication `<server>-net-<name>` and its AuthorizationPolicy on the Server.
   */
  public allowCidrs(name: string, cidrs: readonly string[]): void {
    const issues = new Issues();
    issues.check(cidrs.length > 0 && cidrs.every(isCidr), 'cidrs', cidrs, 'must be a non-empty list of CIDRs such as "10.20.0.0/16"');
    issues.check(!this.networkClients.has(name), 'name', name, `already authorizes a network on Server ${this.namespace}/${this.serverName}`);
    issues.throwIfAny(this.node.path);
    this.networkClients.add(name);
    const authName = `${this.serverName}-net-${name}`;
    checkName(this, authName);
    new NetworkAuthentication(this, `network-${name}`, {
      metadata: { name: authName, namespace: this.namespace },
      spec: { networks: cidrs.map((cidr) => ({ cidr })) },
    });
    this.authorize(`network-${name}-policy`, authName, { kind: 'Server', name: this.serverName }, { kind: 'NetworkAuthentication', name: authName });
  }

  /**
   * Declares the Server's inbound routes, plus the probe route, NetworkAuthentication and AuthorizationPolicy
   * that keep kubelet probes working once routes exist. Requests matching no route are refused by the proxy.
   */
  public addRoutes(props: InboundRoutesProps): void {
    const issues = new Issues();
    issues.check(!this.hasRoutes, 'routes', props.routes.map((r) => r.name), 'must be declared once per Server');
    issues.check(props.routes.length > 0, 'routes', [], 'must hold at least one route');
    issues.check(props.probePaths.length > 0, 'probePaths', props.probePaths,
      'must list the httpGet probe paths: with routes on a Server, Linkerd no longer authorizes probes by itself');
    props.probePaths.forEach((path, i) => issues.check(path.startsWith('/'), `probePaths[${i}]`, path, "must be an exact path starting with '/'"));
    props.routes.forEach((route, i) => {
      checkDnsLabel(issues.at('routes').at(i), 'name', `${this.serverName}-${route.name}`);
      issues.check(route.matches.length > 0, `routes[${i}].matches`, [], 'must hold at least one match');
      route.matches.forEach((m, j) => pathMatchRules(m.path, issues.at('routes').at(i).at('matches').at(j).at('path')));
    });
    issues.throwIfAny(`${this.node.path}.addRoutes`);
    this.hasRoutes = true;

    for (const route of props.routes) {
      this.inboundRoute(`route-${route.name}`, `${this.serverName}-${route.name}`, route.matches);
      this.routeNames.add(route.name);
    }
    const probe = `${this.serverName}-probe`;
    this.inboundRoute('probe-route', probe, props.probePaths.map((path) => ({ path: { type: 'Exact' as const, value: path }, method: 'GET' as const })));
    new NetworkAuthentication(this, 'probe-networks', {
      metadata: { name: probe, namespace: this.namespace },
      spec: { networks: (props.probeNetworks ?? DEFAULT_PROBE_NETWORKS).map((cidr) => ({ cidr })) },
    });
    this.authorize('probe-policy', probe, { group: GATEWAY_GROUP, kind: 'HTTPRoute', name: probe }, { kind: 'NetworkAuthentication', name: probe });
  }

  private createMeshedClientPolicy(): void {
    const name = `${this.serverName}-meshed`;
    checkName(this, name);
    new MeshTlsAuthentication(this, 'meshed-clients', {
      metadata: { name, namespace: this.namespace },
      // Sorted so the same intents always synthesize the same YAML, whatever order they were declared in.
      spec: { identityRefs: Lazy.any({ produce: () => [...this.meshedClients.entries()].sort(([a], [b]) => textOrder(a, b)).map(([, ref]) => ref) }) },
    });
    this.authorize('meshed-clients-policy', name, { kind: 'Server', name: this.serverName }, { kind: 'MeshTLSAuthentication', name });
  }

  private authorize(id: string, name: string, target: { group?: string; kind: string; name: string }, authentication: { kind: string; name: string }): void {
    new AuthorizationPolicy(this, id, {
      metadata: { name, namespace: this.namespace },
      spec: {
        targetRef: { group: target.group ?? POLICY_GROUP, kind: target.kind, name: target.name },
        requiredAuthenticationRefs: [{ group: POLICY_GROUP, kind: authentication.kind, name: authentication.name }],
      },
    });
  }

  private inboundRoute(id: string, name: string, matches: InboundRoute['matches']): void {
    new GatewayHttpRoute(this, id, {
      metadata: { name, namespace: this.namespace },
      spec: {
        // An inbound (policy) route: its parent is the Server, not a Service (policy-controller inbound index).
        parentRefs: [{ group: POLICY_GROUP, kind: 'Server', name: this.serverName }],
        rules: [{
          matches: matches.map((m) => ({
            path: toGatewayPathMatch(m.path) as { type: HttpRouteSpecRulesMatchesPathType; value: string },
            method: m.method as HttpRouteSpecRulesMatchesMethod | undefined,
          })),
        }],
      },
    });
  }

  /** The Server's port must be declared by the containers of every pod template it selects in this app. */
  public portProblems(templates: PodTemplateIndex): string[] {
    const problems: string[] = [];
    for (const template of templates.candidates(this.namespace, this.workload.selector)) {
      if (!selects(this.workload.selector, template.labels)) continue;
      if (!template.containerPorts.includes(this.port.port)) {
        problems.push(`Server ${this.namespace}/${this.serverName} port ${this.port.port} (${this.port.name}): no container of ${template.kind} ${template.namespace}/${template.name} declares this port, so the Server would guard nothing`);
      }
    }
    return problems;
  }

}

function checkName(scope: IConstruct, name: string): void {
  const issues = new Issues();
  checkDnsLabel(issues, 'name', name);
  issues.throwIfAny(scope.node.path);
}

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export interface PodTemplateFacts {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containerPorts: readonly number[];
}

/** Pod templates by namespace and by each label they carry, so a selector looks at its candidates only. */
export class PodTemplateIndex {
  private readonly byLabel = new Map<string, PodTemplateFacts[]>();
  private readonly byNamespace = new Map<string, PodTemplateFacts[]>();

  constructor(templates: readonly PodTemplateFacts[]) {
    for (const template of templates) {
      push(this.byNamespace, template.namespace, template);
      for (const [k, v] of Object.entries(template.labels)) push(this.byLabel, `${template.namespace}|${k}=${v}`, template);
    }
  }

  /** Templates that may match: those carrying the selector's first label, or the whole namespace for `{}`. */
  public candidates(namespace: string, selector: Readonly<Record<string, string>>): readonly PodTemplateFacts[] {
    const first = Object.entries(selector)[0];
    return (first ? this.byLabel.get(`${namespace}|${first[0]}=${first[1]}`) : this.byNamespace.get(namespace)) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

const serversByApp = new WeakMap<IConstruct, MeshServer[]>();

/**
 * One validation per app checks every Server's port against the app's pod templates, rendering each workload
 * once: a validation per Server that rendered every workload made synth quadratic in the number of models.
 */
function checkServerPortsOnSynth(server: MeshServer): void {
  const root = server.node.root;
  let servers = serversByApp.get(root);
  if (!servers) {
    const all: MeshServer[] = [];
    servers = all;
    serversByApp.set(root, all);
    root.node.addValidation({ validate: () => { const templates = new PodTemplateIndex(podTemplates(root)); return all.flatMap((s) => s.portProblems(templates)); } });
  }
  servers.push(server);
}

/** Pod templates of the workload objects synthesized in the app, with the container ports they declare. */
function podTemplates(root: IConstruct): PodTemplateFacts[] {
  const facts: PodTemplateFacts[] = [];
  for (const node of root.node.findAll()) {
    if (!(node instanceof ApiObject) || !POD_TEMPLATE_KINDS.has(node.kind)) continue;
    const json = renderedJson(node) as { spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpecPorts } } };
    const template = json.spec?.template;
    const containers = [...(template?.spec?.containers ?? []), ...(template?.spec?.initContainers ?? [])];
    facts.push({
      kind: node.kind,
      name: node.name,
      namespace: node.metadata.namespace ?? 'default',
      labels: template?.metadata?.labels ?? {},
      containerPorts: containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
    });
  }
  return facts;
}

interface PodSpecPorts {
  readonly containers?: readonly { readonly ports?: readonly { readonly containerPort: number }[] }[];
  readonly initContainers?: readonly { readonly ports?: readonly { readonly containerPort: number }[] }[];
}
