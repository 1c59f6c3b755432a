import { flaggerLoadtesterValues, flaggerValues } from '../../lib/terraform/addons/flagger';
import { CHART_VERSIONS } from '../../lib/terraform/addons/chart-versions';
import { FLAGGER_LOADTESTER, FLAGGER_NAMESPACE } from '../../lib/contract/flagger';
import { FLAGGER_SELECTOR_LABEL } from '../../lib/contract/labels';
import { sharedSynth, stackJson } from '../support/example-synth';
import { dependsOn, named } from '../support/terraform-json';

describe('Flagger release', () => {
  test('pinned chart 1.44.0 from flagger.app', () => {
    expect(CHART_VERSIONS.flagger).toEqual({ repository: 'https://flagger.app', chart: 'flagger', version: '1.44.0' });
  });

  test('Gateway API provider, linkerd-viz Prometheus and the Linkerd authorization to read it', () => {
    expect(flaggerValues()).toMatchObject({
      meshProvider: 'gatewayapi:v1',
      metricsServer: 'http://prometheus.linkerd-viz:9090',
      linkerdAuthPolicy: { create: true, namespace: 'linkerd-viz' },
      selectorLabels: FLAGGER_SELECTOR_LABEL,
    });
  });

  test('high availability runs two leader-elected replicas behind a PDB', () => {
    expect(flaggerValues({ highAvailability: true })).toMatchObject({ leaderElection: { enabled: true, replicaCount: 2 }, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(flaggerValues()).toMatchObject({ leaderElection: { enabled: false, replicaCount: 1 } });
  });

  test('installed in flagger-system, which its release creates, after linkerd-viz (prod-azure, the canary cluster)', () => {
    const stack = stackJson(sharedSynth(), 'prod-azure');
    const flagger = named(stack, 'helm_release', 'flagger');
    expect(flagger.body).toMatchObject({ namespace: FLAGGER_NAMESPACE, create_namespace: true, atomic: true });
    expect(JSON.parse(flagger.body.values[0])).toEqual(flaggerValues({ highAvailability: true }));
    expect(dependsOn(flagger)).toContain(named(stack, 'helm_release', 'linkerd-viz').address);
  });
});

describe('Flagger load tester release', () => {
  const values = flaggerLoadtesterValues(false);

  test('pinned chart loadtester 0.38.0 from the same repository, beside Flagger and after it', () => {
    expect(CHART_VERSIONS.flaggerLoadtester).toEqual({ repository: 'https://flagger.app', chart: 'loadtester', version: '0.38.0' });
    const stack = stackJson(sharedSynth(), 'prod-azure');
    const loadTester = named(stack, 'helm_release', FLAGGER_LOADTESTER.releaseName);
    expect(loadTester.body).toMatchObject({ chart: 'loadtester', namespace: FLAGGER_NAMESPACE, create_namespace: false, atomic: true });
    expect(dependsOn(loadTester)).toContain(named(stack, 'helm_release', 'flagger').address);
  });

  test('its release name gives the Service and ServiceAccount the canaries\' webhook and viz authorization name', () => {
    expect(FLAGGER_LOADTESTER.url).toBe(`http://${FLAGGER_LOADTESTER.releaseName}.${FLAGGER_NAMESPACE}/`);
    // rbac.create is what makes the chart create ServiceAccount <fullname> = the release name (templates/rbac.yaml).
    expect(values.rbac).toEqual({ create: true, rules: [] });
    expect(FLAGGER_LOADTESTER.serviceAccountName).toBe(FLAGGER_LOADTESTER.releaseName);
  });

  test('meshed, so its Prometheus queries carry its own mTLS identity', () => {
    expect(values.podAnnotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  });

  test('restricted security context', () => {
    expect(values.securityContext).toEqual({ enabled: true, context: expect.objectContaining({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }) });
    expect(values.podSecurityContext).toEqual({ enabled: true, context: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
  });

  test('high availability runs two load testers behind a PDB', () => {
    expect(flaggerLoadtesterValues(true)).toMatchObject({ replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(values).toMatchObject({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
  });
});
