import { ClusterKubernetesConfig } from './environment';
import { ModelAlertTarget } from '../contract/observability/alert-catalog';
import { ScrapedModelServer } from '../contract/observability/viz-scrape';

/** Every model server of a cluster and its versions: what gets alerts, dashboard rows and metric scraping. */
export function modelAlertTargets(kubernetes: ClusterKubernetesConfig): ModelAlertTarget[] {
  const serving = kubernetes.serving;
  const namespace = serving.namespace ?? 'mlops';
  return [serving.modelServer, ...(serving.gpuModelServer ? [serving.gpuModelServer] : [])].map((server) => ({
    namespace,
    server: server.name ?? 'model-server',
    versions: server.versions.map((v) => v.name),
  }));
}

/** The model servers whose own metrics (accuracy, drift) are scraped, on their internal HTTP port. */
export function scrapedModelServers(kubernetes: ClusterKubernetesConfig): ScrapedModelServer[] {
  return modelAlertTargets(kubernetes).map((target) => ({ namespace: target.namespace, server: target.server }));
}
