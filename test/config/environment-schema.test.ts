import { execFileSync } from 'child_process';
import { join } from 'path';
import { environmentIssues } from '../../lib/config/validate-environment';
import { allEnvironments } from '../support/test-environments';

const ROOT = join(__dirname, '..', '..');

describe('the environment JSON Schema', () => {
  test('the committed schema is what the types generate now (`npm run schema`)', () => {
    // --check exits 1 and says what to run when lib/config/environment-config.schema.json is stale.
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-schema.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  test.each(allEnvironments.map((e) => [e.name, e] as const))('accepts the environment %s as it is', (_name, env) => {
    expect(environmentIssues(env).all).toEqual([]);
  });
});
