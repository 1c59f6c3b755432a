import { AksClusterSpec } from '../terraform/azure/aks-cluster-spec';
import { AzureMlInferenceRouter } from '../terraform/azure/ml/azure-ml-extension-settings';
import { AcknowledgedReplacement } from '../core/replacement-guard';
import { AzureRoleGrant, GoogleRoleGrant } from '../contract/identity/workload-identity-binding';
import { GkeClusterSpec } from '../terraform/gcp/gke-types';
import { GatewayApiCrds } from '../terraform/addons/gateway-api-crds';
import { InboundPolicy } from '../contract/linkerd-annotations';
import type { GoogleApiVip } from '../k8s/network/cloud-endpoints';
import type { HttpWorkloadProps } from '../k8s/serving/http-workload';
import type { ModelServerProps } from '../k8s/serving/model-server';
import type { RetrainingScheduleProps } from '../k8s/training/retraining-schedule';
import type { TrainingJobProps } from '../k8s/training/training-job';
import type { DriftGateProps } from '../k8s/retraining/drift-gate';
import type { DriftScaledJobProps } from '../k8s/retraining/drift-scaled-job';
import { AlertThresholds } from '../contract/observability/alert-thresholds';
import { ResourceSpec } from '../contract/quantities';
import { AzureMlInstanceTypeSpec } from '../contract/azure-ml/instance-types';
import { MeshTrafficRedirect } from '../contract/linkerd';
import { MeshCertificatesConfig } from '../contract/mesh-certificates';

/**
 * One environment (dev, prod, ...) end to end. Everything the platform builds for the environment
 * is derived from this object; `validateEnvironment` checks all of it before any construct exists.
 */
export interface EnvironmentConfig {
  /**
   * 2-12 lowercase letters or digits, starting with a letter; unique among the environments of an app. It names the
   * stacks (`<name>-azure`, `<name>-gcp`) and the output folder dist/<name>/.
   */
  readonly name: string;
  /**
   * Production turns on the stricter defaults: deletion locks, HA control planes, Standard tier,
   * deny-by-default mesh policy.
   * @default false
   */
  readonly production?: boolean;
  /** The Azure side: stack `<name>-azure`. @default no Azure resources */
  readonly azure?: AzureEnvironmentConfig;
  /** The Google Cloud side: stack `<name>-gcp`. @default no Google Cloud resources */
  readonly gcp?: GcpEnvironmentConfig;
  /**
   * Workloads that call a cloud API, each bound to a cloud identity without keys. The platform derives
   * the full binding (clusters, issuers, stacks, pools) from the rest of this config.
   * @default none
   */
  readonly identities?: readonly IdentityConfig[];
  /**
   * Changes to attributes that force a cluster or pool to be recreated, acknowledged on purpose.
   * Without an entry here the replacement guard test fails on such a change (docs/aks.md, docs/gke.md).
   * @default none
   */
  readonly acknowledgedReplacements?: readonly AcknowledgedReplacement[];
  /**
   * Alerts, dashboards and where they notify. Every model version on every cluster gets its alerts.
   * @default the reference thresholds, no notification targets
   */
  readonly observability?: ObservabilityConfig;
}

/** Alerting and dashboards for the environment (docs/observability.md). */
export interface ObservabilityConfig {
  /** @default DEFAULT_ALERT_THRESHOLDS (reference: 1 % errors, 500 ms p99, accuracy 0.9, drift 0.15) */
  readonly thresholds?: AlertThresholds;
  /** Azure Monitor action groups the AKS alerts notify. @default none */
  readonly azureActionGroupIds?: readonly string[];
  /** Cloud Monitoring notification channels the GKE alerts notify. @default none */
  readonly googleNotificationChannelIds?: readonly string[];
}

/** Remote state in an Azure storage account (the azurerm backend). */
export interface AzureStateBackendConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** @default '<environment>-azure.tfstate' */
  readonly key?: string;
}

export interface AzureEnvironmentConfig {
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** Azure region, for example westeurope. */
  readonly location: string;
  readonly resourceGroupName: string;
  /** @default local state (for trying things out) */
  readonly stateBackend?: AzureStateBackendConfig;
  readonly cluster: AksClusterSpec;
  /** The Kubernetes side of the AKS cluster. */
  readonly kubernetes: ClusterKubernetesConfig;
  /** Azure Machine Learning running its jobs on this cluster. @default none */
  readonly azureMl?: AzureMlConfig;
}

/** Remote state in a Cloud Storage bucket (the gcs backend). */
export interface GcsStateBackendConfig {
  readonly bucket: string;
  /** @default '<environment>-gcp' */
  readonly prefix?: string;
}

