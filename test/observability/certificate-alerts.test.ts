import { ClusterTarget,clusterTargets } from '../../lib/config/cluster-targets';
import { environmentIssues } from '../../lib/config/validate-environment';
import { parseGoDuration } from '../../lib/contract/go-duration';
import { linkerdPkiRelease,sharedSynth,stackJson } from '../support/example-synth';
import { allEnvironments,qa } from '../support/test-environments';

// The Certificates are written by the Kubernetes half, their alerts by the Terraform half; both read one source
// (contract/mesh-certificates.ts). Read back from every environment's output: each certificate's expiry alert sits
// below that same cluster's renewBefore and above 0, so it is quiet while renewal works and fires when it does not.

const example = sharedSynth();

/** renewBefore (seconds) per Certificate name, as the cluster's linkerd-pki release installs it. */
function renewBeforeSeconds(stack: string): Map<string, number> {
  const certificates = linkerdPkiRelease(example, stack).filter((o) => o?.kind === 'Certificate');
  return new Map(certificates.map((c) => [c.metadata.name as string, (parseGoDuration(c.spec.renewBefore) ?? NaN) / 1000]));
}

/** Every certificate-expiry alert of the cluster's stack: certificate name and threshold (seconds left). */
function expiryAlerts(stack: string, cloud: 'azure' | 'gcp'): { name: string; threshold: number }[] {
  const json = stackJson(example, stack);
  const expressions: string[] = cloud === 'azure'
    ? (Object.values(json.resource.azurerm_monitor_alert_prometheus_rule_group) as any[]).flatMap((g) => g.rule).filter((r) => r.alert === 'MeshCertificateRenewalOverdue').map((r) => r.expression)
    : (Object.values(json.resource.google_monitoring_alert_policy) as any[]).filter((p) => p.conditions[0].display_name === 'MeshCertificateRenewalOverdue')
      .map((p) => p.conditions[0].condition_prometheus_query_language.query);
  return expressions.map((expr) => {
    const match = /name=~"([^"]+)"\} - time\(\) < (\d+)$/.exec(expr);
    if (!match) throw new Error(`unexpected certificate alert: ${expr}`);
    return { name: match[1], threshold: Number(match[2]) };
  });
}

/** Alerts are emitted only where the environment names someone to notify (action groups, notification channels). */
function alerted(target: ClusterTarget): boolean {
  const observability = target.environment.observability ?? {};
  return ((target.cloud === 'azure' ? observability.azureActionGroupIds : observability.googleNotificationChannelIds) ?? []).length > 0;
}

const alertedClusters = allEnvironments.flatMap((env) => clusterTargets(env).filter(alerted).map((t) => [`${env.name}/${t.clusterName}`, t] as const));

test('the environments hold alerted clusters on both clouds', () => {
  expect(new Set(alertedClusters.map(([, t]) => t.cloud))).toEqual(new Set(['azure', 'gcp']));
});

describe.each(alertedClusters)('mesh certificates of %s', (_label, target) => {
  const renewBefore = renewBeforeSeconds(target.stack);
  const alerts = expiryAlerts(target.stack, target.cloud);

  test('every Certificate of the mesh has an expiry alert, and every alert names a Certificate of the cluster', () => {
    expect(alerts.map((a) => a.name).sort()).toEqual([...renewBefore.keys()].sort());
  });

  test('each threshold is above 0 and below the certificate\'s own renewBefore', () => {
    for (const alert of alerts) {
      const renewal = renewBefore.get(alert.name)!;
      expect({ ...alert, renewBefore: renewal, quietWhileRenewing: alert.threshold > 0 && alert.threshold < renewal }).toMatchObject({ quietWhileRenewing: true });
    }
  });
});

describe('certificate lifetimes in the environment config', () => {
  test('an alert threshold at or above its renewBefore is refused at synth, naming the cluster\'s field', () => {
    const env = { ...qa, gcp: { ...qa.gcp!, kubernetes: { ...qa.gcp!.kubernetes, mesh: { certificates: { identityIssuer: { alertBelow: '26h' } } } } } };
    expect(environmentIssues(env).all.map((i) => `${i.field} = ${JSON.stringify(i.value)}`)).toContain('gcp.kubernetes.mesh.certificates.identityIssuer.alertBelow = "26h"');
  });

  test('a configured lifetime reaches both the Certificate and its alert', () => {
    // qa's AKS cluster shortens its issuer (test-environments.ts); the Certificate and the alert both follow.
    const aks = clusterTargets(qa)[0];
    expect(aks.kubernetes.mesh?.certificates?.identityIssuer).toBeDefined();
    const pki = linkerdPkiRelease(example, aks.stack);
    const issuer = pki.find((o) => o?.kind === 'Certificate' && o.metadata.name === 'linkerd-identity-issuer');
    expect(issuer.spec).toMatchObject({ duration: aks.kubernetes.mesh!.certificates!.identityIssuer!.duration, renewBefore: aks.kubernetes.mesh!.certificates!.identityIssuer!.renewBefore });
    const threshold = expiryAlerts(aks.stack, 'azure').find((a) => a.name === 'linkerd-identity-issuer')!.threshold;
    expect(issuer.spec.duration).not.toBe('48h');
    expect(threshold).toBeLessThan((parseGoDuration(issuer.spec.renewBefore) ?? 0) / 1000);
  });
});
