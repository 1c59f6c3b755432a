import { resolve } from 'path';
import { EnvironmentConfig } from '../../lib/config/environment';
import { formatIssue, PlatformValidationError } from '../../lib/core/validation';
import { throwSite } from './bad-input-fixtures';

/** A config as JSON or plain JavaScript would hand it over: any shape, any value. */
export type Json = any;

/** A deep copy of `env` with `change` applied, as a JSON or YAML config file would hold it. */
export function edited(env: EnvironmentConfig, change: (config: Json) => void): EnvironmentConfig {
  const copy = JSON.parse(JSON.stringify(env)) as Json;
  change(copy);
  return copy as EnvironmentConfig;
}

/** One bad config: what changed, and the environment, field, value and rule its error must name. */
export interface BadConfig {
  readonly what: string;
  readonly config: () => unknown;
  /** `environment <name>`, or `environments` for checks across environments. */
  readonly where: string;
  /** The field as the user wrote it, relative to `where` (`azure.cluster.network.podCidr`). */
  readonly field: string;
  /** The offending value; left out where the value is the whole (absent) field. */
  readonly value?: unknown;
  /** A fragment of the rule text. */
  readonly rule: string;
  /** The refusal names this problem only (its root cause), nothing else. @default false */
  readonly only?: boolean;
}

const LIB = `${resolve(__dirname, '..', '..', 'lib')}/`;

/**
 * What the refusal says about the row, in one object a failing test prints usefully: the error is a
 * PlatformValidationError thrown from lib/ (never a TypeError, never a dependency's error), names the environment,
 * and holds an issue with exactly the field, the value and the rule, which its message prints.
 */
export function refusalOf(row: BadConfig, validate: (config: unknown) => void): Record<string, unknown> {
  let error: unknown;
  try {
    validate(row.config());
  } catch (e) {
    error = e;
  }
  if (error === undefined) return { what: row.what, accepted: true };
  if (!(error instanceof PlatformValidationError)) return { what: row.what, error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  const issue = error.issues.find((i) => i.field === row.field && i.rule.includes(row.rule) && (!('value' in row) || JSON.stringify(i.value) === JSON.stringify(row.value)));
  return {
    what: row.what,
    thrownInLib: throwSite(error).includes(LIB),
    where: error.where,
    named: issue !== undefined && error.message.includes(formatIssue(error.where, issue)) ? 'field, value and rule' : error.message,
    only: row.only ? error.issues.length === 1 : undefined,
  };
}

/** What `refusalOf` returns for a row that is refused as it should be. */
export function expectedRefusal(row: BadConfig): Record<string, unknown> {
  return { what: row.what, thrownInLib: true, where: row.where, named: 'field, value and rule', only: row.only ? true : undefined };
}
