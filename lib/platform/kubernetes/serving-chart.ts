import { Construct } from 'constructs';
import { ClusterEgressConfig, ClusterKubernetesConfig } from '../../config/environment';
import { WorkloadIdentityBinding } from '../../contract/identity/workload-identity-binding';
import { PlatformChart } from '../../k8s/core/cluster-context';
import { Workload } from '../../k8s/core/workload';
import { PodIdentity } from '../../k8s/identity/pod-identity';
import { WorkloadIdentity } from '../../k8s/identity/workload-identity';
import { MeshedNamespace } from '../../k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../../k8s/network/namespace-network-policies';
import { ApiGateway, ApiGatewayIngressProps } from '../../k8s/serving/api-gateway';
import { FeatureStore } from '../../k8s/serving/feature-store';
import { ModelServer } from '../../k8s/serving/model-server';
import { RetrainingSchedule } from '../../k8s/training/retraining-schedule';
import { TrainingJob } from '../../k8s/training/training-job';
import { TF_ROLES } from '../../k8s/training/tf-config';
import { LINKERD_VIZ_PROMETHEUS_CLIENT } from '../../k8s/observability/analysis-endpoint';
import { AllowPolicy } from '../../k8s/network/allow-policy';
import { LINKERD_PORTS } from '../../contract/linkerd';
import { PolicyPeer, tcp } from '../../k8s/network/policy-rules';
import { DriftGate } from '../../k8s/retraining/drift-gate';
import { DriftScaledJob } from '../../k8s/retraining/drift-scaled-job';
import { cloudEndpointsFor } from '../../config/identity-egress';
import { GKE_DEFAULT_MASTER_CIDR } from '../../contract/gke-control-plane';

export interface ServingChartProps {
  readonly kubernetes: ClusterKubernetesConfig;
  /** The environment's bindings; those whose workload runs in this chart's namespace on this cluster apply. */
  readonly bindings: readonly WorkloadIdentityBinding[];
  /** GKE: the control-plane range drift gates reach the API server on. @default GKE_DEFAULT_MASTER_CIDR */
  readonly apiServerCidr?: string;
  /** The gateway's entry point from the cluster's private network (`apiGatewayIngress`). @default none */
  readonly apiGatewayIngress?: ApiGatewayIngressProps;
}

/**
 * The serving namespace of one cluster: the meshed namespace and its network baseline, the model servers,
 * feature store, gateway, training jobs and retraining schedules, the cloud identities of their
 * ServiceAccounts, and every allowed path between them (the reference policy):
 * - every workload in the namespace may call the model servers' internal port;
 * - only the gateway may call their public port;
 * - the model servers and the retraining jobs may call the feature store.
 */
export class ServingChart extends PlatformChart {
  public readonly servingNamespace: string;
  public readonly network: NamespaceNetworkPolicies;
  public readonly modelServer: ModelServer;
  public readonly gpuModelServer?: ModelServer;
  /** Every model server of the namespace. */
  public readonly modelServers: readonly ModelServer[];
  public readonly featureStore?: FeatureStore;
  public readonly apiGateway?: ApiGateway;
  private readonly bindings: readonly WorkloadIdentityBinding[];
  private readonly egress: ClusterEgressConfig;
  private readonly identities = new Map<string, WorkloadIdentity>();

