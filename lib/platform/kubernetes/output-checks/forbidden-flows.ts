import { Issues } from '../../../core/validation';
import { ClusterOutput } from '../cluster-output';
import { clusterFlowReport } from '../flows/cluster-flows';
import { blockingLayers, describeFlow, LAYERS } from '../flows/flow';

/**
 * Every flow of the forbidden set (lib/platform/kubernetes/flows/forbidden-flows.ts: pods to application ports they
 * have no path to, unmeshed pods to meshed ports, pods to cloud APIs they hold no identity for) is denied at one layer
 * at least. An allowed one is named with what let it through at each layer.
 */
export function forbiddenFlowsDenied(output: ClusterOutput, issues: Issues): void {
  for (const verdict of clusterFlowReport(output).forbidden) {
    if (blockingLayers(verdict).length > 0) continue;
    const through = LAYERS.filter((l) => verdict.layers[l].result !== 'n/a').map((l) => `${l}: ${verdict.layers[l].by}`).join('; ');
    issues.add('flows', describeFlow(verdict.flow), `must be denied at one layer at least (${verdict.flow.purpose}), but every layer lets it through: ${through}`);
  }
}
