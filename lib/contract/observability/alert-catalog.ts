import { Issues } from '../../core/validation';
import { AlertThresholds, alertThresholdsRules, checkRatio, resolveAlertThresholds } from './alert-thresholds';
import { promDuration } from './durations';
import {
  certificateSecondsLeft,
  errorRatePercent,
  latencyQuantileMs,
  linkerdIssuerSecondsLeft,
  modelAccuracy,
  modelDrift,
  ModelVersionRef,
  proxyCpuOfLimit,
  proxyMemoryOfLimit,
} from './promql';
import { IDENTITY_ISSUER_SECRET, TRUST_ANCHOR_SECRET } from '../mesh-pki';

/** The model versions of one server that get per-version alerts. */
export interface ModelAlertTarget {
  readonly namespace: string;
  /** The model server's name. */
  readonly server: string;
  /** Every deployed version, e.g. ['v1', 'v2']. */
  readonly versions: readonly string[];
  /** Overrides `thresholds.minAccuracy` for this model. @default the platform threshold */
  readonly minAccuracy?: number;
  /** Overrides `thresholds.maxDriftScore` for this model. @default the platform threshold */
  readonly maxDriftScore?: number;
}

export interface PlatformAlertsProps {
  /** The `cluster` label value to pin every query to; unset for an in-cluster Prometheus. @default none */
  readonly cluster?: string;
  readonly models: readonly ModelAlertTarget[];
  /** @default DEFAULT_ALERT_THRESHOLDS */
  readonly thresholds?: AlertThresholds;
  /**
   * cert-manager Certificates whose expiry pages.
   * @default the Linkerd trust anchor and identity issuer (lib/contract/linkerd-pki.ts)
   */
  readonly certificates?: readonly string[];
}

export type AlertSeverity = 'critical' | 'warning';

/** One alert as every evaluator takes it: a PromQL condition that fires while it returns series. */
export interface PortableAlert {
  /** Unique in the set; a DNS label, used for resource names (e.g. `model-server-v2-error-rate`). */
  readonly id: string;
  /** Prometheus alert name (several versions share one name and differ by labels). */
  readonly name: string;
  readonly expr: string;
  /** Minutes the condition must hold before firing. */
  readonly forMinutes: number;
  readonly severity: AlertSeverity;
  readonly summary: string;
  /** What to check and do, for whoever is paged. */
  readonly runbook: string;
  readonly labels: Readonly<Record<string, string>>;
}

const WINDOW = promDuration(5);

export function platformAlertsRules(props: PlatformAlertsProps, issues: Issues): void {
  alertThresholdsRules(props.thresholds ?? {}, issues.at('thresholds'));
  issues.check(props.models.length > 0, 'models', props.models, 'must list at least one model server: alerts are per model version');
  props.models.forEach((model, i) => {
    const at = issues.at('models').at(i);
    at.check(model.versions.length > 0, 'versions', model.versions, 'must list at least one version');
    at.check(new Set(model.versions).size === model.versions.length, 'versions', model.versions, 'must not repeat a version');
    if (model.minAccuracy !== undefined) checkRatio(at, 'minAccuracy', model.minAccuracy);
    if (model.maxDriftScore !== undefined) at.check(Number.isFinite(model.maxDriftScore) && model.maxDriftScore > 0, 'maxDriftScore', model.maxDriftScore, 'must be a drift score above 0');
  });
  if (props.certificates) issues.check(props.certificates.length > 0, 'certificates', props.certificates, 'must name at least one Certificate, or be left unset for the Linkerd ones');
}

