import { clusterTargets } from '../../lib/config/cluster-targets';
import { PlatformValidationError } from '../../lib/core/validation';
import { ClusterOutput, KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { checkClusterOutput } from '../../lib/platform/kubernetes/output-checks';
import { uniqueObjects } from '../../lib/platform/kubernetes/output-checks/unique-objects';
import { qa } from '../support/test-environments';

const target = clusterTargets(qa)[1];
const server = (namespace: string, name: string): KubeObject => ({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name, namespace } });
const output = (files: Record<string, KubeObject[]>): ClusterOutput => ({ target, files: Object.entries(files).map(([file, objects]) => ({ file, objects })), intents: [] });

function problems(out: ClusterOutput): string {
  try {
    checkClusterOutput(out, [uniqueObjects]);
  } catch (e) {
    if (e instanceof PlatformValidationError) return e.message;
    throw e;
  }
  return '';
}

describe('whole-output checks of a cluster folder', () => {
  test('an object emitted by two charts is refused, naming the environment, the cluster, both files and the object', () => {
    const message = problems(output({ 'serving.yaml': [server('scoring', 'scorer-http')], 'observability.yaml': [server('scoring', 'scorer-http')] }));
    expect(message).toContain(`environment qa, cluster ${target.clusterName}`);
    expect(message).toContain('observability.yaml: Server.policy.linkerd.io scoring/scorer-http');
    expect(message).toMatch(/emitted twice, in serving\.yaml and in observability\.yaml/);
  });

  test('the same name in another namespace, kind or group is another object', () => {
    const route = (group: string): KubeObject => ({ apiVersion: `${group}/v1`, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'a' } });
    expect(problems(output({
      'a.yaml': [server('a', 'x'), route('gateway.networking.k8s.io')],
      'b.yaml': [server('b', 'x'), route('policy.linkerd.io'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'a' } }],
    }))).toBe('');
  });

  test('a duplicate inside one file is refused too', () => {
    expect(problems(output({ 'serving.yaml': [server('a', 'x'), server('a', 'x')] }))).toMatch(/emitted twice, in serving\.yaml and in serving\.yaml/);
  });
});
