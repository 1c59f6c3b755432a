import { ClusterTarget } from '../../../config/cluster-targets';
import { ClusterOutput, outputObjects } from '../cluster-output';
import { chartPods } from './chart-pods';
import { chartPolicyObjects } from './chart-policy';
import { ClusterObjects } from './cluster-objects';
import { evaluateFlow, FlowContext } from './evaluate-flow';
import { FlowVerdict } from './flow';
import { FlowSources } from './flow-sources';
import { forbiddenFlows } from './forbidden-flows';
import { podsOf } from './pod-inventory';
import { requiredFlows } from './required-flows';

/** Every flow of one cluster folder with its verdicts: the required ones and those that must stay denied. */
export interface ClusterFlowReport {
  readonly target: ClusterTarget;
  readonly required: readonly FlowVerdict[];
  readonly forbidden: readonly FlowVerdict[];
}

const reports = new WeakMap<ClusterOutput, ClusterFlowReport>();

/**
 * Derives the cluster's flows and evaluates each on the emitted objects (plus the Linkerd objects its charts install).
 * Computed once per output: the synth-time checks and FLOWS.md read the same report.
 */
export function clusterFlowReport(output: ClusterOutput): ClusterFlowReport {
  const cached = reports.get(output);
  if (cached) return cached;
  const target = output.target;
  const emitted = outputObjects(output);
  const objects = new ClusterObjects([...emitted, ...chartPolicyObjects(target)]);
  const charts = chartPods(target);
  const sources: FlowSources = { target, output, objects, pods: podsOf(objects, emitted), charts };
  const context: FlowContext = { target, objects, resolvers: [charts.kubeDns] };
  const required = requiredFlows(sources);
  const report: ClusterFlowReport = {
    target,
    required: required.map((flow) => evaluateFlow(context, flow)),
    forbidden: forbiddenFlows(sources, required).map(({ flow, ambientCredential }) => {
      const verdict = evaluateFlow(context, flow);
      return ambientCredential ? { ...verdict, layers: { ...verdict.layers, identity: ambientCredential(context) } } : verdict;
    }),
  };
  reports.set(output, report);
  return report;
}
