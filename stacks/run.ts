import { PlatformValidationError } from '../lib/core/validation';

/**
 * Runs an entry point and turns input errors into a clean message and exit code 1: a user with a bad
 * value needs the field and the rule, not a stack trace from inside the synth machinery.
 */
export function runMain(main: () => void): void {
  try {
    main();
  } catch (e) {
    // Our own input errors, strict-mode and outputs-file errors, command-line usage errors, and cdk8s/cdktf construct
    // validations (cross-construct checks registered with node.addValidation) all say what is wrong in the message.
    const usage = e instanceof Error && /^ERR_PARSE_ARGS_/.test(String((e as NodeJS.ErrnoException).code));
    if (usage || e instanceof PlatformValidationError || (e instanceof Error && /^strict mode:|^outputs file |^environment |^Validation failed with the following errors/.test(e.message))) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
