import { clusterGpuPools, GpuNodePool } from '../../../config/gpu-pools';
import { Issues } from '../../../core/validation';
import { ClusterOutput } from '../cluster-output';
import { GpuDemand, gpuDemands, PodPlacement } from './gpu-demand';

/**
 * The GPU pods of every workload fit the GPU pools that can take them, at the pools' maximum node counts: a pod
 * lands only on a pool whose labels match its node selector and required node affinity, whose NoSchedule and
 * NoExecute taints it tolerates, and whose nodes have at least its GPUs (a pod cannot span nodes). Otherwise some
 * replicas, or a distributed run's last tasks, stay Pending for good (a ParameterServerStrategy run waits for all of
 * its workers). Pods are placed first-fit, most constrained workload first, then largest pod first; a refusal names
 * the pools and the workloads left over.
 */
export function gpuCapacity(output: ClusterOutput, issues: Issues): void {
  const demands = gpuDemands(output);
  if (demands.length === 0) return;
  const pools = clusterGpuPools(output.target);
  const eligible = new Map(demands.map((d) => [d, pools.filter((p) => unfitReason(p, d) === undefined)]));

  for (const demand of demands.filter((d) => eligible.get(d)!.length === 0)) {
    const why = pools.length === 0
      ? `the cluster has no GPU pool (${output.target.cloud === 'azure' ? 'azure.cluster.userPools' : 'gcp.cluster.nodePools'} with gpu)`
      : pools.map((p) => `${p.name}: ${unfitReason(p, demand)}`).join('; ');
    issues.add('', demand.workload, `requests ${demand.gpusPerPod} ${demand.gpusPerPod === 1 ? 'GPU' : 'GPUs'} per pod, but no GPU pool can take its pods: ${why}`);
  }

  const nodes = pools.flatMap((pool) => Array.from({ length: pool.maxNodes }, () => ({ pool, free: pool.gpusPerNode })));
  const placeable = demands.filter((d) => eligible.get(d)!.length > 0)
    .sort((a, b) => eligible.get(a)!.length - eligible.get(b)!.length || b.gpusPerPod - a.gpusPerPod);
  const leftOver: { demand: GpuDemand; pods: number }[] = [];
  for (const demand of placeable) {
    let unplaced = 0;
    for (let pod = 0; pod < demand.pods; pod++) {
      const node = nodes.find((n) => n.free >= demand.gpusPerPod && eligible.get(demand)!.includes(n.pool));
      if (node) node.free -= demand.gpusPerPod;
      else unplaced += 1;
    }
    if (unplaced > 0) leftOver.push({ demand, pods: unplaced });
  }
  if (leftOver.length === 0) return;

  const involved = [...new Set(leftOver.flatMap((l) => eligible.get(l.demand)!))];
  const capacity = involved.map((p) => `${p.name} (${p.field}.${p.sizeField} = ${p.maxNodes} nodes x ${p.gpusPerNode} GPU${p.assumed ? `, ${p.assumed}` : ''})`).join(', ');
  const wanted = placeable.filter((d) => involved.some((p) => eligible.get(d)!.includes(p)))
    .map((d) => `${d.workload}: ${d.pods} x ${d.gpusPerPod} GPU (${d.basis})`).join('; ');
  const pending = leftOver.map((l) => `${l.pods} pod${l.pods === 1 ? '' : 's'} of ${l.demand.workload}`).join(', ');
  issues.add('', capacity,
    `cannot hold the GPU demand of the workloads they take: ${wanted}. ${pending} would stay Pending; raise the pools' node counts or lower the replicas`);
}

/** Why the pool cannot take the workload's pods, or undefined when it can. */
export function unfitReason(pool: GpuNodePool, demand: GpuDemand): string | undefined {
  if (pool.maxNodes < 1) return `${pool.sizeField} is 0`;
  if (pool.gpusPerNode < demand.gpusPerPod) return `${pool.gpusPerNode} GPU per node, the pod needs ${demand.gpusPerPod}`;
  const selector = Object.entries(demand.placement.nodeSelector ?? {}).find(([k, v]) => pool.labels[k] !== v);
  if (selector) return `nodeSelector ${selector[0]}=${selector[1]} does not match${pool.labels[selector[0]] ? ` (${pool.labels[selector[0]]})` : ''}`;
  const terms = demand.placement.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length > 0 && !terms.some((term) => (term.matchExpressions ?? []).every((e) => matches(pool.labels, e)))) return 'required node affinity does not match';
  const untolerated = pool.taints.find((t) => t.effect !== 'PreferNoSchedule' && !tolerates(demand.placement.tolerations ?? [], t));
  if (untolerated) return `taint ${untolerated.key}=${untolerated.value}:${untolerated.effect} is not tolerated`;
  return undefined;
}

function matches(labels: Readonly<Record<string, string>>, e: { key: string; operator: string; values?: readonly string[] }): boolean {
  const value = labels[e.key];
  switch (e.operator) {
    case 'In': return value !== undefined && (e.values ?? []).includes(value);
    case 'NotIn': return value === undefined || !(e.values ?? []).includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    default: return false;
  }
}

function tolerates(tolerations: NonNullable<PodPlacement['tolerations']>, taint: { key: string; value: string; effect: string }): boolean {
  return tolerations.some((t) => (t.effect === undefined || t.effect === '' || t.effect === taint.effect)
    && (t.operator === 'Exists' ? (t.key === undefined || t.key === '' || t.key === taint.key) : t.key === taint.key && (t.value ?? '') === taint.value));
}
