import { inEnvironment } from '../../lib/platform/environment-context';
import { PlatformValidationError } from '../../lib/core/validation';

// The net under validateEnvironment: an input error a construct raises while the platform builds an environment names
// the environment and the config section, beside the construct path and the construct's own field.

describe('inEnvironment', () => {
  test('a construct input error names the environment, the config section and the construct', () => {
    const error = caught(() => inEnvironment('qa', 'gcp.kubernetes', () => {
      throw new PlatformValidationError('serving/model-server/routes', [{ field: 'backends[0].weight', value: -1, rule: 'must be a whole number from 0 to 1000000' }]);
    }));
    expect(error).toBeInstanceOf(PlatformValidationError);
    expect((error as PlatformValidationError).where).toBe('environment qa (gcp.kubernetes, construct serving/model-server/routes)');
    expect((error as Error).message).toContain('environment qa (gcp.kubernetes, construct serving/model-server/routes).backends[0].weight = -1: must be a whole number from 0 to 1000000');
  });

  test('a plain error from a construct gets the same context and keeps its cause', () => {
    const cause = new Error('MeshNetworks: network "pods" is already defined as 10.0.0.0/8');
    const error = caught(() => inEnvironment('lab7', 'gcp.kubernetes', () => { throw cause; })) as Error;
    expect(error.message).toBe('environment lab7 (gcp.kubernetes): MeshNetworks: network "pods" is already defined as 10.0.0.0/8');
    expect(error.cause).toBe(cause);
  });

  test('an error that already names its environment, and any other error, pass through unchanged', () => {
    const named = new PlatformValidationError('environment dev', [{ field: 'name', value: 'Dev', rule: 'must be lowercase' }]);
    expect(caught(() => inEnvironment('dev', 'azure', () => { throw named; }))).toBe(named);
    const outputsFile = new PlatformValidationError('outputs file out.json', [{ field: 'prod-azure.a_client_id', value: 'x', rule: 'must be a client ID (a GUID)' }]);
    expect(caught(() => inEnvironment('prod', 'azure.kubernetes', () => { throw outputsFile; }))).toBe(outputsFile);
    const typeError = new TypeError('x is undefined');
    expect(caught(() => inEnvironment('dev', 'azure', () => { throw typeError; }))).toBe(typeError);
    expect(inEnvironment('dev', 'azure', () => 42)).toBe(42);
  });
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
