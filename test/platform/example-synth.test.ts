import { join } from 'path';
import { expectValidManifests, loadYamlDir } from '../support/k8s-schema';
import { sharedSynth, stackJson, synthElsewhere } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';

describe('the example platform', () => {
  const first = sharedSynth();

  test('writes one Terraform stack per environment and cloud', () => {
    expect(first.stacks).toEqual(expect.arrayContaining(['dev-azure', 'prod-azure']));
    for (const stack of first.stacks) expect(first.files[`cdktf.out/stacks/${stack}/cdk.tf.json`]).toBeDefined();
  });

  test('writes Kubernetes YAML per environment and cluster', () => {
    const yamlFiles = Object.keys(first.files).filter((f) => f.startsWith('dist/') && f.endsWith('.yaml'));
    expect(yamlFiles).toEqual(expect.arrayContaining(['dist/dev/aks-mlmesh-dev/serving.yaml', 'dist/prod/aks-mlmesh-prod/serving.yaml']));
  });

  test('every synthesized Kubernetes object validates against its schema', () => {
    const objects = loadYamlDir(join(first.dir, 'dist'));
    expect(objects.length).toBeGreaterThan(200);
    // Azure ML's InstanceType has no published CRD or schema (docs/azure-ml.md); its shape is asserted below.
    expectValidManifests(objects.filter((o) => o.kind !== 'InstanceType'));
  });

  test('Azure ML InstanceTypes carry the fields the extension reads, and nothing else', () => {
    const types = loadYamlDir(join(first.dir, 'dist', 'prod', 'aks-mlmesh-prod')).filter((o: any) => o.kind === 'InstanceType') as any[];
    expect(types.map((t) => t.metadata.name).sort()).toEqual(['defaultinstancetype', 'gpu-a100']);
    for (const type of types) {
      expect(type.apiVersion).toBe('amlarc.azureml.com/v1alpha1');
      expect(Object.keys(type).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      expect(Object.keys(type.spec).sort()).toEqual(['nodeSelector', 'resources']);
      expect(Object.keys(type.spec.resources).sort()).toEqual(['limits', 'requests']);
    }
    const gpu = types.find((t) => t.metadata.name === 'gpu-a100');
    expect(gpu.spec.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(gpu.spec.nodeSelector).toMatchObject({ 'ml-mesh.io/pool': 'amlgpu' });
  });

  test('synth is deterministic and independent of where it runs: a second run from another working directory, locale and time zone gives byte-identical files', () => {
    const second = synthElsewhere();
    expect(second.cwd).not.toBe(process.cwd());
    expect(second.dir).not.toBe(first.dir);
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const [path, content] of Object.entries(first.files)) expect({ path, content: second.files[path] }).toEqual({ path, content });
  });

  test('stacks without a remote backend keep local state next to the output folder, by a relative path', () => {
    const local = allEnvironments.flatMap((env) => [
      ...(env.azure && !env.azure.stateBackend ? [`${env.name}-azure`] : []),
      ...(env.gcp && !env.gcp.stateBackend ? [`${env.name}-gcp`] : []),
    ]);
    expect(local.length).toBeGreaterThan(1);
    for (const stack of first.stacks) {
      const backend = stackJson(first, stack).terraform.backend;
      if (local.includes(stack)) expect({ stack, backend }).toEqual({ stack, backend: { local: { path: `../../../terraform.${stack}.tfstate` } } });
      else expect({ stack, backends: Object.keys(backend) }).toEqual({ stack, backends: [expect.stringMatching(/^(azurerm|gcs)$/)] });
    }
  });

  test('prod AKS runs Azure CNI overlay powered by Cilium with OIDC and workload identity', () => {
    const clusters = Object.values(stackJson(first, 'prod-azure').resource.azurerm_kubernetes_cluster) as any[];
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      network_profile: { network_plugin: 'azure', network_plugin_mode: 'overlay', network_data_plane: 'cilium', network_policy: 'cilium' },
    });
  });
});