export interface GcpEnvironmentConfig {
  /** Project ID that holds the cluster and its network. */
  readonly project: string;
  /**
   * Project number. Derived values (WIF audiences, the GKE service agent) need it; without it they are read
   * from the outputs file after apply.
   * @default read after apply
   */
  readonly projectNumber?: string;
  /** Region of the (regional) cluster, for example europe-west4. */
  readonly region: string;
  /** @default local state (for trying things out) */
  readonly stateBackend?: GcsStateBackendConfig;
  readonly cluster: GkeClusterSpec;
  /** The Kubernetes side of the GKE cluster. */
  readonly kubernetes: ClusterKubernetesConfig;
  /**
   * Workload identity pool that trusts the AKS clusters and Entra ID (IDs are 4-32 of [a-z0-9-]).
   * @default 'mlmesh-<environment>'
   */
  readonly federationPoolId?: string;
  /** Artifact Registry repository that models are published to. @default none */
  readonly modelRegistry?: ArtifactRegistryConfig;
}

export interface ArtifactRegistryConfig {
  /** Repository ID. */
  readonly repository: string;
  /** @default the environment's region */
  readonly location?: string;
}

/** The Kubernetes side of one cluster. */
export interface ClusterKubernetesConfig {
  /** @default Linkerd with proxy-init, the Gateway API CRDs from the platform's chart (AKS) or GKE's own channel */
  readonly mesh?: MeshConfig;
  readonly serving: ServingConfig;
  /** How bound workloads reach cloud APIs where the dataplane cannot filter by name. @default FQDN only */
  readonly egress?: ClusterEgressConfig;
}

/** Fallbacks for cloud egress where the dataplane has no FQDN policy (docs/network-policy.md). */
export interface ClusterEgressConfig {
  /** GKE: reach Google APIs through this Private Google Access VIP. @default none */
  readonly googleApiVip?: GoogleApiVip;
  /**
   * Allow HTTPS to any address for endpoints the dataplane cannot restrict by name (for example Entra ID and
   * Key Vault from GKE). An explicit weakening: filter by name in an egress firewall instead.
   * @default false
   */
  readonly allowUnfilteredHttps?: boolean;
}

/** Linkerd on one cluster (docs/mesh.md). */
export interface MeshConfig {
  /**
   * How the proxy's iptables rules are installed. `linkerd-cni` lets meshed namespaces enforce the
   * restricted Pod Security level, but needs CNI chaining that managed Cilium does not allow.
   * @default 'proxy-init'
   */
  readonly trafficRedirect?: MeshTrafficRedirect;
  /** Install linkerd-viz, whose Prometheus Flagger reads. @default true when any server uses a canary */
  readonly viz?: boolean;
  /**
   * Where the Gateway API CRDs come from (lib/terraform/addons/gateway-api-crds.ts).
   * @default { source: 'chart' } on AKS (the platform installs them before Linkerd), { source: 'cluster-managed' } on GKE
   */
  readonly gatewayApiCrds?: GatewayApiCrds;
  /** @default 'deny' in production, 'all-authenticated' otherwise */
  readonly defaultInboundPolicy?: InboundPolicy;
  /** @default Linkerd proxy requests 100m / 64Mi, limits 1 CPU / 256Mi */
  readonly proxyResources?: ResourceSpec;
  /**
   * Lifetimes of the trust anchor and identity issuer, and below how much time left their expiry alerts fire (each
   * below its own renewBefore). The Certificates and the alerts both read this.
   * @default anchor 87600h renewed 8760h before expiry, issuer 48h renewed 25h before (docs/mesh.md)
   */
  readonly certificates?: MeshCertificatesConfig;
}

/** The API gateway and its entry point from the cluster's private network (docs/serving.md, "Entry point"). */
export interface ApiGatewayConfig extends WorkloadConfig<HttpWorkloadProps> {
  /** @default an internal load balancer on port 80 admitting the cluster's private network (ClusterTarget.networkCidr) */
  readonly ingress?: {
    /** Address ranges the callers connect from. @default the VNet (AKS) or the node subnet (GKE) */
    readonly clientCidrs?: readonly string[];
    /** @default 80 */
    readonly port?: number;
  };
}

/**
 * A workload's construct props as the config gives them: the platform sets the namespace (`serving.namespace`) and the
 * cloud identities (derived from `identities` and from what the workloads need), so a config neither sets nor sees them.
 */
export type WorkloadConfig<P> = Omit<P, 'namespace' | 'identity' | 'roleIdentities'>;

