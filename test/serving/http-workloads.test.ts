import { ApiGateway } from '../../lib/k8s/serving/api-gateway';
import { FeatureStore } from '../../lib/k8s/serving/feature-store';
import { WORKLOAD_LABEL } from '../../lib/contract/labels';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { expectValidManifests } from '../support/k8s-schema';

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each([
  ['feature-store', (c: any) => new FeatureStore(c, 'fs', { image: 'ghcr.io/ml-mesh-platform/feature-store:0.9.1' }), 8081],
  ['api-gateway', (c: any) => new ApiGateway(c, 'gw', { image: 'ghcr.io/ml-mesh-platform/api-gateway:2.0.1', replicas: 3 }), 8080],
])('%s', (name, make, port) => {
  const { chart } = clusterChart();
  const workload = make(chart);
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const service = objects.find((o) => o.kind === 'Service')!;

  test('named as in the reference, in mlops, selected by the stable workload label', () => {
    expect([workload.name, workload.namespace, deployment.metadata.name, service.metadata.name]).toEqual([name, 'mlops', name, name]);
    expect(workload.selector).toEqual({ [WORKLOAD_LABEL]: name });
  });

  test('the Service selects the pods and targets the named container port', () => {
    expect(matches(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(service.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }]);
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
  });

  test('hardened like the model server', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBeLessThan(pod.terminationGracePeriodSeconds);
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget')!;
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });
});

test('validation names field, value and rule', () => {
  const { chart } = clusterChart();
  expect(() => new FeatureStore(chart, 'fs', { image: 'feature-store', replicas: 0 })).toThrow(
    'Invalid input in test/fs (2 problems):\n  - test/fs.image = "feature-store": must carry a pinned tag (not latest) or a sha256 digest, so a rollout is reproducible\n  - test/fs.replicas = 0: must be a whole number >= 1');
  expect(() => new ApiGateway(chart, 'gw', { image: 'a/b:1', minAvailable: 5 })).toThrow('test/gw.minAvailable = 5: must be a whole number >= 1 and below replicas (2)');
});
