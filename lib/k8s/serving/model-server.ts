import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues, rulesAsConfig } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { TrafficSource, Workload, WorkloadPort } from '../core/workload';
import { serviceAppProtocol } from '../mesh/app-protocol';
import { MeshServer } from '../mesh/mesh-server';
import { httpRouteRuleRules, ModelRouteRule, ModelRoutes, ModelRoutesProps, modelRoutesRules } from '../mesh/model-routes';
import { allowTraffic } from '../policy/allow-traffic';
import { QualityGates, qualityGatesRules, REFERENCE_QUALITY_GATES } from '../quality/quality-gates';
import { FailureAccrualSpec, failureAccrualAnnotations, failureAccrualRules, MODEL_SERVER_FAILURE_ACCRUAL } from '../resilience/failure-accrual';
import { refuseMirroring } from '../resilience/mirroring-guard';
import { AutoscalingSpec, autoscalingRules } from './autoscaling';
import { CanaryPlan, canaryPlanGatesRules, canaryPlanRules } from './canary-plan';
import { gpuAcceleratorRules } from './gpu-placement';
import { GracefulShutdownSpec, gracefulShutdownRules } from './graceful-shutdown';
import { checkPinnedImage } from './image';
import { COMPONENT_LABEL, FLAGGER_SELECTOR_LABEL, MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { disruptionRules, MeshWorkloadDeployment } from './mesh-workload-deployment';
import { ModelCanary } from './model-canary';
import { startupBudgetSeconds, WorkloadProbes, workloadProbeRules } from './probes';
import { PodIdentity } from '../identity/pod-identity';
import { workloadServiceAccount } from '../identity/workload-service-account';
import { checkMemoryQuantity, resourceRules, ResourceSpec } from '../../contract/quantities';
import { checkNotProxyPort } from '../mesh/proxy-ports';

/** One model version: its own image, model, replicas and resources. */
export interface ModelVersionSpec {
  /** Version name, an RFC 1123 label such as `v1`; part of the Deployment name `<server>-<version>`. */
  readonly name: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
  /** Where the server loads the model from (env MODEL_PATH). */
  readonly modelPath: string;
  /** env MAX_BATCH_SIZE. @default 32 */
  readonly maxBatchSize?: number;
  /** Fixed replica count; unused when `autoscaling` is set (then the Deployment carries none). @default 2 */
  readonly replicas?: number;
  /** @default requests 500m / 1Gi, limits 2 CPU / 4Gi, no GPU */
  readonly resources?: ResourceSpec;
  /** An HPA instead of fixed replicas; required with a canary (Flagger's autoscalerRef). @default fixed replicas */
  readonly autoscaling?: AutoscalingSpec;
  /** PodDisruptionBudget minAvailable. @default one below the (minimum) replica count */
  readonly minAvailable?: number;
  /** GKE accelerator type when `resources.gpus` > 0, e.g. `nvidia-l4`. @default any GPU node */
  readonly gpuAccelerator?: string;
}

/** How requests are shared between versions. Set at most one of `split` and `canary`. */
export interface ModelTrafficSpec {
  /**
   * Relative weights per version name, through the mesh's HTTPRoutes: a version gets weight / (sum of weights) of the
   * requests (Gateway API `backendRefs[].weight`), so `{ v1: 90, v2: 10 }` and `{ v1: 9, v2: 1 }` are the same split.
   * Whole numbers from 0 to 1,000,000; 0 keeps a version deployed without traffic; at least one must be above 0.
   * @default none
   */
  readonly split?: Readonly<Record<string, number>>;
  /**
   * The public port's route table (matches, timeouts, retries), for example REFERENCE_ROUTE_TABLE. With a split each
   * rule is an HTTPRoute carrying the same weights. With a canary the rules' matches become the matches of Flagger's
   * single route, and only the settings every path shares reach it, as Service-wide annotations (the longest timeout,
   * a retry only if all rules retry alike; canaryRouteSettings); what is left out is reported as a synth warning.
   * @default a split: one catch-all rule `all` (PathPrefix /); a canary: every path, no timeout
   */
  readonly routes?: readonly ModelRouteRule[];
  /**
   * Progressive delivery of the (single) version by Flagger. Its `maxErrorRatePercent` and `maxP99LatencyMs` must
   * equal `qualityGates.rollback`'s.
   * @default none
   */
  readonly canary?: CanaryPlan;
  /**
   * The canary's quality gates: the rollback tier becomes the Canary's metric checks (error rate, p99, accuracy), the
   * promotion tier its confirm-promotion check. Only with `canary`.
   * @default REFERENCE_QUALITY_GATES
   */
  readonly qualityGates?: QualityGates;
  /** Prometheus the canary's MetricTemplates and promotion check query. @default ANALYSIS_ENDPOINT (linkerd-viz) */
  readonly prometheusAddress?: string;
}

export interface ModelServerProps {
  /** @default 'model-server' */
  readonly name?: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** At least one version. With a canary, exactly one: Flagger promotes the Deployment's new pod spec. */
  readonly versions: readonly ModelVersionSpec[];
  /** Internal inference port, open to every workload of the namespace. @default 8080 */
  readonly port?: number;
  /** Public inference port, open only to the API gateway. @default 8443 (plain HTTP; Linkerd adds mTLS) */
  readonly publicPort?: number;
  /**
   * @default startup GET /health/ready every 10 s for up to 10 min (model loading), readiness GET /health/ready,
   * liveness GET /health/live, all on the internal port
   */
  readonly probes?: WorkloadProbes;
  /** @default 15 s preStop sleep, 90 s grace (a batch inference can take tens of seconds) */
  readonly shutdown?: GracefulShutdownSpec;
  /** @default emptyDir of 10Gi at /var/cache/model */
  readonly modelCacheSize?: string;
  /** @default all traffic to the only version */
  readonly traffic?: ModelTrafficSpec;
  /** Cloud identity for the server's ServiceAccount and pods. @default none */
  readonly identity?: PodIdentity;
  /**
   * Circuit breaking by meshed callers (Linkerd failure accrual) on the server's Services: with a split, the Service
   * and each version's; with a canary, Flagger's apex Service. The reference keeps it on, so a replica slowed or
   * failing while retraining runs is ejected instead of failing a share of requests. `'none'` turns it off.
   * @default MODEL_SERVER_FAILURE_ACCRUAL
   */
  readonly failureAccrual?: FailureAccrualSpec | 'none';
}

export const DEFAULT_MODEL_SERVER_RESOURCES: ResourceSpec = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } };
export const DEFAULT_MODEL_SERVER_PROBES: WorkloadProbes = {
  // Triton/KServe load models for minutes; 60 x 10 s = 10 min before the kubelet gives up (research D).
  startup: { path: '/health/ready', periodSeconds: 10, failureThreshold: 60 },
  readiness: { path: '/health/ready', periodSeconds: 5, failureThreshold: 3 },
  liveness: { path: '/health/live', periodSeconds: 10, failureThreshold: 3 },
};
const DEFAULT_SHUTDOWN: GracefulShutdownSpec = { preStopSleepSeconds: 15, terminationGracePeriodSeconds: 90 };
const DEFAULT_REPLICAS = 2;
// Startup budget plus time to pull a multi-GB image and schedule onto a scaled-up GPU node.
const PROGRESS_MARGIN_SECONDS = 300;

