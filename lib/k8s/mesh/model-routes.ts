import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { isGrpcRule, modelRoutesRules } from './model-routes-rules';
import {
  HttpRoute as GatewayHttpRoute,
  HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType,
} from '../../../imports/gateway-httproute-gateway.networking.k8s.io';
import { GrpcRoute as GatewayGrpcRoute, GrpcRouteSpecRulesMatchesMethodType } from '../../../imports/gateway-grpcroute-gateway.networking.k8s.io';
import { PortProtocol } from '../core/workload';
import { serviceAppProtocol } from './app-protocol';
import { linkerdResilienceAnnotations, RouteTimeouts } from './route-resilience';
import { GrpcMethodMatch, GrpcRetry, toGatewayGrpcMatches } from './grpc-route';
import { RETRY_GRPC, RETRY_HTTP } from '../../contract/linkerd-annotations';
import { HttpMethod, PathMatch, toGatewayPathMatch } from './path-match';
import { checkPolicyReferencesOnSynth } from './policy-references';
import { TrafficControllers } from './traffic-controllers';
import { renderedJson } from '../core/rendered-json';

/** The Service clients call; the routes attach to it (Gateway API GEP-1426 producer routes). */
export interface RoutedService {
  readonly name: string;
  readonly namespace: string;
  /** Service port the routes apply to. */
  readonly port: number;
  /**
   * How the port is spoken. `grpc` makes each rule a GRPCRoute (rules then take `grpc` matches); `http1` and
   * `http2` make HTTPRoutes. `opaque` cannot be routed by request.
   * @default 'http1'
   */
  readonly protocol?: PortProtocol;
}

/** A model version behind the Service, as a Service of its own, with its share of the traffic. */
export interface WeightedBackend {
  /** Service name of this version, e.g. `model-server-v2`. */
  readonly name: string;
  /** Relative weight: a non-negative integer; 0 keeps the backend defined but idle. */
  readonly weight: number;
  /** @default the routed Service's port */
  readonly port?: number;
}

/** Linkerd client-side timeouts (linkerd.io/2-edge/reference/timeouts), each a Go duration such as "5s". */
/** Linkerd HTTP retries (linkerd.io/2-edge/reference/retries). Bodies over 64 KiB are never retried. */
export interface HttpRetry {
  /** Status codes to retry: "5xx", "gateway-error" (502-504), "504" or a range "500-504". */
  readonly on: readonly string[];
  /** Retries per request. @default 1 (Linkerd's default) */
  readonly limit?: number;
  /** Each attempt is cancelled and retried after this long (Go duration). @default no per-attempt timeout */
  readonly timeout?: string;
}

export interface ModelRouteRule {
  /** Route name; the HTTPRoute is named `<service>-<name>`. */
  readonly name: string;
  readonly path: PathMatch;
  /** @default any method */
  readonly method?: HttpMethod;
  /** @default no timeouts */
  readonly timeouts?: RouteTimeouts;
  /** @default not retried */
  readonly retry?: HttpRetry;
}

/** A rule of a gRPC port: which calls, and their timeouts and retries. */
export interface GrpcModelRouteRule {
  /** Route name; the GRPCRoute is named `<service>-<name>`. */
  readonly name: string;
  /** Service and method; `{}` takes every call. */
  readonly grpc: GrpcMethodMatch;
  /** @default no timeouts */
  readonly timeouts?: RouteTimeouts;
  /** @default not retried */
  readonly retry?: GrpcRetry;
}

export interface ModelRoutesProps {
  readonly service: RoutedService;
  /** Versions that share the traffic of every rule. */
  readonly backends: readonly WeightedBackend[];
  /**
   * One route per rule, because Linkerd's timeout and retry annotations apply to a whole route: HTTPRoutes of
   * `ModelRouteRule`s on an HTTP port, GRPCRoutes of `GrpcModelRouteRule`s on a gRPC port.
   * Requests that match no rule get a 404 from the client's proxy (Gateway API route semantics).
   */
  readonly rules: readonly (ModelRouteRule | GrpcModelRouteRule)[];
}

/**
 * Client-side routing for a model Service: Gateway API HTTPRoutes with the Service as parent, weighted
 * backends per model version, and Linkerd timeouts and retries per route. Only meshed clients get the split
 * (linkerd.io/2-edge/features/httproute). It claims the Service in `TrafficControllers`, so a canary
 * controller cannot drive the same Service.
 */
