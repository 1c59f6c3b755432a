import { Issues } from '../../core/validation';
import { AlertThresholds, alertThresholdsRules, checkRatio, resolveAlertThresholds } from './alert-thresholds';
import { promDuration } from './durations';
import {
  certificateNotReady,
  certificateSecondsLeft,
  certificateSecondsToRenewal,
  errorRatePercent,
  latencyQuantileMs,
  linkerdIssuerSecondsLeft,
  modelAccuracy,
  modelDrift,
  ModelVersionRef,
  proxyCpuOfLimit,
  proxyMemoryOfLimit,
} from './promql';
import { parseGoDuration } from '../go-duration';
import { MeshCertificate, meshCertificates, MeshCertificatesConfig, meshCertificatesRules, TRUST_ANCHOR_RENEWAL_NOTICE } from '../mesh-certificates';

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
   * Lifetimes of the cluster's Linkerd trust anchor and identity issuer, the same config the Kubernetes half writes
   * the Certificates from: each certificate's expiry alert fires below its own `alertBelow`.
   * @default TRUST_ANCHOR_LIFETIME and IDENTITY_ISSUER_LIFETIME
   */
  readonly meshCertificates?: MeshCertificatesConfig;
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
  meshCertificatesRules(props.meshCertificates ?? {}, issues.at('meshCertificates'));
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

/** When the Linkerd certificates' renewal is overdue, or due soon for the anchor, whose renewal asks for a restart. */
function meshCertificateAlerts(props: PlatformAlertsProps): PortableAlert[] {
  const { trustAnchor, identityIssuer } = meshCertificates(props.meshCertificates);
  const mesh = { component: 'linkerd' };
  const overdue = (certificate: MeshCertificate, forMinutes: number, consequence: string): PortableAlert => ({
    id: `mesh-certificate-expiry-${certificate.name}`, name: 'MeshCertificateRenewalOverdue', severity: 'critical', forMinutes,
    labels: { ...mesh, certificate: certificate.name },
    expr: `${certificateSecondsLeft([certificate.name], props.cluster)} < ${certificate.alertBelowSeconds}`,
    summary: `${certificate.name} has less than ${certificate.lifetime.alertBelow} left: cert-manager should have renewed it ${certificate.lifetime.renewBefore} before expiry`,
    runbook: `cert-manager did not renew ${certificate.name} when it was due. kubectl describe certificate ${certificate.name} -A: read the Ready and Issuing conditions and the events, then the CertificateRequest and the issuer it names (cert-manager's logs). ${consequence}`,
  });
  const anchorNotice = parseGoDuration(TRUST_ANCHOR_RENEWAL_NOTICE) ?? 0;
  return [
    overdue(trustAnchor, 60, 'When the trust anchor expires every mTLS connection of the mesh fails. Never replace the anchor in place: follow docs/mesh.md, "Trust anchor".'),
    overdue(identityIssuer, 15, 'When the identity issuer expires, proxies get no new certificates and meshed traffic stops within a day.'),
    {
      id: 'mesh-trust-anchor-renewal', name: 'LinkerdTrustAnchorRenewalDue', severity: 'warning', forMinutes: 60, labels: { ...mesh, certificate: trustAnchor.name },
      expr: `${certificateSecondsToRenewal(trustAnchor.name, props.cluster)} < ${Math.round(anchorNotice / 1000)}`,
      summary: `cert-manager renews the Linkerd trust anchor within ${TRUST_ANCHOR_RENEWAL_NOTICE}, keeping its key`,
      runbook: `The anchor is renewed with the same key, which running proxies do not notice. linkerd-identity reads the anchors only at start and checks their expiry, so restart the control plane (kubectl -n linkerd rollout restart deploy) after the renewal and within ${trustAnchor.lifetime.renewBefore}, before the old anchor certificate expires; a Linkerd upgrade does it too. To change the key instead, follow docs/mesh.md, "Anchor key rotation".`,
    },
    {
      id: 'mesh-issuer-ttl', name: 'LinkerdIssuerExpiringSoon', severity: 'critical', forMinutes: 15, labels: mesh,
      expr: `${linkerdIssuerSecondsLeft(props.cluster)} < ${identityIssuer.alertBelowSeconds}`,
      summary: `linkerd-identity signs with an issuer certificate that has less than ${identityIssuer.lifetime.alertBelow} left`,
      runbook: `linkerd-identity reloads the issuer from the ${identityIssuer.name} Secret after every renewal. If cert-manager renewed it (MeshCertificateRenewalOverdue is quiet) and this still fires, identity refused the new issuer: its log says "Skipping issuer update", usually because the issuer does not chain to the anchors identity loaded at start (an anchor changed without the runbook in docs/mesh.md). Restart linkerd-identity only after checking that the Secret's issuer chains to the roots in the linkerd-identity-trust-roots ConfigMap.`,
    },
    {
      id: 'mesh-certificate-not-ready', name: 'MeshCertificateNotReady', severity: 'critical', forMinutes: 30, labels: mesh,
      expr: certificateNotReady([trustAnchor.name, identityIssuer.name], props.cluster),
      summary: 'A Linkerd mesh certificate has been not Ready for 30 minutes',
      runbook: `kubectl describe certificate <name> -A: the Ready condition's message says why (issuer not ready, a failed CertificateRequest, a missing Secret). The Certificate keeps its previous Secret meanwhile; fix it before that expires.`,
    },
  ];
}

/** Mesh health: certificates and proxy cost. */
function meshAlerts(props: PlatformAlertsProps): PortableAlert[] {
  const t = resolveAlertThresholds(props.thresholds);
  const mesh = { component: 'linkerd' };
  return [
    ...meshCertificateAlerts(props),
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