function serverPorts(props: ModelServerProps): WorkloadPort[] {
  return [
    { name: 'http', port: props.port ?? 8080, protocol: 'http1' },
    { name: 'public', port: props.publicPort ?? 8443, protocol: 'http1' },
  ];
}

const CATCH_ALL_ROUTE: ModelRouteRule = { name: 'all', path: { type: 'PathPrefix', value: '/' } };

export function splitWeightRules(weights: Readonly<Record<string, number>>, versions: readonly string[], issues: Issues): void {
  for (const [version, weight] of Object.entries(weights)) {
    issues.check(versions.includes(version), version, weight, `names no version of this server (versions: ${versions.join(', ')})`);
  }
  for (const version of versions) {
    issues.check(version in weights, version, undefined, 'every version needs a weight (0 keeps it deployed without traffic)');
  }
}

/** The ModelRoutes a static split becomes: one weighted backend per version, the configured rules. */
function splitRoutesProps(name: string, props: ModelServerProps, split: Readonly<Record<string, number>>): ModelRoutesProps {
  const publicPort = props.publicPort ?? 8443;
  return {
    service: { name, namespace: props.namespace ?? 'mlops', port: publicPort },
    backends: props.versions.map((v) => ({ name: `${name}-${v.name}`, weight: split[v.name] })),
    rules: props.traffic?.routes ?? [CATCH_ALL_ROUTE],
  };
}

