import { ClusterKubernetesConfig } from './environment';

// What a cluster's config asks of its add-ons; both the Terraform stacks and the cluster apps read these.

/** Does any model server on the cluster use progressive delivery? Then Flagger and linkerd-viz are installed. */
export function usesCanary(kubernetes: ClusterKubernetesConfig): boolean {
  const serving = kubernetes.serving;
  return [serving.modelServer, serving.gpuModelServer].some((server) => server?.traffic?.canary !== undefined);
}

/**
 * Does anything read linkerd-viz's Prometheus? Flagger (canaries) and the drift checks (gates and KEDA
 * ScaledJobs) query it, so any of them installs linkerd-viz unless the config says otherwise.
 */
export function needsViz(kubernetes: ClusterKubernetesConfig): boolean {
  const serving = kubernetes.serving;
  return usesCanary(kubernetes) || (serving.driftGates ?? []).length > 0 || (serving.driftScaledJobs ?? []).length > 0;
}

/** linkerd-viz is installed: as the config says, else when something reads its Prometheus. */
export function vizInstalled(kubernetes: ClusterKubernetesConfig): boolean {
  return kubernetes.mesh?.viz ?? needsViz(kubernetes);
}

/** Distributed training runs as JobSets, so the JobSet controller (and its webhooks) run on the cluster. */
export function usesJobSet(kubernetes: ClusterKubernetesConfig): boolean {
  return (kubernetes.serving.trainingJobs ?? []).length > 0;
}

/** KEDA ScaledJobs start training on drift, so the KEDA operator (installed outside the platform) reads viz's Prometheus. */
export function usesKeda(kubernetes: ClusterKubernetesConfig): boolean {
  return (kubernetes.serving.driftScaledJobs ?? []).length > 0;
}
