import { Construct, IConstruct } from 'constructs';
import { FLAGGER_LOADTESTER, LINKERD_VIZ_PROMETHEUS_SERVER } from '../../contract/flagger';
import {
  CanarySpecAnalysisMetrics,
  CanarySpecAnalysisWebhooks,
  CanarySpecAnalysisWebhooksType,
} from '../../../imports/flagger-canary-flagger.app';
import { MetricTemplate, MetricTemplateSpecProviderType } from '../../../imports/flagger-metric-template-flagger.app';
import { AuthorizationPolicy } from '../../../imports/linkerd-authorization-policy-policy.linkerd.io';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { declareExternalObjects } from '../mesh/policy-references';
import { ANALYSIS_ENDPOINT, queryBaseUrl } from '../observability/analysis-endpoint';
import { canaryAccuracyQuery, canaryErrorRateQuery, canaryP99Query, CanaryQueryScope, FLAGGER_TEMPLATE_SCOPE } from './canary-quality-queries';
import { QualityGates, qualityGatesRules, REFERENCE_QUALITY_GATES } from './quality-gates';

export interface CanaryQualityGateProps {
  /** Namespace of the Canary and its MetricTemplates. */
  readonly namespace: string;
  /** The Canary's target Deployment (its `targetRef.name`). */
  readonly targetName: string;
  /** Minutes per analysis step (`analysis.interval`); each mesh check covers one step. */
  readonly intervalMinutes: number;
  /**
   * Window of the accuracy check: accuracy needs ground truth, which arrives late and sparsely.
   * @default the larger of intervalMinutes and 10
   */
  readonly accuracyWindowMinutes?: number;
  /** @default REFERENCE_QUALITY_GATES */
  readonly gates?: QualityGates;
  /** The in-cluster Prometheus Flagger and the load tester query. @default ANALYSIS_ENDPOINT (linkerd-viz) */
  readonly prometheusUrl?: string;
  /**
   * Roll back once the canary has missed the promotion tier in this many analysis windows in a row (a `rollback`
   * webhook). @default 3
   */
  readonly missedPromotionWindowsBeforeRollback?: number;
  /**
   * Flagger's load tester, which runs the promotion check. Left at its default, with the default Prometheus, the
   * load tester's read access to linkerd-viz's Prometheus is emitted too (`authorizeLoadTesterQueries`).
   * @default FLAGGER_LOADTESTER.url, where `Flagger` (lib/terraform/addons/flagger.ts) installs it
   */
  readonly loadTesterUrl?: string;
}

/** What a Canary adds to `spec.analysis`. */
export interface CanaryQualityAnalysis {
  /** Rollback tier: error rate, p99 and accuracy, each a `thresholdRange`. Replaces the Canary's own mesh metrics. */
  readonly metrics: CanarySpecAnalysisMetrics[];
  /**
   * Promotion tier: one blocking `confirm-promotion` webhook, and a `rollback` webhook for a version that keeps
   * missing it.
   */
  readonly webhooks: CanarySpecAnalysisWebhooks[];
}

/**
 * The MetricTemplates of one canary. Named after the target rather than shared per namespace, so two canaries in one
 * namespace never write the same object, even with different Prometheus addresses.
 */
export function qualityTemplateNames(targetName: string): { readonly errorRate: string; readonly p99Latency: string; readonly accuracy: string } {
  return { errorRate: `${targetName}-error-rate`, p99Latency: `${targetName}-p99-latency`, accuracy: `${targetName}-accuracy` };
}

export function canaryQualityGateRules(props: CanaryQualityGateProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  checkDnsLabel(issues, 'targetName', props.targetName);
  issues.check(Number.isInteger(props.intervalMinutes) && props.intervalMinutes >= 1, 'intervalMinutes', props.intervalMinutes, 'must be a whole number of minutes >= 1');
  const accuracy = props.accuracyWindowMinutes;
  if (accuracy !== undefined) {
    issues.check(Number.isInteger(accuracy) && accuracy >= props.intervalMinutes, 'accuracyWindowMinutes', accuracy,
      `must be a whole number of minutes, at least intervalMinutes (${props.intervalMinutes}): accuracy is the slowest signal`);
  }
  qualityGatesRules(props.gates ?? REFERENCE_QUALITY_GATES, issues.at('gates'));
  const windows = props.missedPromotionWindowsBeforeRollback;
  if (windows !== undefined) issues.check(Number.isInteger(windows) && windows >= 2, 'missedPromotionWindowsBeforeRollback', windows, 'must be a whole number >= 2');
}

