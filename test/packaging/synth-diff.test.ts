import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { compareDirs, distEntries, flowRows, kubernetesObjects, summarize, terraformBlocks } from '../../scripts/synth-diff';

describe('npm run diff: comparison', () => {
  const work = mkdtempSync(join(tmpdir(), 'ml-mesh-diff-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), text);
  };

  test('Kubernetes objects are keyed "Kind namespace/name"; key order alone is no change', () => {
    const before = kubernetesObjects('kind: Namespace\nmetadata:\n  name: mlops\n---\nkind: Service\nmetadata:\n  name: a\n  namespace: mlops\nspec: {x: 1, y: 2}\n');
    const after = kubernetesObjects('kind: Namespace\nmetadata:\n  name: mlops\n---\nkind: Service\nmetadata:\n  namespace: mlops\n  name: a\nspec: {y: 2, x: 1}\n');
    expect([...before.keys()]).toEqual(['Namespace mlops', 'Service mlops/a']);
    expect(after).toEqual(before);
  });

  test('Terraform blocks are keyed by address; cdktf metadata is ignored', () => {
    const blocks = terraformBlocks(JSON.stringify({
      '//': { metadata: { version: '0.21.0' } },
      provider: { azurerm: [{ features: [{}] }] },
      resource: { azurerm_kubernetes_cluster: { aks: { name: 'aks-1' } } },
      data: { azurerm_client_config: { current: {} } },
    }));
    expect([...blocks.keys()].sort()).toEqual(['azurerm_kubernetes_cluster.aks', 'data.azurerm_client_config.current', 'provider']);
  });

  test('files and resources added, removed and changed are reported per stack', () => {
    const stack = (resources: Record<string, Record<string, unknown>>) => JSON.stringify({ resource: resources });
    write('before/stacks/dev/cdk.tf.json', stack({ azurerm_resource_group: { rg: { name: 'rg' } }, azurerm_subnet: { nodes: { cidr: '10.0.0.0/22' } } }));
    write('after/stacks/dev/cdk.tf.json', stack({ azurerm_subnet: { nodes: { cidr: '10.0.0.0/21' } }, azurerm_virtual_network: { vnet: {} } }));
    write('before/stacks/old/cdk.tf.json', stack({ azurerm_resource_group: { rg: {} } }));
    write('before/stacks/same/cdk.tf.json', stack({}));
    write('after/stacks/same/cdk.tf.json', stack({}));

    const changes = compareDirs(join(work, 'before'), join(work, 'after'), terraformBlocks);
    expect(changes).toEqual([
      { file: 'stacks/dev/cdk.tf.json', status: 'changed', added: ['azurerm_virtual_network.vnet'], removed: ['azurerm_resource_group.rg'], changed: ['azurerm_subnet.nodes'] },
      { file: 'stacks/old/cdk.tf.json', status: 'removed', added: [], removed: ['azurerm_resource_group.rg'], changed: [] },
    ]);
    expect(summarize('Terraform', changes)).toEqual([
      'Terraform',
      '  changed stacks/dev/cdk.tf.json  (+1 -1 ~1)',
      '      + azurerm_virtual_network.vnet',
      '      - azurerm_resource_group.rg',
      '      ~ azurerm_subnet.nodes',
      '  removed stacks/old/cdk.tf.json  (-1)',
    ]);
  });

  test('in dist/, YAML files are compared by object and other files (a run-once README) as a whole', () => {
    write('dist-before/prod/run-once/aks/README.md', '# Runs\n\nkubectl create -f a.yaml\n');
    write('dist-after/prod/run-once/aks/README.md', '# Runs\n\nkubectl create -f b.yaml\n');
    write('dist-after/prod/run-once/aks/jobset-mlops-b.yaml', 'kind: JobSet\nmetadata:\n  name: b\n  namespace: mlops\n');
    expect(compareDirs(join(work, 'dist-before'), join(work, 'dist-after'), distEntries)).toEqual([
      { file: 'prod/run-once/aks/README.md', status: 'changed', added: [], removed: [], changed: ['prod/run-once/aks/README.md'] },
      { file: 'prod/run-once/aks/jobset-mlops-b.yaml', status: 'added', added: ['JobSet mlops/b'], removed: [], changed: [] },
    ]);
  });

  test('flows are keyed by section, source, destination and port; a changed verdict is a changed flow; YAML and flows are compared apart', () => {
    const doc = (verdict: string) => [
      '# Flows of prod / aks', '', '## Required flows (2)', '', '### Service calls (2)', '',
      '| Source | Destination | Port | Wire | Network | Mesh | Identity | Firewall | Why |', '|---|---|---|---|---|---|---|---|---|',
      `| Deployment mlops/a | Deployment mlops/b | 8080/TCP | 4143 (mTLS, transport header) | ✅ egress: x; ingress: y | ${verdict} | — | — | a calls b |`,
      '| Deployment mlops/c \\| d | Deployment mlops/b | 8443/TCP | same | ✅ z | ✅ w | — | — | c calls b |',
      '', '## Forbidden flows (1), each denied at one layer at least', '', '| Source | Destination | Port | Denied at |', '|---|---|---|---|',
      '| an unmeshed pod of mlops | Deployment mlops/b | 8080/TCP POST / | mesh: Server mlops/b-http |',
    ].join('\n');
    expect([...flowRows(doc('✅ Server mlops/b-http: AuthorizationPolicy mlops/b')).keys()]).toEqual([
      'Service calls: Deployment mlops/a -> Deployment mlops/b 8080/TCP',
      'Service calls: Deployment mlops/c \\| d -> Deployment mlops/b 8443/TCP',
      'Forbidden flows: an unmeshed pod of mlops -> Deployment mlops/b 8080/TCP POST /',
    ]);
    write('flows-before/prod/aks/FLOWS.md', doc('✅ Server mlops/b-http: AuthorizationPolicy mlops/b'));
    write('flows-before/prod/aks/serving.yaml', 'kind: Namespace\nmetadata:\n  name: mlops\n');
    write('flows-after/prod/aks/FLOWS.md', doc('⛔ Server mlops/b-http: no AuthorizationPolicy admits mlops/a'));
    write('flows-after/prod/aks/serving.yaml', 'kind: Namespace\nmetadata:\n  name: mlops\n');
    const flows = compareDirs(join(work, 'flows-before'), join(work, 'flows-after'), flowRows, (f) => f.endsWith('FLOWS.md'));
    expect(flows).toEqual([{ file: 'prod/aks/FLOWS.md', status: 'changed', added: [], removed: [], changed: ['Service calls: Deployment mlops/a -> Deployment mlops/b 8080/TCP'] }]);
    expect(compareDirs(join(work, 'flows-before'), join(work, 'flows-after'), kubernetesObjects, (f) => !f.endsWith('.md'))).toEqual([]);
  });

  test('no change says so', () => {
    expect(summarize('Kubernetes', [])).toEqual(['Kubernetes', '  no changes']);
  });
});
