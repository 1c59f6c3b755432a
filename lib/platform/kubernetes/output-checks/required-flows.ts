import { Issues } from '../../../core/validation';
import { ClusterOutput } from '../cluster-output';
import { clusterFlowReport } from '../flows/cluster-flows';
import { blockingLayers, describeFlow } from '../flows/flow';

/**
 * Every flow the cluster needs (derived by the flow model, lib/platform/kubernetes/flows/) is allowed at every layer it
 * crosses, on the objects this folder holds. A blocked flow is named with the layer and the object that blocks it.
 */
export function requiredFlowsAllowed(output: ClusterOutput, issues: Issues): void {
  for (const verdict of clusterFlowReport(output).required) {
    for (const layer of blockingLayers(verdict)) {
      issues.add('flows', describeFlow(verdict.flow), `is required (${verdict.flow.purpose}) but blocked at the ${layer} layer: ${verdict.layers[layer].by}`);
    }
  }
}
