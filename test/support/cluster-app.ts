import { App, Chart, Testing } from 'cdk8s';
import { ClusterContext, ClusterContextProps, PlatformChart } from '../../lib/k8s/core/cluster-context';

/** A cdk8s app with a ClusterContext attached, and one chart in it, for construct tests. */
export function clusterChart(overrides: Partial<ClusterContextProps> = {}): { app: App; chart: Chart; context: ClusterContext } {
  const app = Testing.app();
  const context = ClusterContext.attach(app, {
    environment: 'test',
    clusterName: 'aks-test',
    cloud: 'azure',
    dataplane: 'aks-cilium',
    production: true,
    ...overrides,
  });
  const chart = new PlatformChart(app, 'test');
  return { app, chart, context };
}

/** Every object the chart synthesizes, as plain JSON. */
export function synthObjects(chart: Chart): Record<string, any>[] {
  return Testing.synth(chart) as Record<string, any>[];
}