  constructor(scope: Construct, id: string, props: ServingChartProps) {
    super(scope, id);
    const serving = props.kubernetes.serving;
    const mesh = props.kubernetes.mesh ?? {};
    this.servingNamespace = serving.namespace ?? 'mlops';
    this.egress = props.kubernetes.egress ?? {};
    this.bindings = props.bindings.filter((b) => b.workload.cluster.name === this.cluster.clusterName && b.workload.namespace === this.servingNamespace);

    new MeshedNamespace(this, 'namespace', {
      name: this.servingNamespace,
      defaultInboundPolicy: mesh.defaultInboundPolicy ?? (this.cluster.production ? 'deny' : 'all-authenticated'),
      proxyResources: mesh.proxyResources,
      trafficRedirect: mesh.trafficRedirect,
    });
    this.network = new NamespaceNetworkPolicies(this, 'network', { namespace: this.servingNamespace, meshed: true });

    this.modelServer = this.addModelServer('model-server', serving.modelServer);
    this.gpuModelServer = serving.gpuModelServer ? this.addModelServer('gpu-model-server', serving.gpuModelServer) : undefined;
    const servers = [this.modelServer, ...(this.gpuModelServer ? [this.gpuModelServer] : [])];
    this.modelServers = servers;

    if (serving.featureStore) {
      const props = { ...serving.featureStore, namespace: this.servingNamespace };
      this.featureStore = new FeatureStore(this, 'feature-store', { ...props, identity: this.identityOf('feature-store') });
      this.bindCloudEgress(this.featureStore);
    }
    if (serving.apiGateway) {
      this.apiGateway = new ApiGateway(this, 'api-gateway', {
        ...serving.apiGateway,
        namespace: this.servingNamespace,
        identity: this.identityOf('api-gateway'),
        ingress: props.apiGatewayIngress,
      });
      this.bindCloudEgress(this.apiGateway);
    }

    for (const server of servers) {
      server.allowFromNamespace(this.servingNamespace, 'http');
      if (this.apiGateway) server.allowFrom(this.apiGateway, 'public');
      this.featureStore?.allowFrom(server);
    }

    for (const job of serving.trainingJobs ?? []) {
      // Each role runs as its own ServiceAccount; the data readers' bindings (lib/config/training-data.ts) name theirs.
      const roleIdentities = Object.fromEntries(TF_ROLES.flatMap((role) => {
        const identity = this.identityOf(`${job.name}-${role}`);
        return identity ? [[role, identity]] : [];
      }));
      const training = new TrainingJob(this, `training-${job.name}`, { ...job, namespace: this.servingNamespace, roleIdentities });
      for (const role of training.roles) this.bindCloudEgress(role);
    }
    for (const schedule of serving.retraining ?? []) {
      const retraining = new RetrainingSchedule(this, `retraining-${schedule.name}`, {
        ...schedule,
        namespace: this.servingNamespace,
        identity: this.identityOf(schedule.name),
      });
      this.bindCloudEgress(retraining);
      this.featureStore?.allowFrom(retraining);
    }

    for (const gate of serving.driftGates ?? []) {
      const driftGate = new DriftGate(this, `drift-gate-${gate.name}`, { ...gate, namespace: this.servingNamespace, identity: this.identityOf(gate.name) });
      this.allowDriftGateEgress(driftGate, props.apiServerCidr);
    }

    for (const job of serving.driftScaledJobs ?? []) {
      const scaled = new DriftScaledJob(this, `drift-scaled-job-${job.name}`, { ...job, namespace: this.servingNamespace, identity: this.identityOf(job.name) });
      this.bindCloudEgress(scaled);
      this.featureStore?.allowFrom(scaled);
    }

    // Bindings whose ServiceAccount no platform workload owns get a ServiceAccount of their own.
    for (const binding of this.bindings) {
      if (!this.identities.has(binding.workload.serviceAccount)) this.workloadIdentity(binding.workload.serviceAccount, true);
    }
  }

  private addModelServer(id: string, props: ConstructorParameters<typeof ModelServer>[2]): ModelServer {
    const name = props.name ?? 'model-server';
    const server = new ModelServer(this, id, { ...props, namespace: this.servingNamespace, identity: props.identity ?? this.identityOf(name) });
    this.bindCloudEgress(server);
    return server;
  }

  /** The pod identity for a ServiceAccount the platform creates, when a binding names it. */
  private identityOf(serviceAccount: string): PodIdentity | undefined {
    if (!this.bindings.some((b) => b.workload.serviceAccount === serviceAccount)) return undefined;
    return this.workloadIdentity(serviceAccount, false).podIdentity;
  }

  private workloadIdentity(serviceAccount: string, createServiceAccount: boolean): WorkloadIdentity {
    const identity = new WorkloadIdentity(this, `identity-${serviceAccount}`, {
      namespace: this.servingNamespace,
      serviceAccountName: serviceAccount,
      bindings: this.bindings,
      createServiceAccount,
    });
    this.identities.set(serviceAccount, identity);
    return identity;
  }

  /**
   * A drift gate reads the drift score from linkerd-viz's Prometheus (meshed: app port and proxy inbound port)
   * and creates Jobs through the API server.
   */
  private allowDriftGateEgress(gate: DriftGate, apiServerCidr: string | undefined): void {
    const prometheus = LINKERD_VIZ_PROMETHEUS_CLIENT;
    const apiServer: PolicyPeer = this.cluster.dataplane === 'aks-cilium' ? { kind: 'kube-apiserver' } : { kind: 'cidr', cidr: apiServerCidr ?? GKE_DEFAULT_MASTER_CIDR };
    new AllowPolicy(this, `drift-gate-egress-${gate.name}`, {
      name: `allow-drift-gate-egress-${gate.name}`.slice(0, 63),
      namespace: this.servingNamespace,
      podSelector: gate.selector,
      direction: 'egress',
      rules: [
        { peers: [{ kind: 'pods', namespace: prometheus.namespace, selector: prometheus.selector }], ports: [tcp(prometheus.ports[0].port), tcp(LINKERD_PORTS.proxyInbound)] },
        { peers: [apiServer], ports: [tcp(443)] },
      ],
      purpose: `drift gate ${gate.name} reads the drift score from linkerd-viz Prometheus and creates training Jobs through the API server`,
    });
  }

  /** Opens egress to the cloud endpoints the workload's bindings need, and nothing else. */
  private bindCloudEgress(workload: Workload): void {
    const egress = this.egress;
    for (const binding of this.bindings.filter((b) => b.workload.serviceAccount === workload.serviceAccountName)) {
      this.network.allowCloudEgress(cloudEndpointsFor(binding), {
        name: `allow-cloud-egress-${binding.name}`,
        podSelector: workload.selector,
        googleApiVip: egress.googleApiVip,
        allowUnfilteredHttps: egress.allowUnfilteredHttps,
      });
    }
  }

}
