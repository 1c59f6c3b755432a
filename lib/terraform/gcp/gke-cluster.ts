import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { ComputeFirewall, ContainerCluster, DataGoogleClientConfig, DataGoogleProject, KmsCryptoKeyIamMember } from '../internal/google';
import { GkeDnsEndpointPerimeter } from './gke-dns-endpoint-perimeter';
import { HelmProvider } from '../internal/helm';
import { clusterRegion, defaultNodeServiceAccountId, gkeClusterRules, usesPrivateEndpoint } from './gke-cluster-rules';
import { GKE_DEFAULT_MAINTENANCE_WINDOW } from './gke-maintenance-rules';
import { GKE_POD_RANGE_NAME, GKE_SERVICE_RANGE_NAME, GkeNetwork } from './gke-network';
import { GKE_NODE_OAUTH_SCOPES, GkeNodePool } from './gke-node-pool';
import { GKE_DEFAULT_MAX_PODS_PER_NODE } from './gke-node-pool-rules';
import { GkeNodeServiceAccount } from './gke-node-service-account';
import { GkeClusterProps } from './gke-types';
import { GKE_DEFAULT_MASTER_CIDR } from '../../contract/gke-control-plane';
import { API_SERVER_CALLED_PORTS } from '../../contract/chart-components';

/** How the helm (and kubernetes) provider reaches the cluster: a short-lived token, never a stored credential. */
export interface GkeProviderConnection {
  readonly host: string;
  /** OAuth access token of the identity running Terraform, read through `data "google_client_config"`. */
  readonly token: string;
  /** PEM CA of the IP endpoint; absent for the DNS endpoint, which serves a publicly trusted certificate. */
  readonly clusterCaCertificate?: string;
}

/**
 * A GKE Standard cluster on Dataplane V2 (Cilium), VPC-native with private nodes, workload identity,
 * managed Prometheus, Gateway API, shielded nodes and no legacy credentials. The default pool is removed;
 * each pool in `nodePools` is a separate GkeNodePool running as a dedicated node service account.
 */