export class ModelRoutes extends Construct {
  /** Route names, per rule name. */
  public readonly routeNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ModelRoutesProps) {
    super(scope, id);
    const issues = new Issues();
    modelRoutesRules(props, issues);
    issues.throwIfAny(this.node.path);
    const { service } = props;
    TrafficControllers.of(this).claim(`${service.namespace}/${service.name}`, 'static-split', this.node.path);

    const names: Record<string, string> = {};
    for (const rule of props.rules) {
      const name = `${service.name}-${rule.name}`;
      names[rule.name] = name;
      if (isGrpcRule(rule)) {
        new GatewayGrpcRoute(this, rule.name, {
          metadata: { name, namespace: service.namespace, annotations: linkerdResilienceAnnotations(rule.timeouts, rule.retry, RETRY_GRPC) },
          spec: {
            // The same mesh (GAMMA) parent as an HTTPRoute: Linkerd applies GRPCRoutes on the client side too.
            parentRefs: [{ group: '', kind: 'Service', name: service.name, port: service.port }],
            rules: [{
              matches: toGatewayGrpcMatches(rule.grpc) as { method: { type: GrpcRouteSpecRulesMatchesMethodType; service?: string; method?: string } }[] | undefined,
              backendRefs: props.backends.map((b) => ({ group: '', kind: 'Service', name: b.name, port: b.port ?? service.port, weight: b.weight })),
            }],
          },
        });
        continue;
      }
      new GatewayHttpRoute(this, rule.name, {
        metadata: { name, namespace: service.namespace, annotations: linkerdResilienceAnnotations(rule.timeouts, rule.retry, RETRY_HTTP) },
        spec: {
          // group "" and kind Service make this a mesh (GAMMA) route, which Linkerd applies on the client side.
          parentRefs: [{ group: '', kind: 'Service', name: service.name, port: service.port }],
          rules: [{
            matches: [{
              path: toGatewayPathMatch(rule.path) as { type: HttpRouteSpecRulesMatchesPathType; value: string },
              method: rule.method as HttpRouteSpecRulesMatchesMethod | undefined,
            }],
            backendRefs: props.backends.map((b) => ({ group: '', kind: 'Service', name: b.name, port: b.port ?? service.port, weight: b.weight })),
          }],
        },
      });
    }
    this.routeNames = names;
    checkPolicyReferencesOnSynth(this);
    const grpc = service.protocol === 'grpc';
    this.node.addValidation({ validate: () => serviceProfileConflicts(this, service, grpc ? 'GRPCRoutes' : 'HTTPRoutes') });
    if (grpc) this.node.addValidation({ validate: () => grpcAppProtocolProblems(this, service) });
  }
}

/** A ServiceProfile for the same Service overrides HTTPRoutes and their annotations (reference/httproute). */
function serviceProfileConflicts(scope: Construct, service: RoutedService, routes: string): string[] {
  const prefix = `${service.name}.${service.namespace}.svc.`;
  return scope.node.root.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'ServiceProfile' && c.name.startsWith(prefix))
    .map((sp) => `${scope.node.path}: ServiceProfile ${sp.metadata.namespace ?? ''}/${sp.name} targets Service ${service.namespace}/${service.name}, which has ${routes}; Linkerd would ignore the routes' splits, timeouts and retries. Remove the ServiceProfile`);
}

/**
 * The routed Service's port, when this app defines the Service, must not declare an appProtocol Linkerd reads as
 * opaque (`grpc` above all): the GRPCRoutes would then be ignored (linkerd.io/2-edge/features/protocol-detection).
 */
function grpcAppProtocolProblems(scope: Construct, service: RoutedService): string[] {
  const expected = serviceAppProtocol('grpc');
  return scope.node.root.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.apiVersion === 'v1' && c.kind === 'Service' && c.name === service.name && c.metadata.namespace === service.namespace)
    .flatMap((svc) => ((renderedJson(svc) as { spec?: { ports?: { port: number; appProtocol?: string }[] } }).spec?.ports ?? [])
      .filter((p) => p.port === service.port && p.appProtocol !== undefined && p.appProtocol !== expected)
      .map((p) => `${scope.node.path}: Service ${service.namespace}/${service.name} port ${p.port} has appProtocol ${JSON.stringify(p.appProtocol)}, which Linkerd treats as ${p.appProtocol === 'http' ? 'HTTP/1' : 'opaque TCP'}, so its GRPCRoutes would not apply; use "${expected}" (serviceAppProtocol('grpc'))`));
}
