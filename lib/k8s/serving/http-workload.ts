import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { TrafficSource, Workload, WorkloadPort } from '../core/workload';
import { serviceAppProtocol } from '../mesh/app-protocol';
import { MeshServer } from '../mesh/mesh-server';
import { allowTraffic } from '../policy/allow-traffic';
import { AutoscalingSpec } from './autoscaling';
import { GracefulShutdownSpec } from './graceful-shutdown';
import { COMPONENT_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { MeshWorkloadDeployment } from './mesh-workload-deployment';
import { WorkloadProbes } from './probes';
import { HTTP_WORKLOAD_PROBES, HTTP_WORKLOAD_RESOURCES, httpWorkloadRules } from './http-workload-rules';
import { PodIdentity } from '../identity/pod-identity';
import { workloadServiceAccount } from '../identity/workload-service-account';
import { ResourceSpec } from '../../contract/quantities';

/** A single-port HTTP service of the serving namespace (feature store, API gateway). */
export interface HttpWorkloadProps {
  /** @default 'mlops' */
  readonly namespace?: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
  /** @default 2 */
  readonly replicas?: number;
  /** @default requests 250m / 512Mi, limits 1 CPU / 1Gi */
  readonly resources?: ResourceSpec;
  /** @default fixed replicas */
  readonly autoscaling?: AutoscalingSpec;
  /** @default one below the (minimum) replica count */
  readonly minAvailable?: number;
  /** @default readiness GET /health/ready, liveness GET /health/live */
  readonly probes?: WorkloadProbes;
  /** @default 10 s preStop sleep, 60 s grace */
  readonly shutdown?: GracefulShutdownSpec;
  /** Extra environment. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default none */
  readonly identity?: PodIdentity;
}

/** What a concrete workload fixes: its name, component and port. */
export interface HttpWorkloadIdentity {
  readonly name: string;
  readonly component: string;
  readonly port: WorkloadPort;
}

/** A meshed HTTP Deployment behind a ClusterIP Service, with its own ServiceAccount (its mesh identity). */
export abstract class HttpWorkload extends Construct implements Workload {
  public readonly name: string;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly WorkloadPort[];
  public readonly deployment: MeshWorkloadDeployment;

  protected constructor(scope: Construct, id: string, fixed: HttpWorkloadIdentity, props: HttpWorkloadProps) {
    super(scope, id);
    const issues = new Issues();
    httpWorkloadRules(props, fixed.port.name, issues);
    issues.throwIfAny(this.node.path);

    this.name = fixed.name;
    this.namespace = props.namespace ?? 'mlops';
    this.serviceAccountName = fixed.name;
    this.selector = { [WORKLOAD_LABEL]: fixed.name };
    this.ports = [fixed.port];
    const labels = { ...this.selector, [COMPONENT_LABEL]: fixed.component };

    workloadServiceAccount(this, 'service-account', { name: this.serviceAccountName, namespace: this.namespace, labels, identity: props.identity });
    // A Server on every port, callers or not, so each port is deny-by-default whatever the namespace's default policy.
    for (const port of this.ports) MeshServer.forPort(this, this, port.name);
    this.deployment = new MeshWorkloadDeployment(this, 'deployment', {
      name: this.name,
      namespace: this.namespace,
      serviceAccountName: this.serviceAccountName,
      selector: this.selector,
      podLabels: labels,
      groupLabels: this.selector,
      image: props.image,
      ports: this.ports,
      env: Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
      resources: props.resources ?? HTTP_WORKLOAD_RESOURCES,
      probes: props.probes ?? HTTP_WORKLOAD_PROBES,
      replicas: props.replicas ?? 2,
      autoscaling: props.autoscaling,
      minAvailable: props.minAvailable,
      shutdown: props.shutdown,
      identity: props.identity,
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        selector: { ...this.selector },
        ports: this.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP', appProtocol: serviceAppProtocol(p.protocol) })),
      },
    });
  }

  /** Lets `source` call this workload on the named port: mesh authorization and network policy together. */
  public allowFrom(source: Workload, port: string = this.ports[0].name): void {
    this.allow({ kind: 'workload', workload: source }, port);
  }

  /** Lets every meshed workload of `namespace` call this workload. */
  public allowFromNamespace(namespace: string, port: string = this.ports[0].name): void {
    this.allow({ kind: 'namespace', namespace }, port);
  }

  private allow(source: TrafficSource, port: string): void {
    allowTraffic(this, { source, target: this, port });
  }
}