/**
 * The bash command the load tester runs before promotion (loadtester `type: bash` is blocking and answers 500 when
 * the command fails: fluxcd/flagger v1.44.0 pkg/loadtester/bash.go). It queries the three signals over the last
 * window and fails unless all meet the promotion tier; Flagger then retries on the next interval while the metric
 * checks keep guarding the rollback tier. An empty result or NaN fails too, so a silent canary is never promoted.
 */
export function promotionCheckCommand(props: CanaryQualityGateProps): string {
  const gates = (props.gates ?? REFERENCE_QUALITY_GATES).promotion;
  const scope: CanaryQueryScope = { ns: props.namespace, target: props.targetName, window: `${props.intervalMinutes}m` };
  const accuracyScope = { ...scope, window: `${accuracyWindow(props)}m` };
  const url = props.prometheusUrl ?? queryBaseUrl(ANALYSIS_ENDPOINT);
  return [
    'set -euo pipefail',
    `q() { curl -sfG --max-time 5 '${url}/api/v1/query' --data-urlencode "query=$1" | jq -er '.data.result[0].value[1] | tonumber'; }`,
    `errors=$(q '${canaryErrorRateQuery(scope)}')`,
    `p99=$(q '${canaryP99Query(scope)}')`,
    `accuracy=$(q '${canaryAccuracyQuery(accuracyScope)}')`,
    `echo "promotion gate: errors=$errors% p99=\${p99}ms accuracy=$accuracy (need <= ${gates.maxErrorRatePercent}%, <= ${gates.maxP99LatencyMs}ms, >= ${gates.minAccuracy})"`,
    `jq -ne --argjson e "$errors" --argjson l "$p99" --argjson a "$accuracy" '$e <= ${gates.maxErrorRatePercent} and $l <= ${gates.maxP99LatencyMs} and $a >= ${gates.minAccuracy}'`,
  ].join('\n');
}

/**
 * The bash command of the `rollback` webhook. Flagger runs rollback webhooks first on every interval while a rollout
 * progresses or waits for promotion, and rolls back when one answers 2xx (pkg/controller/scheduler.go,
 * scheduler_hooks.go `runRollbackHooks`, v1.44.0); the load tester answers 2xx when the command exits 0. Without it a
 * version between the two tiers (say p99 300 ms: under the 500 ms rollback bound, over the 200 ms promotion bound)
 * waits at the last step for good: the promotion gate keeps failing, the metric checks keep passing.
 *
 * One PromQL subquery evaluates the promotion tier per analysis window over the last N windows (a window that misses
 * any bound scores >= 1, `bool` comparisons) and returns a sample only when all N windows have data and every one
 * missed. So it rolls back on evidence only: a query error, an empty window or a window at the bar answers "no".
 */
export function promotionRollbackCommand(props: CanaryQualityGateProps): string {
  const gates = (props.gates ?? REFERENCE_QUALITY_GATES).promotion;
  const windows = props.missedPromotionWindowsBeforeRollback ?? 3;
  const scope: CanaryQueryScope = { ns: props.namespace, target: props.targetName, window: `${props.intervalMinutes}m` };
  const accuracyScope = { ...scope, window: `${accuracyWindow(props)}m` };
  const url = props.prometheusUrl ?? queryBaseUrl(ANALYSIS_ENDPOINT);
  const missed = `(${canaryErrorRateQuery(scope)} > bool ${gates.maxErrorRatePercent}) + (${canaryP99Query(scope)} > bool ${gates.maxP99LatencyMs}) + (${canaryAccuracyQuery(accuracyScope)} < bool ${gates.minAccuracy})`;
  const range = `[${windows * props.intervalMinutes}m:${props.intervalMinutes}m]`;
  const query = `count_over_time((${missed})${range}) >= ${windows} and min_over_time((${missed})${range}) >= 1`;
  return [
    'set -euo pipefail',
    `echo "promotion rollback check: roll back if the last ${windows} windows all missed errors <= ${gates.maxErrorRatePercent}%, p99 <= ${gates.maxP99LatencyMs}ms or accuracy >= ${gates.minAccuracy}"`,
    `curl -sfG --max-time 10 '${url}/api/v1/query' --data-urlencode 'query=${query}' | jq -e '.data.result | length > 0'`,
  ].join('\n');
}

function accuracyWindow(props: CanaryQualityGateProps): number {
  return props.accuracyWindowMinutes ?? Math.max(props.intervalMinutes, 10);
}

const authorizedApps = new WeakSet<IConstruct>();

/**
 * Lets Flagger's load tester query linkerd-viz's Prometheus, once per app: the AuthorizationPolicy Flagger's chart
 * creates for Flagger (`linkerdAuthPolicy.create`, charts/flagger/templates/authorizationpolicy.yaml at v1.44.0), for
 * the load tester's ServiceAccount. Neither the loadtester chart nor linkerd-viz's has a value that creates it, and
 * without it viz's `prometheus-admin` Server refuses the promotion check's queries (403), so no canary is promoted.
 */
