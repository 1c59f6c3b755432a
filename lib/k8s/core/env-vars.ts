import { Issues } from '../../core/validation';

/** A C identifier: what shells and most runtimes can read as a variable (Kubernetes' own rule was C_IDENTIFIER until 1.30). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks the names of an `env` map (reported at `<field>.<name>`). */
export function envRules(issues: Issues, field: string, env: Readonly<Record<string, string>> | undefined): void {
  for (const name of Object.keys(env ?? {})) {
    issues.check(ENV_NAME.test(name), `${field}.${name}`, name, 'must be a C identifier: letters, digits and "_", not starting with a digit, so every shell and runtime can read it');
  }
}
