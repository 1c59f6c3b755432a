import { EnvironmentConfig } from '../../lib/config/environment';
import { validateEnvironment } from '../../lib/config/validate-environment';
import { PlatformValidationError } from '../../lib/core/validation';
import { allEnvironments } from '../support/test-environments';

// Property-style: every field of every valid environment (the examples and the test environments) dropped, and set to
// null, one at a time. Whatever the shape, validation answers with a PlatformValidationError naming the environment
// and the field, never a TypeError from inside a rule.

type Segment = string | number;

/** Every path to a property or list element of a plain-data config, parents before children. */
function paths(value: unknown, prefix: Segment[] = []): Segment[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
  }
  return [];
}

/** The field as issues name it: `azure.cluster.userPools[0].name`. */
function fieldOf(path: readonly Segment[]): string {
  return path.reduce<string>((field, s) => (typeof s === 'number' ? `${field}[${s}]` : field === '' ? s : `${field}.${s}`), '');
}

function mutated(env: EnvironmentConfig, path: readonly Segment[], change: 'drop' | 'null'): unknown {
  const copy = JSON.parse(JSON.stringify(env)) as Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, s) => node[s] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1];
  if (change === 'null') parent[last] = null;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

interface Outcome {
  readonly case: string;
  readonly problem: string;
}

/** Runs validation on one mutated config and says what is wrong with the answer, if anything. */
function check(env: EnvironmentConfig, path: readonly Segment[], change: 'drop' | 'null'): Outcome | undefined {
  const config = mutated(env, path, change) as EnvironmentConfig;
  const field = fieldOf(path);
  const label = `${env.name}: ${change} ${field}`;
  let error: unknown;
  try {
    validateEnvironment(config);
  } catch (e) {
    error = e;
  }
  if (error === undefined) {
    // Dropping an optional field may leave a valid config; null never is one.
    return change === 'null' ? { case: label, problem: 'accepted null' } : undefined;
  }
  if (!(error instanceof PlatformValidationError)) return { case: label, problem: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  const where = field === 'name' ? 'environment (unnamed)' : `environment ${env.name}`;
  if (error.where !== where) return { case: label, problem: `names "${error.where}", not "${where}"` };
  if (change === 'null') {
    // A null is reported at its own field (or, inside a union, at a field of it), with the value null.
    const named = error.issues.some((i) => (i.field === field || i.field.startsWith(`${field}.`)) && i.value === null);
    return named ? undefined : { case: label, problem: `does not name ${field} = null: ${error.message}` };
  }
  return error.issues.every((i) => i.rule.length > 0 && i.field.length > 0) ? undefined : { case: label, problem: error.message };
}

describe('every field of every valid environment, dropped or set to null', () => {
  const cases = allEnvironments.flatMap((env) => paths(env).flatMap((path) => [{ env, path, change: 'drop' as const }, { env, path, change: 'null' as const }]));

  test('covers the examples and the test environments, field by field', () => {
    expect(new Set(cases.map((c) => c.env.name))).toEqual(new Set(allEnvironments.map((e) => e.name)));
    expect(cases.length).toBeGreaterThan(1000);
  });

  test('gives a clean PlatformValidationError naming environment and field, never a TypeError', () => {
    const problems = cases.map((c) => check(c.env, c.path, c.change)).filter((o): o is Outcome => o !== undefined);
    expect(problems).toEqual([]);
  });

  test('a dropped required field is reported as required, at its path', () => {
    const required = [['azure', 'cluster', 'network'], ['azure', 'kubernetes'], ['gcp', 'cluster', 'nodePools'], ['azure', 'location'], ['gcp', 'project']];
    const prod = allEnvironments.find((e) => e.azure && e.gcp)!;
    for (const path of required) {
      let error: unknown;
      try {
        validateEnvironment(mutated(prod, path, 'drop') as EnvironmentConfig);
      } catch (e) {
        error = e;
      }
      expect((error as PlatformValidationError).issues).toEqual([{ field: fieldOf(path), value: undefined, rule: 'is required' }]);
    }
  });
});