/** Per model version: error rate, p99, accuracy and drift. */
function modelVersionAlerts(model: ModelAlertTarget, version: string, props: PlatformAlertsProps): PortableAlert[] {
  const t = resolveAlertThresholds(props.thresholds);
  const ref: ModelVersionRef = { namespace: model.namespace, workload: model.server, modelVersion: version };
  const id = `${model.server}-${version}`;
  const who = `${model.namespace}/${model.server} ${version}`;
  const labels = { namespace: model.namespace, workload: model.server, model_version: version };
  const minAccuracy = model.minAccuracy ?? t.minAccuracy;
  const maxDrift = model.maxDriftScore ?? t.maxDriftScore;
  return [
    {
      id: `${id}-error-rate`, name: 'ModelErrorRateHigh', severity: 'critical', forMinutes: 5, labels,
      expr: `${errorRatePercent(ref, WINDOW, props.cluster)} > ${t.maxErrorRatePercent}`,
      summary: `${who}: more than ${t.maxErrorRatePercent}% of inbound requests failed over 5 minutes`,
      runbook: `Linkerd classifies 5xx and gRPC errors as failures. Check the server's logs and readiness; if a canary is running, Flagger rolls it back on the same bound. If the version is the primary, roll back to the previous version (set the server's traffic to it) and open an incident.`,
    },
    {
      id: `${id}-p99-latency`, name: 'ModelLatencyP99High', severity: 'critical', forMinutes: 5, labels,
      expr: `${latencyQuantileMs(0.99, ref, WINDOW, props.cluster)} > ${t.maxP99LatencyMs}`,
      summary: `${who}: p99 latency above ${t.maxP99LatencyMs} ms over 5 minutes`,
      runbook: `Compare p50 and p99 on the dashboard: a high p99 with a normal p50 points at batching or GPU contention, both high at saturation. Check CPU/GPU use against limits and the HPA; scale out or lower MAX_BATCH_SIZE. A circuit breaker (failure accrual) sheds failing endpoints but not slow ones.`,
    },
    {
      id: `${id}-accuracy`, name: 'ModelAccuracyLow', severity: 'critical', forMinutes: 15, labels,
      expr: `${modelAccuracy(ref, props.cluster)} < ${minAccuracy}`,
      summary: `${who}: accuracy below ${minAccuracy} for 15 minutes`,
      runbook: `Accuracy is computed by the server against delayed ground truth; first check that ground truth is still arriving (a stalled feed freezes or skews the gauge). Then compare with the drift score: drift explains a slow decline, a sudden drop after a rollout points at the new version, so roll back to the previous one.`,
    },
    {
      id: `${id}-drift`, name: 'ModelDriftHigh', severity: 'warning', forMinutes: 30, labels,
      expr: `${modelDrift(ref, props.cluster)} > ${maxDrift}`,
      summary: `${who}: data drift score above ${maxDrift} for 30 minutes`,
      runbook: `The live inputs no longer look like the training data. The drift gate starts a retraining Job at most once per cooldown; check that one ran (kubectl get jobs -l ml-mesh-platform.io/trigger=drift). If none did, check the gate's last run; if retraining ran and drift persists, look for an upstream data change (schema, feature pipeline) before retraining again.`,
    },
  ];
}

/** Mesh health: certificate expiry and proxy cost. */
function meshAlerts(props: PlatformAlertsProps): PortableAlert[] {
  const t = resolveAlertThresholds(props.thresholds);
  const certificates = props.certificates ?? [TRUST_ANCHOR_SECRET, IDENTITY_ISSUER_SECRET];
  const seconds = t.certificateWarningDays * 86_400;
  const mesh = { component: 'linkerd' };
  return [
    {
      id: 'mesh-certificate-expiry', name: 'MeshCertificateExpiringSoon', severity: 'critical', forMinutes: 15, labels: mesh,
      expr: `${certificateSecondsLeft(certificates, props.cluster)} < ${seconds}`,
      summary: `A mesh certificate (${certificates.join(', ')}) expires in less than ${t.certificateWarningDays} days`,
      runbook: `cert-manager should have renewed it already: kubectl describe certificate <name> -n <namespace> and check the Ready condition and events, and the issuer it names. An expired identity issuer stops proxies from getting certificates, and an expired trust anchor breaks every mTLS connection; rotate the anchor with an overlapping bundle (docs/mesh-pki), never by replacing it in place.`,
    },
    {
      id: 'mesh-issuer-ttl', name: 'LinkerdIssuerExpiringSoon', severity: 'critical', forMinutes: 15, labels: mesh,
      expr: `${linkerdIssuerSecondsLeft(props.cluster)} < ${seconds}`,
      summary: `Linkerd's identity controller holds an issuer certificate with less than ${t.certificateWarningDays} days left`,
      runbook: `The identity controller reloads the issuer from the linkerd-identity-issuer Secret. If cert-manager renewed the Certificate but this alert persists, the controller has not picked it up: check its logs and restart linkerd-identity.`,
    },
    {
      id: 'mesh-proxy-memory', name: 'LinkerdProxyMemoryNearLimit', severity: 'warning', forMinutes: 15, labels: mesh,
      expr: `${proxyMemoryOfLimit(props.cluster)} > ${t.proxyLimitRatio}`,
      summary: `A Linkerd proxy uses more than ${Math.round(t.proxyLimitRatio * 100)}% of its memory limit`,
      runbook: `A proxy at its memory limit is OOM-killed and takes the pod's traffic with it. Usual causes: many concurrent connections or large buffered bodies. Raise the namespace's proxy memory limit (MeshedNamespace proxyResources) or scale the workload out.`,
    },
    {
      id: 'mesh-proxy-cpu', name: 'LinkerdProxyCpuNearLimit', severity: 'warning', forMinutes: 15, labels: mesh,
      expr: `${proxyCpuOfLimit(WINDOW, props.cluster)} > ${t.proxyLimitRatio}`,
      summary: `A Linkerd proxy uses more than ${Math.round(t.proxyLimitRatio * 100)}% of its CPU limit`,
      runbook: `A throttled proxy adds latency to every request of the pod. Raise the namespace's proxy CPU limit (MeshedNamespace proxyResources) or scale the workload out.`,
    },
  ];
}

/** Every alert of the platform for the given models, thresholds validated first. */
export function platformAlerts(props: PlatformAlertsProps, where = 'platformAlerts'): PortableAlert[] {
  const issues = new Issues();
  platformAlertsRules(props, issues);
  issues.throwIfAny(where);
  return [
    ...props.models.flatMap((model) => model.versions.map((version) => modelVersionAlerts(model, version, props)).flat()),
    ...meshAlerts(props),
  ];
}
