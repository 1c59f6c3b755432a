import { AksClusterSpec } from '../azure/aks-cluster';
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
  readonly azure?: AzureEnvironmentConfig;
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

/** What runs on one cluster. */
export interface ClusterWorkloadsConfig {
  /** Meshed namespace for model serving. @default 'mlops' */
  readonly namespace?: string;
  readonly modelServer: Omit<ModelServerProps, 'namespace'>;
}
