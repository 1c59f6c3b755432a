import { sharedSynth, stackJson } from '../support/example-synth';

// A resource that names another resource of its stack must do so by reference: a literal name carries no dependency,
// so on a fresh apply Terraform may create the user before the thing it uses (a managed identity before its resource
// group: ResourceGroupNotFound; an IAM grant before its repository: 404). Whole output, every stack of every environment.

/** Attributes that name the resource that carries them (what another resource would refer to it by). */
const NAME_ATTRIBUTES = ['name', 'account_id', 'repository_id', 'workload_identity_pool_id', 'workload_identity_pool_provider_id'];
/** Types whose names nothing references: Helm releases and waits. */
const UNREFERENCED_TYPES = /^(helm_|time_)/;
/**
 * Values that describe rather than refer: label, selector and tag maps (a pool's label value may equal its name), and
 * GCP project IDs (`project`, `project_id`), which name a project no stack creates.
 */
const NOT_A_REFERENCE = /(^|\.)(labels|node_labels|resource_labels|tags|nodeSelector|matchLabels|project|project_id)(\.|\[|$)/;

interface Literal {
  readonly stack: string;
  readonly address: string;
  readonly path: string;
  readonly value: string;
  readonly names: string;
}

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== '//') yield* strings(v, path ? `${path}.${k}` : k);
  }
}

/** Every attribute of every resource and data source of a stack that repeats, as a literal, the name of a resource it creates. */
export function literalNames(stackName: string, stack: any): Literal[] {
  const created = new Map<string, string>();
  for (const [type, byKey] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, any>>)) {
    if (UNREFERENCED_TYPES.test(type)) continue;
    for (const [key, body] of Object.entries(byKey)) {
      for (const attribute of NAME_ATTRIBUTES) {
        const value = body[attribute];
        if (typeof value === 'string' && !value.includes('${')) created.set(value, `${type}.${key}`);
      }
    }
  }
  const found: Literal[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byKey] of Object.entries((stack[kind] ?? {}) as Record<string, Record<string, any>>)) {
      for (const [key, body] of Object.entries(byKey)) {
        const address = kind === 'data' ? `data.${type}.${key}` : `${type}.${key}`;
        for (const [path, value] of strings(body, '')) {
          const owner = created.get(value);
          // A `name` key, at any depth, names its own resource or nested block (a DCR data source, a rule): it declares.
          if (owner === undefined || owner === address || NOT_A_REFERENCE.test(path) || NAME_ATTRIBUTES.includes(path) || /(^|\.)name$/.test(path)) continue;
          found.push({ stack: stackName, address, path, value, names: owner });
        }
      }
    }
  }
  return found;
}

describe('resources reference what their stack creates', () => {
  const synth = sharedSynth();

  test.each(synth.stacks.map((s) => [s]))('%s repeats no created resource\'s name as a literal', (stackName) => {
    expect(literalNames(stackName, stackJson(synth, stackName))).toEqual([]);
  });

  test('the check finds a literal: an identity in the resource group the stack creates, named by string', () => {
    const stack = {
      resource: {
        azurerm_resource_group: { rg: { name: 'rg-scoring-qa', location: 'northeurope' } },
        azurerm_user_assigned_identity: { id: { name: 'id-x', resource_group_name: 'rg-scoring-qa', tags: { owner: 'rg-scoring-qa' } } },
        google_artifact_registry_repository: { repo: { repository_id: 'scorers', project: 'scorers' } },
        google_artifact_registry_repository_iam_member: { writer: { repository: '${google_artifact_registry_repository.repo.repository_id}', project: 'scorers' } },
      },
    };
    expect(literalNames('qa-azure', stack)).toEqual([
      { stack: 'qa-azure', address: 'azurerm_user_assigned_identity.id', path: 'resource_group_name', value: 'rg-scoring-qa', names: 'azurerm_resource_group.rg' },
    ]);
  });
});