/** What serves and trains models on one cluster. */
export interface ServingConfig {
  /** Meshed namespace for serving and training. @default 'mlops' */
  readonly namespace?: string;
  readonly modelServer: WorkloadConfig<ModelServerProps>;
  /** A second model server on GPU nodes. @default none */
  readonly gpuModelServer?: WorkloadConfig<ModelServerProps>;
  /** The feature store the model server calls (`feature-store`, port 8081). @default none */
  readonly featureStore?: WorkloadConfig<HttpWorkloadProps>;
  /** The gateway, the only caller of the model server's public port, and the serving entry point. @default none */
  readonly apiGateway?: ApiGatewayConfig;
  /** @default none */
  readonly trainingJobs?: readonly WorkloadConfig<TrainingJobProps>[];
  /** @default none */
  readonly retraining?: readonly WorkloadConfig<RetrainingScheduleProps>[];
  /**
   * Scheduled drift checks that start a retraining run only when a model's drift score passes its threshold.
   * @default none
   */
  readonly driftGates?: readonly WorkloadConfig<DriftGateProps>[];
  /**
   * Opt-in alternative to drift gates: KEDA ScaledJobs that start a training Job when the drift score passes the
   * threshold. The platform then installs KEDA's chart on the cluster (the `keda` release of its install plan).
   * @default none
   */
  readonly driftScaledJobs?: readonly WorkloadConfig<DriftScaledJobProps>[];
}

/**
 * A workload that calls a cloud API, bound to an identity of exactly one cloud. Cluster, issuer, stack,
 * tenant, project and pool are derived from the environment.
 */
export interface IdentityConfig {
  /** Lowercase name, unique in the environment; it names Terraform outputs and resources. */
  readonly name: string;
  /** The cluster the pods run on. */
  readonly runsOn: 'azure' | 'gcp';
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Reach Azure as a user-assigned managed identity with these roles. */
  readonly azure?: AzureIdentityConfig;
  /** Reach Google with these grants. */
  readonly google?: GoogleIdentityConfig;
}

export interface AzureIdentityConfig {
  /** @default 'id-<name>' */
  readonly identityName?: string;
  /** @default [] */
  readonly roleAssignments?: readonly AzureRoleGrant[];
}

export interface GoogleIdentityConfig {
  /** Impersonate this service account instead of granting the federated principal directly. @default direct */
  readonly serviceAccountId?: string;
  /** @default [] */
  readonly grants?: readonly GoogleRoleGrant[];
}

/** Azure ML on the environment's AKS cluster (docs/azure-ml.md). */
export interface AzureMlConfig {
  /** Workspace name. */
  readonly workspaceName: string;
  /**
   * Let the workspace and its storage, Key Vault and registry accept traffic from the internet (behind Entra
   * authentication). Production refuses it. Without it they are reached through `privateEndpoints`.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Private endpoints for the workspace, its storage (blob, file), Key Vault and registry, in the cluster's VNet, with
   * private DNS zones linked to it. Required unless `publicNetworkAccess` is true: closed with no way in is refused.
   * @default none
   */
  readonly privateEndpoints?: AzureMlPrivateEndpointsConfig;
  /** @default true */
  readonly enableTraining?: boolean;
  /** @default true */
  readonly enableInference?: boolean;
  /**
   * How azureml-fe is exposed. Production requires `internalLoadBalancer`: TLS at azureml-fe with a certificate
   * cert-manager issues in the cluster. Three replicas (HA) in production.
   * @default { type: 'clusterIP' }: in-cluster plain HTTP, refused in production
   */
  readonly inferenceRouter?: AzureMlInferenceRouter;
  /** Kubernetes compute targets, each bound to its own namespace. */
  readonly computes: readonly AzureMlComputeConfig[];
  /**
   * Publish model images to the environment's model registry on Google and deploy to one GKE namespace, each job
   * with an identity of its own (never an Azure ML compute identity). Needs `gcp.modelRegistry`.
   * @default none
   */
  readonly google?: AzureMlGoogleConfig;
}

/** Where the Azure ML private endpoints go: a subnet the library creates, or one that exists. */
export interface AzureMlPrivateEndpointsConfig {
  /** A subnet created in the cluster's VNet: inside `vnetCidr`, disjoint from the node subnet, /28 or larger. */
  readonly subnetCidr?: string;
  /** An existing subnet (resource ID), for a cluster on an existing subnet. */
  readonly existingSubnetId?: string;
  /** The VNet the private DNS zones are linked to (resource ID); required with `existingSubnetId`. */
  readonly virtualNetworkId?: string;
}

export interface AzureMlComputeConfig {
  /** Compute name in the workspace: 2-16 letters, digits or "-", starting with a letter and ending with a letter or digit. */
  readonly name: string;
  readonly namespace: string;
  readonly purpose: 'inference' | 'training';
  readonly instanceTypes: readonly AzureMlInstanceTypeSpec[];
}

export interface AzureMlGoogleConfig {
  /**
   * GKE namespace the pipeline may deploy to. No ServiceAccount there may be bound to a cloud identity: the
   * deployer may create Deployments, so it could run pods as any ServiceAccount of the namespace.
   */
  readonly deployNamespace: string;
  /** @default 'azureml-deployer' */
  readonly deployerServiceAccountId?: string;
  /**
   * The pipeline namespace on AKS: the publisher Job (it copies a registered model image from the workspace registry
   * to Artifact Registry) and the deployer's ServiceAccount, each federated with its own identity.
   */
  readonly publisher: { readonly namespace: string; readonly sourceImage: string };
}