export function modelServerRules(props: ModelServerProps, issues: Issues): void {
  const name = props.name ?? 'model-server';
  checkDnsLabel(issues, 'name', name);
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  const ports = serverPorts(props);
  for (const [field, port] of [['port', ports[0].port], ['publicPort', ports[1].port]] as const) {
    if (issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, field, port, 'must be a TCP port 1-65535')) checkNotProxyPort(issues, field, port);
  }
  issues.check(ports[0].port !== ports[1].port, 'publicPort', ports[1].port, `must differ from port (${ports[0].port})`);
  workloadProbeRules(props.probes ?? DEFAULT_MODEL_SERVER_PROBES, ports.map((p) => p.name), issues.at('probes'));
  gracefulShutdownRules(props.shutdown ?? DEFAULT_SHUTDOWN, issues.at('shutdown'));

  // Environments may come from JSON, where a missing list is not a type error until it is read.
  if (!issues.check(Array.isArray(props.versions) && props.versions.length > 0, 'versions', props.versions, 'must list at least one model version')) return;
  if (props.modelCacheSize !== undefined) checkMemoryQuantity(issues, 'modelCacheSize', props.modelCacheSize);
  const seen = new Set<string>();
  props.versions.forEach((version, i) => {
    const at = issues.at('versions').at(i);
    if (checkDnsLabel(at, 'name', version.name)) {
      at.check(!seen.has(version.name), 'name', version.name, 'must be unique among the versions');
      at.check(`${name}-${version.name}`.length <= 63, 'name', version.name, `makes the Deployment name "${name}-${version.name}" longer than 63 characters`);
    }
    seen.add(version.name);
    checkPinnedImage(at, 'image', version.image);
    at.check(version.modelPath.length > 0, 'modelPath', version.modelPath, 'must name where the model is loaded from');
    const batch = version.maxBatchSize ?? 32;
    at.check(Number.isInteger(batch) && batch >= 1, 'maxBatchSize', batch, 'must be a whole number >= 1');
    const replicas = version.replicas ?? DEFAULT_REPLICAS;
    at.check(Number.isInteger(replicas) && replicas >= 1, 'replicas', replicas, 'must be a whole number >= 1');
    resourceRules(version.resources ?? DEFAULT_MODEL_SERVER_RESOURCES, at.at('resources'));
    if (version.autoscaling) autoscalingRules(version.autoscaling, at.at('autoscaling'));
    disruptionRules(replicas, version.autoscaling, version.minAvailable, at);
    gpuAcceleratorRules(version.gpuAccelerator, at);
  });

  const accrual = props.failureAccrual ?? MODEL_SERVER_FAILURE_ACCRUAL;
  if (accrual !== 'none') failureAccrualRules(accrual, issues.at('failureAccrual'));

  const traffic = props.traffic ?? {};
  const versionNames = props.versions.map((v) => v.name);
  if (traffic.split && traffic.canary) {
    issues.add('traffic', 'split and canary', 'choose one: a static split and a Flagger canary cannot both drive the same Service');
  }
  if (traffic.split) {
    const weightsAt = issues.at('traffic').at('split');
    splitWeightRules(traffic.split, versionNames, weightsAt);
    // The split becomes ModelRoutes at synth: run its rules now, reported at traffic.split / traffic.routes.
    rulesAsConfig(modelRoutesRules, splitRoutesProps(name, props, traffic.split), issues, (field) => {
      const backend = /^backends\[(\d+)\]\.weight$/.exec(field);
      if (backend) return `traffic.split.${versionNames[Number(backend[1])]}`;
      if (field === 'backends') return 'traffic.split';
      const rule = /^rules(.*)$/.exec(field);
      return rule ? `traffic.routes${rule[1]}` : undefined;
    });
  } else if (traffic.routes) {
    // A canary carries the rules too (Canary service.match and apex annotations, canary-route-table.ts).
    const at = issues.at('traffic');
    if (at.check(traffic.canary !== undefined, 'routes', traffic.routes.map((r) => r.name),
      'apply only to a split or a canary: a single version without either is reached through its Service alone')) {
      at.check(traffic.routes.length > 0, 'routes', traffic.routes, 'must hold at least one rule, or be left unset');
      const names = traffic.routes.map((r) => r.name);
      names.forEach((n, i) => at.check(names.indexOf(n) === i, `routes[${i}].name`, n, 'must name each rule once'));
      traffic.routes.forEach((rule, i) => {
        checkDnsLabel(at.at('routes').at(i), 'name', `${name}-${rule.name}`);
        httpRouteRuleRules(rule, at.at('routes').at(i));
      });
    }
  }
  if (traffic.qualityGates && !traffic.canary) {
    issues.add('traffic.qualityGates', traffic.qualityGates, 'only a canary is gated: set traffic.canary, or remove the gates');
  }
  if (traffic.canary) {
    const gates = traffic.qualityGates ?? REFERENCE_QUALITY_GATES;
    canaryPlanRules(traffic.canary, issues.at('traffic').at('canary'));
    qualityGatesRules(gates, issues.at('traffic').at('qualityGates'));
    canaryPlanGatesRules(traffic.canary, gates.rollback, issues.at('traffic'));
    issues.check(props.versions.length === 1, 'versions', versionNames,
      'a canary rolls out one version at a time: Flagger keeps the running one as <name>-primary and promotes the Deployment\'s new pod spec, so list only the version to roll out');
    issues.at('versions').at(0).check(props.versions[0].autoscaling !== undefined, 'autoscaling', undefined,
      'a canaried version needs autoscaling (an HPA, which becomes the Canary\'s autoscalerRef): Flagger scales the Deployment to 0 between rollouts, so a replica count in Git fights it under GitOps, and without one Flagger gives the primary a single replica (fluxcd/flagger#1504; pkg/canary/deployment_controller.go, v1.44.0)');
  }
  if (!traffic.split && !traffic.canary && props.versions.length > 1) {
    issues.add('traffic', undefined, `${props.versions.length} versions need traffic.split weights; without them the Service would share requests by pod count`);
  }
}

