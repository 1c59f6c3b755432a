import { PlatformValidationError } from '../../lib/core/validation';

/** The message of the PlatformValidationError that `fn` throws; any other outcome fails the test. */
export function validationMessageOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlatformValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a PlatformValidationError');
}
