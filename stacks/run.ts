import { PlatformValidationError } from '../lib/core/validation';

/**
 * Runs an entry point and turns input errors into a clean message and exit code 1: a user with a bad
 * value needs the field and the rule, not a stack trace from inside the synth machinery.
 */
export function runMain(main: () => void): void {
  try {
    main();
  } catch (e) {
    if (e instanceof PlatformValidationError || (e instanceof Error && /^strict mode:|^outputs file /.test(e.message))) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
