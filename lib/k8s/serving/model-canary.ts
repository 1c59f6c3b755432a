import { Construct } from 'constructs';
import {
  Canary,
  CanarySpecAutoscalerRefKind,
  CanarySpecProvider,
  CanarySpecTargetRefKind,
} from '../../../imports/flagger-canary-flagger.app';
import { Issues } from '../../core/validation';
import { WorkloadPort } from '../core/workload';
import { serviceAppProtocol } from '../mesh/app-protocol';
import { TrafficControllers } from '../mesh/traffic-controllers';
import { CanaryPlan, canaryPlanRules, toFlaggerAnalysis } from './canary-plan';
import { LinkerdMetricTemplates } from './linkerd-metric-templates';
import { addSynthWarning } from './synth-warnings';

export interface ModelCanaryProps {
  readonly namespace: string;
  /** The Service Flagger creates (apex) and routes through; `<name>-primary` and `<name>-canary` come with it. */
  readonly serviceName: string;
  /** The Deployment Flagger watches; it creates `<deployment>-primary` from it. */
  readonly deploymentName: string;
  /** The port whose traffic Flagger shifts (one HTTPRoute per Canary). */
  readonly routedPort: WorkloadPort;
  /** Further container ports Flagger adds to its Services (`service.portDiscovery`). @default none */
  readonly otherPorts?: readonly WorkloadPort[];
  readonly plan: CanaryPlan;
  /** HPA on the target Deployment; Flagger makes a `-primary` copy. @default none */
  readonly autoscalerName?: string;
  /** Seconds a new revision may take to become ready before Flagger rolls back. */
  readonly progressDeadlineSeconds: number;
  /** Prometheus the MetricTemplates query. @default LINKERD_VIZ_PROMETHEUS */
  readonly prometheusAddress?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Progressive delivery of a model server by Flagger over Gateway API: a Canary (flagger.app/v1beta1) with
 * `provider: gatewayapi:v1` and the Service as the HTTPRoute's parent (Linkerd 2.20 serves HTTPRoute v1; the
 * `linkerd` provider still drives the deprecated SMI TrafficSplit, pkg/router/factory.go), plus Linkerd-metric
 * MetricTemplates. Flagger owns the apex/primary/canary Services, the HTTPRoute and the primary Deployment and HPA,
 * so none of those are emitted here.
 */
export class ModelCanary extends Construct {
  public readonly canary: Canary;
  public readonly metricTemplates: LinkerdMetricTemplates;

  constructor(scope: Construct, id: string, props: ModelCanaryProps) {
    super(scope, id);
    const issues = new Issues();
    canaryPlanRules(props.plan, issues.at('plan'));
    issues.throwIfAny(this.node.path);
    // One traffic controller per Service: a static split (ModelRoutes) on the same Service throws here, or there.
    TrafficControllers.of(this).claim(`${props.namespace}/${props.serviceName}`, 'canary', this.node.path);

    const analysis = toFlaggerAnalysis(props.plan);
    for (const deviation of analysis.deviations) addSynthWarning(this, deviation);
    const interval = `${analysis.intervalMinutes}m`;

    this.metricTemplates = new LinkerdMetricTemplates(this, 'metrics', { namespace: props.namespace, prometheusAddress: props.prometheusAddress });
    const templateRef = (name: string) => ({ name, namespace: props.namespace });
    const port = props.routedPort;

    this.canary = new Canary(this, 'canary', {
      metadata: { name: props.deploymentName, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        provider: CanarySpecProvider.GATEWAYAPI_V1,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: props.deploymentName },
        autoscalerRef: props.autoscalerName
          ? { apiVersion: 'autoscaling/v2', kind: CanarySpecAutoscalerRefKind.HORIZONTAL_POD_AUTOSCALER, name: props.autoscalerName }
          : undefined,
        progressDeadlineSeconds: props.progressDeadlineSeconds,
        service: {
          name: props.serviceName,
          port: port.port,
          portName: port.name,
          targetPort: port.name,
          appProtocol: serviceAppProtocol(port.protocol),
          portDiscovery: (props.otherPorts ?? []).length > 0 ? true : undefined,
          gatewayRefs: [{ group: 'core', kind: 'Service', name: props.serviceName, namespace: props.namespace, port: port.port }],
        },
        analysis: {
          interval,
          threshold: props.plan.failedChecksBeforeRollback ?? 1,
          stepWeights: [...analysis.stepWeights],
          // Each check covers its whole step: one check runs per interval, so a shorter window would skip most of it.
          metrics: [
            { name: 'error-rate', templateRef: templateRef(this.metricTemplates.errorRateName), thresholdRange: { max: props.plan.maxErrorRatePercent }, interval },
            { name: 'p99-latency', templateRef: templateRef(this.metricTemplates.p99LatencyName), thresholdRange: { max: props.plan.maxP99LatencyMs }, interval },
          ],
        },
      },
    });
  }
}
