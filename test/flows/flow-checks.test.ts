import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { clusterTargets } from '../../lib/config/cluster-targets';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { PlatformValidationError } from '../../lib/core/validation';
import { buildClusterApp } from '../../lib/platform/kubernetes/cluster-app';
import { ClusterOutput, KubeObject, renderClusterOutput, writeClusterOutput } from '../../lib/platform/kubernetes/cluster-output';
import { flowsDocument } from '../../lib/platform/kubernetes/flows/flows-document';
import { clusterFlowReport } from '../../lib/platform/kubernetes/flows/cluster-flows';
import { checkClusterOutput } from '../../lib/platform/kubernetes/output-checks';
import { forbiddenFlowsDenied } from '../../lib/platform/kubernetes/output-checks/forbidden-flows';
import { requiredFlowsAllowed } from '../../lib/platform/kubernetes/output-checks/required-flows';
import { lab, qa } from '../support/test-environments';

// The synth-time refusals: a folder whose objects block a required flow, or let a forbidden one through, is not written.
// Each case starts from a real cluster folder (the small GKE-only lab, qa's GKE cluster) and breaks one object.

function render(target: ReturnType<typeof clusterTargets>[number]): ClusterOutput {
  return renderClusterOutput(target, buildClusterApp(target, DeployOutputs.none()));
}
const labOutput = render(clusterTargets(lab)[0]);
const qaGke = render(clusterTargets(qa)[1]);

/** The output with objects removed (by `Kind namespace/name`) or added. */
function edit(output: ClusterOutput, remove: readonly string[], add: readonly KubeObject[] = []): ClusterOutput {
  const ref = (o: KubeObject) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;
  const files = output.files.map((f, i) => ({ ...f, objects: [...f.objects.filter((o) => !remove.includes(ref(o))), ...(i === 0 ? add : [])] }));
  expect(files.flatMap((f) => f.objects).length).toBe(output.files.flatMap((f) => f.objects).length - remove.length + add.length);
  return { ...output, files };
}

function problems(output: ClusterOutput): string {
  try {
    checkClusterOutput(output, [requiredFlowsAllowed, forbiddenFlowsDenied]);
  } catch (e) {
    if (e instanceof PlatformValidationError) return e.message;
    throw e;
  }
  return '';
}

describe('synth refuses a folder that blocks a required flow or allows a forbidden one', () => {
  test('the folders as synthesized pass', () => {
    expect(problems(labOutput)).toBe('');
    expect(problems(qaGke)).toBe('');
  });

  test('a missing DNS policy blocks name resolution: the message names the flow, the layer and the blocking object', () => {
    const message = problems(edit(labOutput, ['NetworkPolicy models/allow-dns']));
    expect(message).toContain('environment lab7, cluster gke-lab');
    expect(message).toContain('flows = "Deployment models/ranker-r1 -> cluster DNS kube-system/kube-dns:53/UDP": is required (name resolution) but blocked at the network layer: '
      + 'egress of Deployment models/ranker-r1: no rule admits cluster DNS kube-system/kube-dns on 53/UDP; isolated by NetworkPolicy models/default-deny');
  });

  test('a missing authorization blocks the namespace\'s callers at the mesh layer', () => {
    const message = problems(edit(labOutput, ['AuthorizationPolicy models/ranker-http-meshed']));
    expect(message).toContain('flows = "any meshed pod of models -> Deployment models/ranker-r1:8080/TCP": is required (namespace models calls models/ranker on http) '
      + 'but blocked at the mesh layer: Server models/ranker-http route ranker-http-default: no AuthorizationPolicy admits models/default (mTLS) (accessPolicy deny)');
  });

  test('the drift gate without its authorization on viz\'s prometheus-admin is refused (review D3)', () => {
    const message = problems(edit(qaGke, ['AuthorizationPolicy linkerd-viz/prometheus-admin-drift-gates']));
    expect(message).toContain('flows = "CronJob scoring/scorer-drift -> linkerd-viz linkerd-viz/prometheus:9090/TCP GET /api/v1/query": is required');
    expect(message).toContain('blocked at the mesh layer: Server linkerd-viz/prometheus-admin: no AuthorizationPolicy admits scoring/scorer-drift (mTLS) (accessPolicy deny)');
  });

  test('a gateway without its entry point authorization is refused (review D10)', () => {
    const message = problems(edit(qaGke, ['AuthorizationPolicy scoring/api-gateway-http-net-internal-clients']));
    expect(message).toMatch(/flows = "internal-clients \(10\.80\.0\.0\/20\) -> Deployment scoring\/api-gateway:8080\/TCP": is required .* blocked at the mesh layer: Server scoring\/api-gateway-http/);
  });

  test('unmeshed pods admitted to a whole model server port by pod network are refused (review D11)', () => {
    const wide = [
      { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication', metadata: { name: 'pods', namespace: 'models' }, spec: { networks: [{ cidr: '10.6.0.0/16' }] } },
      { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name: 'ranker-http-net-pods', namespace: 'models' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'ranker-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'pods' }] } },
    ];
    const message = problems(edit(labOutput, [], wide));
    expect(message).toContain('flows = "an unmeshed pod of models -> Deployment models/ranker-r1:8080/TCP POST /": must be denied at one layer at least (not required), but every layer lets it through: '
      + 'network: egress: NetworkPolicy models/allow-to-ranker-http-from-ns-models; ingress: NetworkPolicy models/allow-from-ns-models-to-ranker-http; '
      + 'mesh: Server models/ranker-http route ranker-http-default: AuthorizationPolicy models/ranker-http-net-pods');
  });
});

describe('FLOWS.md', () => {
  test('is written beside the manifests, which the checks alone see; a review document is never YAML or JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-doc-'));
    try {
      const doc = flowsDocument(clusterFlowReport(labOutput));
      writeClusterOutput({ ...labOutput, documents: [doc] }, dir, join(dir, 'run-once'));
      expect(readdirSync(dir).sort()).toEqual(['FLOWS.md', ...labOutput.files.map((f) => f.file)].sort());
      expect(readFileSync(join(dir, 'FLOWS.md'), 'utf8')).toBe(doc.text);
      expect(doc.text).toMatch(/^# Flows of lab7 \/ gke-lab\n/);
      expect(doc.text).toContain('| kubelet (10.5.0.0/22) | Deployment models/ranker-r1 | 8080/TCP GET /health/ready | same | ✅ ingress from the local node (kubelet), which Cilium always admits |');
      expect(() => writeClusterOutput({ ...labOutput, documents: [{ file: 'flows.yaml', text: '' }] }, dir, join(dir, 'run-once'))).toThrow('review documents are Markdown (.md), never applied manifests');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
