import { Testing } from 'cdktf';
import { CertManager } from '../../lib/terraform/addons/cert-manager';
import { CHART_VERSIONS } from '../../lib/terraform/addons/chart-versions';
import { LinkerdControlPlane, LinkerdControlPlaneProps } from '../../lib/terraform/addons/linkerd-control-plane';
import { HelmProvider } from '../../lib/terraform/internal/helm';

type Props = Omit<LinkerdControlPlaneProps, 'provider' | 'dependsOn'>;

function synth(props: Props): { releases: Record<string, any> } {
  const json = JSON.parse(Testing.synthScope((scope) => {
    const provider = new HelmProvider(scope, 'helm', {});
    const certs = new CertManager(scope, 'certs', { provider });
    new LinkerdControlPlane(scope, 'linkerd', { provider, dependsOn: [certs.trustManager], ...props });
  }));
  return { releases: json.resource.helm_release };
}

const PROD: Props = { highAvailability: true, gatewayApiCrds: { source: 'standard-install', version: 'v1.2.1' } };

function byChart(releases: Record<string, any>, chart: string): any {
  return Object.values(releases).find((r: any) => r.chart === chart);
}

describe('LinkerdControlPlane and CertManager', () => {
  test('pinned charts from the edge and jetstack repositories', () => {
    const { releases } = synth(PROD);
    expect(byChart(releases, 'linkerd-control-plane')).toMatchObject({ repository: 'https://helm.linkerd.io/edge', version: CHART_VERSIONS.linkerdControlPlane.version, namespace: 'linkerd' });
    expect(byChart(releases, 'linkerd-crds')).toMatchObject({ version: '2026.6.3' });
    expect(byChart(releases, 'cert-manager')).toMatchObject({ repository: 'https://charts.jetstack.io', version: 'v1.21.1', namespace: 'cert-manager' });
    expect(byChart(releases, 'trust-manager')).toMatchObject({ version: 'v0.24.0' });
    expect(JSON.parse(byChart(releases, 'trust-manager').values[0])).toEqual({ app: { trust: { namespace: 'cert-manager' } } });
    expect(JSON.parse(byChart(releases, 'cert-manager').values[0])).toEqual({ crds: { enabled: true } });
    expect(JSON.parse(byChart(releases, 'linkerd-crds').values[0])).toEqual({ installGatewayAPI: false });
  });

  test('external CA identity and HA values in production; no key material in Terraform', () => {
    const { releases } = synth(PROD);
    const cp = byChart(releases, 'linkerd-control-plane');
    const values = JSON.parse(cp.values[0]);
    expect(values.identity).toEqual({ externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } });
    expect(values).toMatchObject({ highAvailability: true, controllerReplicas: 3, enablePodDisruptionBudget: true, enablePodAntiAffinity: true, webhookFailurePolicy: 'Fail', cniEnabled: false });
    expect(values.policyController.probeNetworks).toEqual(['0.0.0.0/0', '::/0']);
    expect(JSON.stringify(releases)).not.toMatch(/keyPEM|crtPEM|identityTrustAnchorsPEM/);
  });

  test('releases are ordered cert-manager -> trust-manager -> linkerd-crds -> control plane -> viz', () => {
    const { releases } = synth({ ...PROD, viz: true });
    const deps = (chart: string): string[] => byChart(releases, chart).depends_on ?? [];
    expect(deps('trust-manager')).toEqual([expect.stringMatching(/^helm_release\.certs_cert-manager/)]);
    expect(deps('linkerd-crds')).toEqual([expect.stringMatching(/trust-manager/)]);
    expect(deps('linkerd-control-plane')).toEqual(expect.arrayContaining([expect.stringMatching(/linkerd-crds/), expect.stringMatching(/trust-manager/)]));
    expect(deps('linkerd-viz')).toEqual([expect.stringMatching(/linkerd-control-plane/)]);
    expect(byChart(releases, 'linkerd-control-plane').wait).toBe(false);
  });

  test('development: no HA values, no viz unless asked', () => {
    const { releases } = synth({ highAvailability: false, gatewayApiCrds: { source: 'cluster-managed', version: 'v1.4.0' } });
    const values = JSON.parse(byChart(releases, 'linkerd-control-plane').values[0]);
    expect(values.highAvailability).toBeUndefined();
    expect(byChart(releases, 'linkerd-viz')).toBeUndefined();
    expect(byChart(releases, 'linkerd2-cni')).toBeUndefined();
  });

  test('linkerd-cni installs the plugin before the control plane and enables it there', () => {
    const { releases } = synth({ ...PROD, trafficRedirect: 'linkerd-cni' });
    const cni = byChart(releases, 'linkerd2-cni');
    expect(cni).toMatchObject({ namespace: 'linkerd-cni', version: '2026.6.3' });
    const cp = byChart(releases, 'linkerd-control-plane');
    expect(JSON.parse(cp.values[0]).cniEnabled).toBe(true);
    expect(cp.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/linkerd-cni/)]));
  });

  test('a Gateway API version outside what Linkerd 2.20 reads is refused', () => {
    expect(() => synth({ ...PROD, gatewayApiCrds: { source: 'standard-install', version: 'v1.6.1' } }))
      .toThrow('gatewayApiCrds.version = "v1.6.1": must be a Gateway API release from v1.2.1 to v1.5.1, the range Linkerd 2.20 supports (it recommends v1.2.1)');
    expect(() => synth({ ...PROD, gatewayApiCrds: { source: 'kubectl' as never, version: '1.2' } }))
      .toThrow(/gatewayApiCrds.source = "kubectl": must be "standard-install" or "cluster-managed"[\s\S]*gatewayApiCrds.version = "1.2"/);
  });
});
