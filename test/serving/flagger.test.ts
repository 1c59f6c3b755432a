import { Testing } from 'cdktf';
import { Flagger, FlaggerProps } from '../../lib/terraform/addons/flagger';
import { CHART_VERSIONS } from '../../lib/terraform/addons/chart-versions';
import { FLAGGER_LOADTESTER } from '../../lib/contract/flagger';
import { HelmProvider } from '../../lib/terraform/internal/helm';
import { FLAGGER_SELECTOR_LABEL } from '../../lib/contract/labels';

function releases(props: Omit<FlaggerProps, 'provider'> = {}): Record<string, any> {
  const json = JSON.parse(Testing.synthScope((scope) => {
    new Flagger(scope, 'flagger', { provider: new HelmProvider(scope, 'helm', {}), ...props });
  }));
  return Object.fromEntries(Object.entries(json.resource.helm_release as Record<string, any>).map(([address, r]) => [r.name, { ...r, address }]));
}
const release = (props: Omit<FlaggerProps, 'provider'> = {}): any => releases(props).flagger;
const loadTester = (props: Omit<FlaggerProps, 'provider'> = {}): any => releases(props)['flagger-loadtester'];

describe('Flagger release', () => {
  test('pinned chart 1.44.0 from flagger.app into flagger-system', () => {
    expect(CHART_VERSIONS.flagger).toEqual({ repository: 'https://flagger.app', chart: 'flagger', version: '1.44.0' });
    expect(release()).toMatchObject({ repository: 'https://flagger.app', chart: 'flagger', version: '1.44.0', namespace: 'flagger-system', create_namespace: true, atomic: true });
  });

  test('Gateway API provider, linkerd-viz Prometheus and the Linkerd authorization to read it', () => {
    const values = JSON.parse(release().values[0]);
    expect(values).toMatchObject({
      meshProvider: 'gatewayapi:v1',
      metricsServer: 'http://prometheus.linkerd-viz:9090',
      linkerdAuthPolicy: { create: true, namespace: 'linkerd-viz' },
      selectorLabels: FLAGGER_SELECTOR_LABEL,
    });
  });

  test('high availability runs two leader-elected replicas behind a PDB', () => {
    expect(JSON.parse(release({ highAvailability: true }).values[0])).toMatchObject({ leaderElection: { enabled: true, replicaCount: 2 }, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(JSON.parse(release().values[0])).toMatchObject({ leaderElection: { enabled: false, replicaCount: 1 } });
  });
});

describe('Flagger load tester release', () => {
  const values = (props: Omit<FlaggerProps, 'provider'> = {}) => JSON.parse(loadTester(props).values[0]);

  test('pinned chart loadtester 0.38.0 from the same repository, beside Flagger and after it', () => {
    expect(CHART_VERSIONS.flaggerLoadtester).toEqual({ repository: 'https://flagger.app', chart: 'loadtester', version: '0.38.0' });
    const all = releases();
    expect(Object.keys(all).sort()).toEqual(['flagger', 'flagger-loadtester']);
    expect(all['flagger-loadtester']).toMatchObject({ repository: 'https://flagger.app', chart: 'loadtester', version: '0.38.0', namespace: 'flagger-system', atomic: true });
    expect(all['flagger-loadtester'].depends_on).toEqual([`helm_release.${all.flagger.address}`]);
  });

  test('its release name gives the Service and ServiceAccount the canaries\' webhook and viz authorization name', () => {
    expect(loadTester().name).toBe(FLAGGER_LOADTESTER.releaseName);
    expect(FLAGGER_LOADTESTER.url).toBe(`http://${FLAGGER_LOADTESTER.releaseName}.${loadTester().namespace}/`);
    // rbac.create is what makes the chart create ServiceAccount <fullname> = the release name (templates/rbac.yaml).
    expect(values().rbac).toEqual({ create: true, rules: [] });
    expect(FLAGGER_LOADTESTER.serviceAccountName).toBe(FLAGGER_LOADTESTER.releaseName);
  });

  test('meshed, so its Prometheus queries carry its own mTLS identity', () => {
    expect(values().podAnnotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  });

  test('restricted security context', () => {
    expect(values().securityContext).toEqual({ enabled: true, context: expect.objectContaining({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }) });
    expect(values().podSecurityContext).toEqual({ enabled: true, context: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
  });

  test('high availability runs two load testers behind a PDB', () => {
    expect(values({ highAvailability: true })).toMatchObject({ replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(values()).toMatchObject({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
  });
});
