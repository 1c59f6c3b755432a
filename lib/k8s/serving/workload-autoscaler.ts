import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { AutoscalingSpec, DEFAULT_CPU_TARGET } from './autoscaling';

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