export class GkeCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodePools: readonly GkeNodePool[];
  public readonly nodeServiceAccount: GkeNodeServiceAccount;
  /**
   * Lets the control plane reach the ports it calls on pods (admission webhooks, APIServices): GKE's own rule for
   * private clusters opens only 443 and 10250 from the control-plane range. Releases serving such ports wait for it.
   */
  public readonly controlPlaneFirewall: ComputeFirewall;
  /** Cluster name (known at synth). */
  public readonly clusterName: string;
  /** Cluster ID, `projects/<p>/locations/<l>/clusters/<name>` (known after apply). */
  public readonly clusterId: string;
  /** IP of the control-plane endpoint (known after apply; private when the endpoint is private). */
  public readonly endpoint: string;
  /**
   * OIDC issuer of the cluster's service account tokens, for federation (Entra ID federated credentials,
   * Google WIF providers). GKE issuers have no trailing slash, and regional and zonal clusters both use
   * `/locations/` (unlike `self_link`, which says `/zones/` for zonal clusters).
   */
  public readonly oidcIssuerUrl: string;
  /** Workload identity pool of the project, `<project>.svc.id.goog`. */
  public readonly workloadIdentityPool: string;
  /** Names of the node pools, in the order given. */
  public readonly nodePoolNames: readonly string[];

  private readonly props: GkeClusterProps;
  private clientConfig?: DataGoogleClientConfig;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const issues = new Issues();
    gkeClusterRules(props, issues);
    issues.throwIfAny(this.node.path);
    this.props = props;

    const production = props.production ?? false;
    const region = clusterRegion(props.location) as string;
    const privateEndpoint = usesPrivateEndpoint(props);
    const access = props.controlPlane ?? {};
    const network = props.network;
    const vpc = network.existing ?? this.createNetwork(props, region);
    const podRangeName = network.existing?.podRangeName ?? GKE_POD_RANGE_NAME;
    const serviceRangeName = network.existing?.serviceRangeName ?? GKE_SERVICE_RANGE_NAME;
    const maintenance = props.maintenance ?? {};
    const window = maintenance.window ?? GKE_DEFAULT_MAINTENANCE_WINDOW;
    const binaryAuthorization = props.binaryAuthorization ?? production;
    const posture = props.securityPosture ?? 'BASIC';
    const controlPlaneRange = network.masterIpv4CidrBlock ?? GKE_DEFAULT_MASTER_CIDR;

    this.workloadIdentityPool = `${props.project}.svc.id.goog`;
    const keyGrant = this.grantSecretsKey(props);
    // Before the cluster: the default pool GKE creates (and the platform removes) boots with it too.
    this.nodeServiceAccount = new GkeNodeServiceAccount(this, 'node-service-account', {
      project: props.project,
      accountId: props.nodeServiceAccountId ?? defaultNodeServiceAccountId(props.name),
      clusterName: props.name,
      registryProjects: props.registryProjects ?? [props.project],
    });
    // The project joins the perimeter before the DNS endpoint is opened to outside traffic.
    const perimeter = access.dnsEndpoint && access.dnsEndpointPerimeter ? new GkeDnsEndpointPerimeter(this, 'dns-endpoint-perimeter', {
      perimeterName: access.dnsEndpointPerimeter,
      projectNumber: props.projectNumber ?? new DataGoogleProject(this, 'project', { projectId: props.project }).number,
    }).membership : undefined;
    this.cluster = new ContainerCluster(this, 'cluster', {
      project: props.project,
      name: props.name,
      location: props.location,
      resourceLabels: { ...(props.resourceLabels ?? {}) },
      deletionProtection: props.deletionProtection ?? true,

      // Pools are separate resources: inline pools are ForceNew on the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      // The default pool lives only while the cluster is created, but without this it would run as the Compute Engine
      // default service account (node_config.go: service_account defaults to it), often a project Editor. The same
      // hardening as every pool (terraform-google-kubernetes-engine v40 passes its node SA here too).
      nodeConfig: {
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: [...GKE_NODE_OAUTH_SCOPES],
        metadata: { 'disable-legacy-endpoints': 'true' },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },

      network: vpc.network,
      subnetwork: vpc.subnetwork,
      networkingMode: 'VPC_NATIVE',
      // Dataplane V2 enforces NetworkPolicy itself; no Calico network_policy block or addon (GKE module PR #753).
      datapathProvider: 'ADVANCED_DATAPATH',
      ipAllocationPolicy: { clusterSecondaryRangeName: podRangeName, servicesSecondaryRangeName: serviceRangeName, stackType: 'IPV4' },
      defaultMaxPodsPerNode: GKE_DEFAULT_MAX_PODS_PER_NODE,
      // A VPC-peering private cluster: its control-plane range is known, so the firewall below and the Kubernetes
      // half's network policies can name it. The price: the private endpoint cannot be switched later ("Updating
      // private endpoint on vpc peering private clusters is not supported", terraform-google-kubernetes-engine#1919);
      // the replacement guard refuses that change (gke-force-new.ts).
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: privateEndpoint,
        masterIpv4CidrBlock: controlPlaneRange,
        masterGlobalAccessConfig: { enabled: access.globalAccess ?? false },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: (access.authorizedNetworks ?? []).map((n) => ({ cidrBlock: n.cidrBlock, displayName: n.displayName })),
        gcpPublicCidrsAccessEnabled: false,
        // Internal callers of the private endpoint must be listed too, not just anyone in the VPC.
        privateEndpointEnforcementEnabled: true,
      },
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: access.dnsEndpoint ?? false } },

      workloadIdentityConfig: { workloadPool: this.workloadIdentityPool },
      releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
      maintenancePolicy: {
        recurringWindow: { startTime: window.startTime, endTime: window.endTime, recurrence: window.recurrence },
        maintenanceExclusion: (maintenance.exclusions ?? []).map((e) => ({
          exclusionName: e.name,
          startTime: e.startTime,
          endTime: e.endTime,
          exclusionOptions: { scope: e.scope ?? 'NO_UPGRADES' },
        })),
      },

      monitoringConfig: {
        // cAdvisor and kube-state-metrics pod series feed the proxy CPU/memory alerts (docs/observability.md).
        enableComponents: ['SYSTEM_COMPONENTS', 'CADVISOR', 'POD'],
        managedPrometheus: { enabled: true },
        advancedDatapathObservabilityConfig: { enableMetrics: true, enableRelay: props.dataplaneObservabilityRelay ?? true },
      },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },

      // Workload vulnerability scanning is retired: the standard tier was removed 2025-07-31 and Advanced Vulnerability
      // Insights 2026-06-16 (GKE "posture management deprecation"); VULNERABILITY_BASIC is "no longer supported".
      securityPostureConfig: { mode: posture, vulnerabilityMode: 'VULNERABILITY_DISABLED' },
      binaryAuthorization: { evaluationMode: binaryAuthorization ? 'PROJECT_SINGLETON_POLICY_ENFORCE' : 'DISABLED' },
      databaseEncryption: props.secretsEncryptionKey
        ? { state: 'ENCRYPTED', keyName: props.secretsEncryptionKey }
        : { state: 'DECRYPTED' },
      // No static credentials: no client certificate (ForceNew, so set at creation), no ABAC.
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      enableShieldedNodes: true,
      // Refuse RoleBindings to system:unauthenticated / system:authenticated (GKE hardening guide).
      rbacBindingConfig: { enableInsecureBindingSystemAuthenticated: false, enableInsecureBindingSystemUnauthenticated: false },
      nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: 'FALSE' } },

      // After the default pool is removed these fields read back differently; without this every plan
      // would propose replacing the cluster (terraform-google-kubernetes-engine keeps the same list).
      lifecycle: { ignoreChanges: ['node_config', 'node_pool', 'initial_node_count'] },
      // The node service account's roles before the default pool's nodes boot; the key grant before encryption; the
      // project in the DNS endpoint's perimeter before the endpoint opens.
      dependsOn: [...this.nodeServiceAccount.grants, ...(keyGrant ? [keyGrant] : []), ...(perimeter ? [perimeter] : [])],
    });
    this.clusterName = props.name;
    this.clusterId = this.cluster.id;
    this.endpoint = this.cluster.endpoint;
    this.oidcIssuerUrl = `https://container.googleapis.com/v1/projects/${props.project}/locations/${props.location}/clusters/${props.name}`;

    this.nodePools = props.nodePools.map((pool) => new GkeNodePool(this, `pool-${pool.name}`, {
      ...pool,
      project: props.project,
      clusterId: this.cluster.id,
      location: props.location,
      region,
      serviceAccountEmail: this.nodeServiceAccount.email,
      // GKE deletion protection covers the cluster only; destroy would delete the pools first and
      // leave a protected, empty cluster (terraform-google-kubernetes-engine #1866).
      preventDestroy: production,
      dependsOn: this.nodeServiceAccount.grants,
    }));
    this.nodePoolNames = props.nodePools.map((p) => p.name);

    this.controlPlaneFirewall = new ComputeFirewall(this, 'control-plane-webhooks', {
      project: props.project,
      name: `gke-${props.name}-webhooks`,
      network: vpc.network,
      description: `The ${props.name} control plane to the ports it calls on pods: admission webhooks and APIServices (GKE's own rule opens only 443 and 10250)`,
      direction: 'INGRESS',
      sourceRanges: [controlPlaneRange],
      // The pools carry no network tag; every node, default pool included, runs as this service account.
      targetServiceAccounts: [this.nodeServiceAccount.email],
      allow: [{ protocol: 'tcp', ports: API_SERVER_CALLED_PORTS.map(String) }],
    });
  }

  /**
   * Connection data for the helm / kubernetes providers: the endpoint and CA from the cluster resource and
   * the caller's access token from `data "google_client_config"`. Nothing is written as an output.
   * With `controlPlane.dnsEndpoint` the DNS endpoint is used, which works from outside the VPC.
   */
  public providerConnection(): GkeProviderConnection {
    this.clientConfig ??= new DataGoogleClientConfig(this, 'client-config');
    const token = this.clientConfig.accessToken;
    if (this.props.controlPlane?.dnsEndpoint) {
      return { host: `https://${this.cluster.controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint}`, token };
    }
    return {
      host: `https://${this.cluster.endpoint}`,
      token,
      clusterCaCertificate: Fn.base64decode(this.cluster.masterAuth.clusterCaCertificate),
    };
  }

  /** A helm provider for releases on this cluster, in `scope` (the stack that holds the releases). */
  public helmProvider(scope: Construct, id: string, alias?: string): HelmProvider {
    return new HelmProvider(scope, id, { alias, kubernetes: { ...this.providerConnection() } });
  }

  /** GKE's service agent wraps the Secrets DEKs with the key (GKE "Encrypt secrets at the application layer"). */
  private grantSecretsKey(props: GkeClusterProps): KmsCryptoKeyIamMember | undefined {
    if (!props.secretsEncryptionKey || !props.projectNumber) return undefined;
    return new KmsCryptoKeyIamMember(this, 'secrets-key-gke-agent', {
      cryptoKeyId: props.secretsEncryptionKey,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:service-${props.projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
    });
  }

  private createNetwork(props: GkeClusterProps, region: string): { network: string; subnetwork: string } {
    const network = new GkeNetwork(this, 'network', {
      project: props.project,
      region,
      namePrefix: props.name,
      nodeSubnetCidr: props.network.nodeSubnetCidr as string,
      podCidr: props.network.podCidr as string,
      serviceCidr: props.network.serviceCidr as string,
      cloudNat: props.network.cloudNat,
    });
    return { network: network.networkId, subnetwork: network.subnetworkId };
  }
}
