import { CHART_VERSIONS } from '../../lib/terraform/addons/chart-versions';
import { certManagerValues, trustManagerValues } from '../../lib/terraform/addons/cert-manager';
import { gatewayApiCrdsRules } from '../../lib/terraform/addons/gateway-api-crds';
import { linkerdControlPlaneValues, linkerdCrdsValues, linkerdVizValues } from '../../lib/terraform/addons/linkerd-control-plane';
import { Issues } from '../../lib/core/validation';
import { sharedSynth, stackJson } from '../support/example-synth';
import { named } from '../support/terraform-json';
import { allEnvironments } from '../support/test-environments';

describe('Linkerd and cert-manager chart values', () => {
  test('pinned charts from the edge and jetstack repositories', () => {
    expect(CHART_VERSIONS.linkerdControlPlane).toEqual({ repository: 'https://helm.linkerd.io/edge', chart: 'linkerd-control-plane', version: '2026.6.3' });
    expect(CHART_VERSIONS.linkerdCrds.version).toBe('2026.6.3');
    expect(CHART_VERSIONS.certManager).toEqual({ repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' });
    expect(CHART_VERSIONS.trustManager.version).toBe('v0.24.0');
    expect(trustManagerValues()).toEqual({ app: { trust: { namespace: 'cert-manager' } } });
    expect(certManagerValues()).toEqual({ crds: { enabled: true } });
    expect(linkerdCrdsValues()).toEqual({ installGatewayAPI: false });
  });

  test('external CA identity and HA values in production; no key material in the values', () => {
    const values = linkerdControlPlaneValues({ highAvailability: true });
    expect(values.identity).toEqual({ externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } });
    expect(values).toMatchObject({ highAvailability: true, controllerReplicas: 3, enablePodDisruptionBudget: true, enablePodAntiAffinity: true, webhookFailurePolicy: 'Fail', cniEnabled: false });
    expect((values.policyController as any).probeNetworks).toEqual(['0.0.0.0/0', '::/0']);
    expect(JSON.stringify(values)).not.toMatch(/keyPEM|crtPEM|identityTrustAnchorsPEM/);
  });

  test('development: no HA values; linkerd-cni switches the CNI on; viz gets the scrape jobs', () => {
    expect(linkerdControlPlaneValues({ highAvailability: false }).highAvailability).toBeUndefined();
    expect(linkerdControlPlaneValues({ highAvailability: false, trafficRedirect: 'linkerd-cni' }).cniEnabled).toBe(true);
    expect(linkerdVizValues(false)).toEqual({});
    expect(linkerdVizValues(true, [{ job_name: 'models' }])).toEqual({ enablePodAntiAffinity: true, prometheus: { scrapeConfigs: [{ job_name: 'models' }] } });
  });

  test('namespaces that are never meshed are left out of the injector webhook, beside the chart\'s own', () => {
    expect(linkerdControlPlaneValues({ highAvailability: true }).proxyInjector).toBeUndefined();
    expect(linkerdControlPlaneValues({ highAvailability: true, injectorSkipsNamespaces: ['keda', 'keda', 'cert-manager'] }).proxyInjector).toEqual({
      namespaceSelector: {
        matchExpressions: [
          { key: 'config.linkerd.io/admission-webhooks', operator: 'NotIn', values: ['disabled'] },
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'cert-manager', 'keda'] },
        ],
      },
    });
  });

  test('an unknown traffic redirect is refused', () => {
    expect(() => linkerdControlPlaneValues({ highAvailability: false, trafficRedirect: 'iptables' as never }))
      .toThrow('trafficRedirect = "iptables": must be "proxy-init" or "linkerd-cni"');
  });
});

describe('Gateway API CRDs source', () => {
  const problems = (crds: Parameters<typeof gatewayApiCrdsRules>[0]): string[] => {
    const issues = new Issues();
    gatewayApiCrdsRules(crds, issues);
    return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
  };

  test('the chart decides the version; a cluster-managed version must be one Linkerd 2.20 reads', () => {
    expect(problems({ source: 'chart' })).toEqual([]);
    expect(problems({ source: 'chart', version: 'v1.4.1' })).toEqual([]);
    expect(problems({ source: 'chart', version: 'v1.2.1' })).toEqual(['version = "v1.2.1": the pinned gateway-crds-helm chart installs Gateway API v1.4.1; leave version out, or change the pin in chart-versions.ts']);
    expect(problems({ source: 'cluster-managed' })).toEqual([]);
    expect(problems({ source: 'cluster-managed', version: 'v1.6.1' }))
      .toEqual(['version = "v1.6.1": must be a Gateway API release from v1.2.1 to v1.5.1, the range Linkerd 2.20 supports (it recommends v1.2.1)']);
    expect(problems({ source: 'standard-install' as never, version: '1.2' })).toEqual([
      'source = "standard-install": must be "chart" (the platform installs them) or "cluster-managed" (the cluster serves them, as GKE does)',
      'version = "1.2": must be a Gateway API release from v1.2.1 to v1.5.1, the range Linkerd 2.20 supports (it recommends v1.2.1)',
    ]);
  });
});

// The releases as the stacks install them (whole output, every environment).
describe.each(allEnvironments.flatMap((env) => [env.azure && `${env.name}-azure`, env.gcp && `${env.name}-gcp`].filter((s): s is string => !!s)))('Linkerd releases in %s', (stackName) => {
  const stack = stackJson(sharedSynth(), stackName);
  const release = (name: string) => named(stack, 'helm_release', name);

  test('the injector webhook skips the namespaces of the add-ons that are never meshed, so they start while it is down', () => {
    const values = JSON.parse(release('linkerd-control-plane').body.values[0]);
    const addons = ['jobset', 'keda', 'nvidia-device-plugin'].flatMap((name) => {
      const found = Object.values(stack.resource.helm_release as Record<string, any>).find((r) => r.name === name);
      return found ? [found.namespace as string] : [];
    });
    const skipped = values.proxyInjector?.namespaceSelector.matchExpressions.find((e: any) => e.key === 'kubernetes.io/metadata.name')?.values ?? ['kube-system', 'cert-manager'];
    expect(skipped).toEqual(['kube-system', 'cert-manager', ...addons]);
  });

  test('the control plane waits for its pods, atomically, and no Linkerd release creates the labelled linkerd namespace', () => {
    expect(release('linkerd-control-plane').body).toMatchObject({ wait: true, atomic: true, timeout: 600, create_namespace: false, namespace: 'linkerd' });
    expect(release('linkerd-crds').body).toMatchObject({ create_namespace: false, namespace: 'linkerd' });
  });

  test('the trust chain release holds the labelled linkerd Namespace (kept on uninstall), the issuers, certificates and Bundle, and no key', () => {
    const values = JSON.parse(release('linkerd-pki').body.values[0]);
    expect(values.objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/linkerd', 'Issuer/linkerd-trust-root-issuer', 'Certificate/linkerd-trust-anchor', 'ClusterIssuer/linkerd-identity-issuer',
      'Certificate/linkerd-identity-issuer', 'Bundle/linkerd-identity-trust-roots',
    ]);
    expect(values.objects[0].metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'disabled', 'helm.sh/resource-policy': 'keep' });
    // It enforces privileged for proxy-init, and says so (lib/contract/pod-security.ts).
    expect(values.objects[0].metadata.annotations['ml-mesh-platform.io/pod-security-reason']).toMatch(/proxy-init/);
    expect(JSON.stringify(values)).not.toMatch(/PRIVATE KEY|tls\.key/);
  });
});
