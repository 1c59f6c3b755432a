/**
 * Values known only after `terraform apply` (cdktf tokens such as `${TfToken[TOKEN.12]}`) cannot be checked at
 * synth. Rule functions are shared by the Terraform half, the Kubernetes half and the config validation, and
 * only the Terraform half can hold a token, so the rules ask here instead of importing cdktf: a YAML-only
 * consumer never loads cdktf, and nothing there can be a token. The Terraform half registers cdktf's own test
 * when it loads (lib/terraform/tokens.ts).
 */
let isToken: (value: unknown) => boolean = () => false;

/** Installs the token test; called once by the Terraform half. */
export function recognizeUnresolved(test: (value: unknown) => boolean): void {
  isToken = test;
}

/** True when `value` is (or contains) a value resolved only at apply. */
export function isUnresolved(value: unknown): boolean {
  return isToken(value);
}
