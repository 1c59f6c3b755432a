import { Testing } from 'cdktf';
import { Flagger, FlaggerProps } from '../../lib/addons/flagger';
import { CHART_VERSIONS } from '../../lib/addons/chart-versions';
import { HelmProvider } from '../../lib/internal/helm';
import { FLAGGER_SELECTOR_LABEL } from '../../lib/k8s/serving/labels';

function release(props: Omit<FlaggerProps, 'provider'> = {}): any {
  const json = JSON.parse(Testing.synthScope((scope) => {
    new Flagger(scope, 'flagger', { provider: new HelmProvider(scope, 'helm', {}), ...props });
  }));
  return Object.values(json.resource.helm_release)[0];
}

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
