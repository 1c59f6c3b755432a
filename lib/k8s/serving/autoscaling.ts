import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';

/** Horizontal autoscaling of one Deployment (autoscaling/v2). At least one metric is required. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * Average CPU utilization (percent of the request) to hold.
   * @default 70, unless only a requests-per-second target is given
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Average requests per second per pod to hold, read from a Pods metric served by a custom-metrics adapter
   * (prometheus-adapter over Linkerd's `response_total`, or the managed Prometheus adapters).
   * @default no request-rate metric
   */
  readonly targetRequestsPerSecondPerPod?: number;
  /** Name of that Pods metric in the custom metrics API. @default 'requests_per_second' */
  readonly requestsPerSecondMetric?: string;
}

const DEFAULT_CPU_TARGET = 70;

export function autoscalingRules(spec: AutoscalingSpec, issues: Issues): void {
  const minOk = issues.check(Number.isInteger(spec.minReplicas) && spec.minReplicas >= 1, 'minReplicas', spec.minReplicas, 'must be a whole number >= 1');
  issues.check(Number.isInteger(spec.maxReplicas) && spec.maxReplicas >= 1, 'maxReplicas', spec.maxReplicas, 'must be a whole number >= 1');
  if (minOk) issues.check(spec.maxReplicas >= spec.minReplicas, 'maxReplicas', spec.maxReplicas, `must be >= minReplicas (${spec.minReplicas})`);
  const cpu = spec.targetCpuUtilizationPercent;
  if (cpu !== undefined) issues.check(Number.isInteger(cpu) && cpu >= 1 && cpu <= 100, 'targetCpuUtilizationPercent', cpu, 'must be a whole percentage 1-100 of the CPU request');
  const rps = spec.targetRequestsPerSecondPerPod;
  if (rps !== undefined) issues.check(Number.isFinite(rps) && rps > 0, 'targetRequestsPerSecondPerPod', rps, 'must be a positive number');
}

export interface WorkloadAutoscalerProps {
  readonly namespace: string;
  /** The Deployment to scale; the HPA carries the same name. */
  readonly deploymentName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: AutoscalingSpec;
}

/** An autoscaling/v2 HorizontalPodAutoscaler for one Deployment, on CPU and/or requests per second per pod. */
export class WorkloadAutoscaler extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadAutoscalerProps) {
    super(scope, id);
    this.name = props.deploymentName;
    const spec = props.spec;
    const metrics: k8s.MetricSpecV2[] = [];
    const cpu = spec.targetCpuUtilizationPercent ?? (spec.targetRequestsPerSecondPerPod === undefined ? DEFAULT_CPU_TARGET : undefined);
    if (cpu !== undefined) {
      metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
    }
    if (spec.targetRequestsPerSecondPerPod !== undefined) {
      metrics.push({
        type: 'Pods',
        pods: {
          metric: { name: spec.requestsPerSecondMetric ?? 'requests_per_second' },
          target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(spec.targetRequestsPerSecondPerPod)) },
        },
      });
    }
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
      metadata: { name: this.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        metrics,
        // Model pods are expensive to start (minutes of model loading): scale down slowly so a short dip
        // does not throw away warm replicas (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale, "Stabilization window").
        behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
      },
    });
  }
}
