import { AksClusterSpec } from '../azure/aks-cluster';
import { GkeClusterSpec } from '../gcp/gke-types';
import { ModelServerProps } from '../k8s/serving/model-server';

/**
 * One environment (dev, prod, ...) end to end. Everything the platform builds for the environment
 * is derived from this object; `validateEnvironment` checks all of it before any construct exists.
 */
export interface EnvironmentConfig {
  /** Lowercase name, used in stack names (`<name>-azure`) and in dist/<name>/. */
  readonly name: string;
  /**
   * Production turns on the stricter defaults: deletion locks, HA control planes, Standard tier.
   * @default false
   */
  readonly production?: boolean;
  /** The Azure side: stack `<name>-azure`. @default no Azure resources */
  readonly azure?: AzureEnvironmentConfig;
  /** The Google Cloud side: stack `<name>-gcp`. @default no Google Cloud resources */
  readonly gcp?: GcpEnvironmentConfig;
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
  readonly workloads: ClusterWorkloadsConfig;
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
  readonly workloads: ClusterWorkloadsConfig;
}

/** What runs on one cluster. */
export interface ClusterWorkloadsConfig {
  /** Meshed namespace for model serving. @default 'mlops' */
  readonly namespace?: string;
  readonly modelServer: Omit<ModelServerProps, 'namespace'>;
}