/**
 * An HTTP model server: one Deployment per model version behind one Service, with internal and public ports,
 * GPU scheduling, startup/readiness/liveness probes, HPA, PodDisruptionBudget, zone and node spread and graceful
 * shutdown. Traffic between versions is either a static split (HTTPRoute weights) or a Flagger canary, which then
 * owns the Services, the route and the primary Deployment.
 */
export class ModelServer extends Construct implements Workload {
  public readonly name: string;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  /** Selects every pod of every version, primary and canary included; Flagger never rewrites it. */
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly WorkloadPort[];
  /** Deployments by version name. */
  public readonly deployments: Readonly<Record<string, MeshWorkloadDeployment>>;
  /** The Flagger canary, when progressive delivery drives this server. */
  public readonly canary?: ModelCanary;
  private readonly probes: WorkloadProbes;

  constructor(scope: Construct, id: string, props: ModelServerProps) {
    super(scope, id);
    const issues = new Issues();
    modelServerRules(props, issues);
    issues.throwIfAny(this.node.path);

    this.name = props.name ?? 'model-server';
    this.namespace = props.namespace ?? 'mlops';
    this.serviceAccountName = this.name;
    this.selector = { [WORKLOAD_LABEL]: this.name };
    this.ports = serverPorts(props);
    const labels = { ...this.selector, [COMPONENT_LABEL]: 'model-server' };
    const probes = props.probes ?? DEFAULT_MODEL_SERVER_PROBES;
    this.probes = probes;
    const canaryPlan = props.traffic?.canary;
    const accrual = props.failureAccrual ?? MODEL_SERVER_FAILURE_ACCRUAL;
    const failureAccrual = accrual === 'none' ? undefined : accrual;
    // Once per app: a mirror filter or Flagger mirror option anywhere in it fails synth (Linkerd 2.20 drops the route).
    refuseMirroring(this.node.root);

    workloadServiceAccount(this, 'service-account', { name: this.serviceAccountName, namespace: this.namespace, labels, identity: props.identity });
    // A Server on every port, callers or not: each port is then deny-by-default whatever the namespace's default
    // policy, which is what enforces ports between meshed pods (their transport header reaches all ports at L4).
    for (const port of this.ports) MeshServer.forPort(this, this, port.name);

    const deployments: Record<string, MeshWorkloadDeployment> = {};
    for (const version of props.versions) {
      // A canaried Deployment keeps the server's name: Flagger derives `<name>-primary` and its Services from it,
      // and its selector must be one of Flagger's selector labels (how-it-works.md).
      const deploymentName = canaryPlan ? this.name : `${this.name}-${version.name}`;
      const versionLabels = { ...labels, [MODEL_VERSION_LABEL]: version.name };
      const selector: Record<string, string> = canaryPlan ? { [FLAGGER_SELECTOR_LABEL]: this.name } : { ...this.selector, [MODEL_VERSION_LABEL]: version.name };
      deployments[version.name] = new MeshWorkloadDeployment(this, `deployment-${version.name}`, {
        name: deploymentName,
        namespace: this.namespace,
        serviceAccountName: this.serviceAccountName,
        selector,
        podLabels: { ...versionLabels, ...selector },
        // A canary's disruption budget and spread cover primary and canary pods together.
        groupLabels: canaryPlan ? this.selector : selector,
        image: version.image,
        ports: this.ports,
        env: [
          { name: 'MODEL_PATH', value: version.modelPath },
          { name: 'MAX_BATCH_SIZE', value: String(version.maxBatchSize ?? 32) },
          { name: 'MODEL_VERSION', value: version.name },
        ],
        resources: version.resources ?? DEFAULT_MODEL_SERVER_RESOURCES,
        probes,
        replicas: version.replicas ?? DEFAULT_REPLICAS,
        autoscaling: version.autoscaling,
        minAvailable: version.minAvailable,
        scratchDirs: [
          { name: 'tmp', mountPath: '/tmp', sizeLimit: '1Gi' },
          { name: 'model-cache', mountPath: '/var/cache/model', sizeLimit: props.modelCacheSize ?? '10Gi' },
        ],
        shutdown: props.shutdown ?? DEFAULT_SHUTDOWN,
        gpuAccelerator: version.gpuAccelerator,
        identity: props.identity,
      });
    }
    this.deployments = deployments;

    if (canaryPlan) {
      const only = props.versions[0];
      const [internal, publicPort] = this.ports;
      this.canary = new ModelCanary(this, 'canary', {
        namespace: this.namespace,
        serviceName: this.name,
        deploymentName: this.name,
        // The gateway's (user) traffic is what the new version must be judged on; in-namespace callers on the
        // internal port reach the primary until promotion.
        routedPort: publicPort,
        otherPorts: [internal],
        plan: canaryPlan,
        qualityGates: props.traffic?.qualityGates,
        autoscalerName: only.autoscaling ? deployments[only.name].autoscaler?.name : undefined,
        progressDeadlineSeconds: startupBudgetSeconds(probes.startup ?? probes.readiness) + PROGRESS_MARGIN_SECONDS,
        prometheusAddress: props.traffic?.prometheusAddress,
        failureAccrual,
        routes: props.traffic?.routes,
        labels,
      });
      return;
    }

    // Every Service a meshed client may call carries the breaker: the route's parent and, with a split, the backends.
    const annotations = failureAccrual ? failureAccrualAnnotations(failureAccrual) : undefined;
    this.service(this.name, this.selector, labels, annotations);
    const split = props.traffic?.split;
    if (split) {
      for (const version of props.versions) {
        this.service(`${this.name}-${version.name}`, { ...this.selector, [MODEL_VERSION_LABEL]: version.name }, { ...labels, [MODEL_VERSION_LABEL]: version.name }, annotations);
      }
      // The split shapes the public (gateway) port, like a canary would; ModelRoutes claims the Service, so a canary
      // on it fails at synth. In-namespace callers on the internal port reach every version by pod count.
      new ModelRoutes(this, 'routes', splitRoutesProps(this.name, props, split));
    }
  }

