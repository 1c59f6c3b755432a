import { sharedSynth, stackJson } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';

// Every stack labels what it creates with the same keys on both clouds, whatever cdktf does to provider map keys.
describe.each(allEnvironments.map((env) => [env.name, env] as const))('labels of environment %s', (name, env) => {
  const example = sharedSynth();
  const expected = { environment: name, 'managed-by': 'ml-mesh-platform' };

  if (env.gcp) {
    test('the Google provider labels everything with the platform labels, keys as written', () => {
      const providers = stackJson(example, `${name}-gcp`).provider.google as { default_labels?: Record<string, string> }[];
      expect(providers.map((p) => p.default_labels)).toEqual([expected]);
    });
  }

  if (env.azure) {
    test('the Azure resource groups carry the same keys as tags', () => {
      const groups = Object.values(stackJson(example, `${name}-azure`).resource.azurerm_resource_group ?? {}) as { tags?: Record<string, string> }[];
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group.tags).toEqual(expected);
    });
  }
});
