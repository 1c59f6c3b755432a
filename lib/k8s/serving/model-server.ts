import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { TrafficSource, Workload, WorkloadPort } from '../core/workload';
import { serviceAppProtocol } from '../mesh/app-protocol';
import { MeshServer } from '../mesh/mesh-server';
import { ModelRouteRule, ModelRoutes } from '../mesh/model-routes';
import { allowTraffic } from '../policy/allow-traffic';
import { QualityGates } from '../quality/quality-gates';
import { FailureAccrualSpec, failureAccrualAnnotations, MODEL_SERVER_FAILURE_ACCRUAL } from '../resilience/failure-accrual';
import { refuseMirroring } from '../resilience/mirroring-guard';
import { AutoscalingSpec } from './autoscaling';
import { CanaryPlan } from './canary-plan';
import { GracefulShutdownSpec } from './graceful-shutdown';
import { COMPONENT_LABEL, FLAGGER_SELECTOR_LABEL, MODEL_VERSION_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { MeshWorkloadDeployment } from './mesh-workload-deployment';
import { ModelCanary } from './model-canary';
import { startupBudgetSeconds, WorkloadProbes } from './probes';
import { PodIdentity } from '../identity/pod-identity';
import { workloadServiceAccount } from '../identity/workload-service-account';
import { ResourceSpec } from '../../contract/quantities';
import { DEFAULT_MODEL_SERVER_PROBES, DEFAULT_MODEL_SERVER_RESOURCES, DEFAULT_REPLICAS, DEFAULT_SHUTDOWN, modelServerRules, serverPorts, splitRoutesProps } from './model-server-rules';

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

// Startup budget plus time to pull a multi-GB image and schedule onto a scaled-up GPU node.
const PROGRESS_MARGIN_SECONDS = 300;

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