  /** The exact paths of the httpGet probes on a port (the first port when a probe names none). */
  public probePaths(portName: string): string[] {
    const all = [this.probes.startup, this.probes.readiness, this.probes.liveness].filter((p) => p !== undefined);
    return [...new Set(all.filter((p) => (p.port ?? this.ports[0].name) === portName).map((p) => p.path))];
  }

  /** Lets `source` call this server on the named port ('http' or 'public'): mesh authorization and network policy. */
  public allowFrom(source: Workload, port: string): void {
    this.allow({ kind: 'workload', workload: source }, port);
  }

  /** Lets every meshed workload of `namespace` call this server on the named port. */
  public allowFromNamespace(namespace: string, port: string): void {
    this.allow({ kind: 'namespace', namespace }, port);
  }

  private allow(source: TrafficSource, port: string): void {
    allowTraffic(this, { source, target: this, port });
  }

  private service(name: string, selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>, annotations?: Readonly<Record<string, string>>): void {
    new k8s.KubeService(this, `service-${name}`, {
      metadata: { name, namespace: this.namespace, labels: { ...labels }, annotations: annotations ? { ...annotations } : undefined },
      spec: {
        selector: { ...selector },
        ports: this.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP', appProtocol: serviceAppProtocol(p.protocol) })),
      },
    });
  }
}