export function authorizeLoadTesterQueries(scope: Construct): void {
  const root = scope.node.root;
  if (authorizedApps.has(root)) return;
  authorizedApps.add(root);
  declareExternalObjects(scope, [
    { group: 'policy.linkerd.io', kind: 'Server', ...LINKERD_VIZ_PROMETHEUS_SERVER, installedBy: 'linkerd-viz' },
    { group: '', kind: 'ServiceAccount', namespace: FLAGGER_LOADTESTER.namespace, name: FLAGGER_LOADTESTER.serviceAccountName, installedBy: 'loadtester (flagger)' },
  ]);
  new AuthorizationPolicy(scope, 'loadtester-prometheus-access', {
    metadata: { name: `${LINKERD_VIZ_PROMETHEUS_SERVER.name}-${FLAGGER_LOADTESTER.serviceAccountName}`, namespace: LINKERD_VIZ_PROMETHEUS_SERVER.namespace },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: LINKERD_VIZ_PROMETHEUS_SERVER.name },
      requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: FLAGGER_LOADTESTER.serviceAccountName, namespace: FLAGGER_LOADTESTER.namespace }],
    },
  });
}

/**
 * Creates the canary's quality MetricTemplates in `scope` and returns the analysis entries that use them:
 * - rollback tier: `thresholdRange` on error rate (max), p99 (max) and accuracy (min), read from the linkerd-viz
 *   Prometheus (Linkerd proxy metrics, and the model server's own `model_prediction_accuracy`);
 * - promotion tier: a `confirm-promotion` webhook through the load tester that runs `promotionCheckCommand`, a
 *   `rollback` webhook that runs `promotionRollbackCommand`, and the load tester's access to linkerd-viz's Prometheus
 *   when both are the defaults.
 * Never emits mirroring: Linkerd 2.20 drops routes carrying a RequestMirror filter (see lib/k8s/resilience).
 */
export function addCanaryQualityGate(scope: Construct, props: CanaryQualityGateProps): CanaryQualityAnalysis {
  const issues = new Issues();
  canaryQualityGateRules(props, issues);
  issues.throwIfAny(`${scope.node.path}/quality-gate`);
  const gates = props.gates ?? REFERENCE_QUALITY_GATES;
  const names = qualityTemplateNames(props.targetName);
  const prometheusUrl = props.prometheusUrl ?? queryBaseUrl(ANALYSIS_ENDPOINT);
  const loadTesterUrl = props.loadTesterUrl ?? FLAGGER_LOADTESTER.url;
  const provider = { type: MetricTemplateSpecProviderType.PROMETHEUS, address: prometheusUrl };
  const template = (id: string, name: string, query: string) => new MetricTemplate(scope, `quality-${id}`, {
    metadata: { name, namespace: props.namespace },
    spec: { provider, query },
  });
  template('error-rate', names.errorRate, canaryErrorRateQuery(FLAGGER_TEMPLATE_SCOPE));
  template('p99-latency', names.p99Latency, canaryP99Query(FLAGGER_TEMPLATE_SCOPE));
  template('accuracy', names.accuracy, canaryAccuracyQuery(FLAGGER_TEMPLATE_SCOPE));
  // A custom Prometheus or load tester is the caller's to authorize: its identity is not known here.
  if (prometheusUrl === queryBaseUrl(ANALYSIS_ENDPOINT) && loadTesterUrl === FLAGGER_LOADTESTER.url) authorizeLoadTesterQueries(scope);

  const ref = (name: string) => ({ name, namespace: props.namespace });
  const interval = `${props.intervalMinutes}m`;
  return {
    metrics: [
      { name: 'error-rate', templateRef: ref(names.errorRate), thresholdRange: { max: gates.rollback.maxErrorRatePercent }, interval },
      { name: 'p99-latency', templateRef: ref(names.p99Latency), thresholdRange: { max: gates.rollback.maxP99LatencyMs }, interval },
      { name: 'accuracy', templateRef: ref(names.accuracy), thresholdRange: { min: gates.rollback.minAccuracy }, interval: `${accuracyWindow(props)}m` },
    ],
    webhooks: [
      {
        name: 'promotion-quality-gate',
        type: CanarySpecAnalysisWebhooksType.CONFIRM_HYPHEN_PROMOTION,
        url: loadTesterUrl,
        timeout: '30s',
        metadata: { type: 'bash', cmd: promotionCheckCommand(props) },
      },
      {
        name: 'promotion-quality-rollback',
        type: CanarySpecAnalysisWebhooksType.ROLLBACK,
        url: loadTesterUrl,
        timeout: '30s',
        metadata: { type: 'bash', cmd: promotionRollbackCommand(props) },
      },
    ],
  };
}
