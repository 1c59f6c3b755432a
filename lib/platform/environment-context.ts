import { PlatformValidationError } from '../core/validation';

/**
 * Builds one part of an environment (its Terraform stacks, one cluster's app) and names the environment and the
 * config section in any input error a construct raises while building. `validateEnvironment` runs the constructs'
 * rule functions on the config first, so this is the net for a rule that only a construct can check: the error then
 * still says which environment and which part of its config, beside the construct path.
 */
export function inEnvironment<T>(environment: string, section: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    // Errors about the environment, or about the outputs file (which names its own path), are already placed.
    if (error instanceof PlatformValidationError && !/^(environment|outputs file)/.test(error.where)) {
      throw new PlatformValidationError(`environment ${environment} (${section}, construct ${error.where})`, error.issues);
    }
    // A plain Error from our own constructs (duplicate ids, unknown ports): same context, same message after it.
    if (error instanceof Error && error.constructor === Error && !error.message.startsWith('environment')) {
      throw new Error(`environment ${environment} (${section}): ${error.message}`, { cause: error });
    }
    throw error;
  }
}
