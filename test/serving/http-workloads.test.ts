import { ApiGateway } from '../../lib/k8s/serving/api-gateway';
import { FeatureStore } from '../../lib/k8s/serving/feature-store';
import { WORKLOAD_LABEL } from '../../lib/contract/labels';
import { MeshedNamespace } from '../../lib/k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
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

describe.each([
  { cloud: 'azure' as const, context: {}, annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }, kind: 'CiliumNetworkPolicy' },
  { cloud: 'gcp' as const, context: { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const, clusterName: 'gke-test' }, annotations: { 'networking.gke.io/load-balancer-type': 'Internal' }, kind: 'NetworkPolicy' },
])('the API gateway\'s entry point on $cloud (review D10)', ({ context, annotations, kind }) => {
  const { chart } = clusterChart(context);
  new MeshedNamespace(chart, 'ns', { name: 'mlops' });
  new NamespaceNetworkPolicies(chart, 'net', { namespace: 'mlops', meshed: true });
  new ApiGateway(chart, 'gw', { image: 'ghcr.io/ml-mesh-platform/api-gateway:2.0.1', ingress: { clientCidrs: ['10.20.0.0/16'] } });
  const objects = synthObjects(chart);
  expectValidManifests(objects);

  test('an internal load balancer that keeps the caller\'s address and admits only the client ranges', () => {
    const lb = objects.find((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer')!;
    expect(lb.metadata).toMatchObject({ name: 'api-gateway-internal', namespace: 'mlops', annotations });
    expect(lb.spec).toMatchObject({ externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['10.20.0.0/16'], selector: { [WORKLOAD_LABEL]: 'api-gateway' } });
    expect(lb.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('a Server on the gateway\'s port, authorized for the client ranges by address, and the network policy admitting them', () => {
    const server = objects.find((o) => o.kind === 'Server')!;
    expect(server.spec).toMatchObject({ port: 8080, accessPolicy: 'deny' });
    const auth = objects.find((o) => o.kind === 'NetworkAuthentication')!;
    expect(auth.spec.networks).toEqual([{ cidr: '10.20.0.0/16' }]);
    const policy = objects.find((o) => o.kind === 'AuthorizationPolicy')!;
    expect(policy.spec.requiredAuthenticationRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: auth.metadata.name }]);
    const ingress = objects.find((o) => o.kind === kind && o.metadata.name.startsWith('allow-from-internal-clients'))!;
    expect(JSON.stringify(ingress.spec)).toContain('10.20.0.0/16');
    expect(objects.filter((o) => o.kind === kind && o.metadata.name.startsWith('allow-to-'))).toEqual([]);
  });
});

test.each([
  [{ clientCidrs: [] }, 'ingress.clientCidrs = []: must name at least one address range the callers connect from'],
  [{ clientCidrs: ['0.0.0.0/0'] }, 'ingress.clientCidrs[0] = "0.0.0.0/0": must not be 0.0.0.0/0'],
  [{ clientCidrs: ['10.20.0.1/16'] }, 'ingress.clientCidrs[0] = "10.20.0.1/16": must be an IPv4 CIDR block'],
  [{ clientCidrs: ['10.20.0.0/16'], port: 70000 }, 'ingress.port = 70000: must be a TCP port 1-65535'],
])('the gateway\'s entry point %j is refused', (ingress, message) => {
  const { chart } = clusterChart();
  expect(() => new ApiGateway(chart, 'gw', { image: 'a/b:1', ingress })).toThrow(message);
});
