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
import { addCanaryQualityGate } from '../quality/canary-quality-gate';
import { QualityGates, qualityGatesRules, REFERENCE_QUALITY_GATES } from '../quality/quality-gates';
import { FailureAccrualSpec, failureAccrualAnnotations, failureAccrualRules } from '../resilience/failure-accrual';
import { refuseMirroring } from '../resilience/mirroring-guard';
import {
  CanaryPlan,
  canaryPlanGatesRules,
  canaryPlanRules,
  DEFAULT_FAILED_CHECKS_BEFORE_ROLLBACK,
  DEFAULT_MISSED_PROMOTION_WINDOWS_BEFORE_ROLLBACK,
  toFlaggerAnalysis,
} from './canary-plan';
import { addSynthWarning } from './synth-warnings';
import { canaryRouteSettings } from './canary-route-table';
import { ModelRouteRule } from '../mesh/model-routes';
import { httpRouteRuleRules } from '../mesh/model-routes-rules';

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
  /** Steps, and rollback bounds that must equal `qualityGates.rollback` (`canaryPlanGatesRules`). */
  readonly plan: CanaryPlan;
  /** Rollback (metric checks) and promotion (confirm-promotion webhook) bounds. @default REFERENCE_QUALITY_GATES */
  readonly qualityGates?: QualityGates;
  /** HPA on the target Deployment; Flagger makes a `-primary` copy. @default none */
  readonly autoscalerName?: string;
  /** Seconds a new revision may take to become ready before Flagger rolls back. */
  readonly progressDeadlineSeconds: number;
  /** Prometheus the MetricTemplates and the promotion check query. @default ANALYSIS_ENDPOINT (linkerd-viz) */
  readonly prometheusAddress?: string;
  /** Flagger's load tester, which runs the promotion check. @default FLAGGER_LOADTESTER.url */
  readonly loadTesterUrl?: string;
  /** Circuit breaking on the apex Service, which meshed callers balance over. @default none */
  readonly failureAccrual?: FailureAccrualSpec;
  /**
   * The route table of the routed port: its matches become those of Flagger's route, and the settings every path
   * shares become apex annotations (canaryRouteSettings). @default every path, no timeout or retry
   */
  readonly routes?: readonly ModelRouteRule[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Progressive delivery of a model server by Flagger over Gateway API: a Canary (flagger.app/v1beta1) with
 * `provider: gatewayapi:v1` and the Service as the HTTPRoute's parent (Linkerd 2.20 serves HTTPRoute v1; the
 * `linkerd` provider still drives the deprecated SMI TrafficSplit, pkg/router/factory.go), judged by the quality gate
 * (lib/k8s/quality): error-rate, p99 and accuracy MetricTemplates for rollback, a confirm-promotion check at the last
 * step (below 100 %) for promotion, and a rollback webhook for a version that keeps missing the promotion tier.
 * Flagger owns the apex/primary/canary Services, the HTTPRoute and the primary Deployment and HPA, so none of those
 * are emitted here; what the apex Service must carry goes through `spec.service.apex`.
 */
export class ModelCanary extends Construct {
  public readonly canary: Canary;

  constructor(scope: Construct, id: string, props: ModelCanaryProps) {
    super(scope, id);
    const gates = props.qualityGates ?? REFERENCE_QUALITY_GATES;
    const issues = new Issues();
    canaryPlanRules(props.plan, issues.at('plan'));
    qualityGatesRules(gates, issues.at('qualityGates'));
    canaryPlanGatesRules(props.plan, gates.rollback, issues, { plan: 'plan', gates: 'qualityGates' });
    if (props.failureAccrual) failureAccrualRules(props.failureAccrual, issues.at('failureAccrual'));
    props.routes?.forEach((rule, i) => httpRouteRuleRules(rule, issues.at('routes').at(i)));
    // Flagger's spec.progressDeadlineSeconds (flagger.app/v1beta1 Canary): how long a rollout may make no progress.
    issues.check(Number.isInteger(props.progressDeadlineSeconds) && props.progressDeadlineSeconds >= 1, 'progressDeadlineSeconds', props.progressDeadlineSeconds,
      'must be a whole number of seconds >= 1: Flagger rolls back a canary that makes no progress for this long');
    issues.throwIfAny(this.node.path);
    // One traffic controller per Service: a static split (ModelRoutes) on the same Service throws here, or there.
    TrafficControllers.of(this).claim(`${props.namespace}/${props.serviceName}`, 'canary', this.node.path);
    // Mirroring added later (an escape hatch, a hand-written route) would break this canary's split under Linkerd.
    refuseMirroring(this.node.root);

    const analysis = toFlaggerAnalysis(props.plan);
    for (const deviation of analysis.deviations) addSynthWarning(this, deviation);
    const routes = props.routes ? canaryRouteSettings(props.routes) : undefined;
    for (const deviation of routes?.deviations ?? []) addSynthWarning(this, `route table on a canary: ${deviation}`);
    const apexAnnotations = { ...(props.failureAccrual ? failureAccrualAnnotations(props.failureAccrual) : {}), ...(routes?.annotations ?? {}) };
    const quality = addCanaryQualityGate(this, {
      namespace: props.namespace,
      targetName: props.deploymentName,
      intervalMinutes: analysis.intervalMinutes,
      gates,
      prometheusUrl: props.prometheusAddress,
      loadTesterUrl: props.loadTesterUrl,
      missedPromotionWindowsBeforeRollback: props.plan.missedPromotionWindowsBeforeRollback ?? DEFAULT_MISSED_PROMOTION_WINDOWS_BEFORE_ROLLBACK,
    });
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
          match: routes?.match,
          // Flagger writes apex metadata onto the apex Service (pkg/router/kubernetes_default.go) and its HTTPRoute
          // (pkg/router/gateway_api.go). Linkerd reads failure accrual from the Service only (inert on the route), and
          // timeouts and retries from both, the route's winning, so the two levels agree.
          apex: Object.keys(apexAnnotations).length > 0 ? { annotations: apexAnnotations } : undefined,
        },
        analysis: {
          interval: `${analysis.intervalMinutes}m`,
          threshold: props.plan.failedChecksBeforeRollback ?? DEFAULT_FAILED_CHECKS_BEFORE_ROLLBACK,
          stepWeights: [...analysis.stepWeights],
          // Each mesh check covers its whole step (one check runs per interval); accuracy a longer window, as it is sparse.
          metrics: quality.metrics,
          webhooks: quality.webhooks,
        },
      },
    });
  }
}
