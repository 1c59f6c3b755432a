import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

describe('MeshedNamespace', () => {
  test('injects, denies by default, sizes the proxy, runs it as a native sidecar', () => {
    const { chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops' });
    const objects = synthObjects(chart);
    expectValidManifests(objects);
    const [ns] = objects;
    expect(ns.metadata.annotations).toEqual({
      'linkerd.io/inject': 'enabled',
      'config.linkerd.io/default-inbound-policy': 'deny',
      'config.linkerd.io/proxy-cpu-request': '100m',
      'config.linkerd.io/proxy-cpu-limit': '1',
      'config.linkerd.io/proxy-memory-request': '64Mi',
      'config.linkerd.io/proxy-memory-limit': '256Mi',
      'config.linkerd.io/proxy-enable-native-sidecar': 'true',
      'ml-mesh-platform.io/pod-security-reason': expect.stringMatching(/proxy-init adds NET_ADMIN and NET_RAW/),
    });
  });

  test('proxy-init needs the privileged level; app templates are still warned and audited against restricted', () => {
    const { chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', team: 'ml' } });
    const [ns] = synthObjects(chart);
    expect(ns.metadata.labels).toMatchObject({
      team: 'ml',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('linkerd-cni lets the namespace enforce restricted', () => {
    const { chart } = clusterChart();
    new MeshedNamespace(chart, 'ns', { name: 'mlops', trafficRedirect: 'linkerd-cni', defaultInboundPolicy: 'all-authenticated' });
    const [ns] = synthObjects(chart);
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations['ml-mesh-platform.io/pod-security-reason']).toBeUndefined();
    expect(ns.metadata.annotations['config.linkerd.io/default-inbound-policy']).toBe('all-authenticated');
  });

  test('production rejects an unauthenticated default inbound policy', () => {
    const { chart } = clusterChart({ production: true });
    expect(() => new MeshedNamespace(chart, 'ns', { name: 'mlops', defaultInboundPolicy: 'all-unauthenticated' }))
      .toThrow('test/ns.defaultInboundPolicy = "all-unauthenticated": must be one of deny, all-authenticated, cluster-authenticated on a production cluster');
  });

  test('non-production may choose all-unauthenticated', () => {
    const { chart } = clusterChart({ production: false });
    new MeshedNamespace(chart, 'ns', { name: 'dev', defaultInboundPolicy: 'all-unauthenticated' });
    expect(synthObjects(chart)[0].metadata.annotations['config.linkerd.io/default-inbound-policy']).toBe('all-unauthenticated');
  });

  test('unknown policy, bad proxy resources and bad names are reported together', () => {
    const { chart } = clusterChart({ production: false });
    expect(() => new MeshedNamespace(chart, 'ns', {
      name: 'ML_Ops',
      defaultInboundPolicy: 'allow' as never,
      proxyResources: { requests: { cpu: '2', memory: '64Mi' }, limits: { cpu: '1', memory: 'lots' } },
    })).toThrow(/name = "ML_Ops": must be an RFC 1123 label[\s\S]*defaultInboundPolicy = "allow": must be one of deny, all-authenticated[\s\S]*proxyResources.limits.memory = "lots"[\s\S]*proxyResources.requests.cpu = "2": must not exceed limits.cpu/);
  });
});
