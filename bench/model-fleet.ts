// Synthesizes one cluster's serving chart with N model servers (N from argv), each with its traffic policy, and
// writes it as the platform's synth writes a cluster folder (cdk8s renders and validates the chart; manifest-yaml.ts
// lays out the YAML): the benchmark's load.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'cdk8s';
import { manifestYaml } from '../lib/platform/kubernetes/manifest-yaml';
import type { KubeObject } from '../lib/platform/kubernetes/cluster-output';
import { ClusterContext, PlatformChart } from '../lib/k8s/core/cluster-context';
import { MeshedNamespace } from '../lib/k8s/mesh/meshed-namespace';
import { NamespaceNetworkPolicies } from '../lib/k8s/network/namespace-network-policies';
import { ModelServer } from '../lib/k8s/serving/model-server';

const models = Number(process.argv[2] ?? '1');
const outdir = mkdtempSync(join(tmpdir(), 'ml-mesh-bench-'));
const app = new App({ outdir });
ClusterContext.attach(app, { environment: 'bench', clusterName: 'aks-bench', cloud: 'azure', dataplane: 'aks-cilium', production: true });
const chart = new PlatformChart(app, 'serving');
const namespace = new MeshedNamespace(chart, 'namespace', { name: 'mlops' });
new NamespaceNetworkPolicies(chart, 'network', { namespace: namespace.name, meshed: true });
for (let i = 0; i < models; i++) {
  // Each model also gets its mesh authorization and network policy: every workload of the namespace may call it.
  const server = new ModelServer(chart, `model-${i}`, {
    name: `model-${i}`,
    namespace: namespace.name,
    versions: [{ name: 'v1', image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2', modelPath: `/var/cache/model/model-${i}` }],
  });
  server.allowFromNamespace(namespace.name, 'http');
}
for (const c of app.charts) writeFileSync(join(outdir, `${c.node.id}.yaml`), manifestYaml(c.toJson() as KubeObject[]));
rmSync(outdir, { recursive: true, force: true });
