/**
 * One shape for every input error in the library: where it happened, which field, the value and the rule.
 * Config validation and construct validation both report through it, so a user sees the same message
 * whether the bad value came from an environment file or from a construct they built by hand.
 */
export interface ValidationIssue {
  /** Dotted path of the field, relative to `where` (e.g. `cluster.network.podCidr`). */
  readonly field: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** The rule that was broken, in words, with the reason where it helps. */
  readonly rule: string;
}

/** Thrown at synth when input breaks a rule. Carries every problem found, not only the first. */
export class PlatformValidationError extends Error {
  public readonly where: string;
  public readonly issues: readonly ValidationIssue[];

  constructor(where: string, issues: readonly ValidationIssue[]) {
    super(formatIssues(where, issues));
    this.name = 'PlatformValidationError';
    this.where = where;
    this.issues = issues;
  }
}

export function formatIssue(where: string, issue: ValidationIssue): string {
  const field = [where, issue.field].filter((s) => s.length > 0).join('.');
  return `${field} = ${describeValue(issue.value)}: ${issue.rule}`;
}

function formatIssues(where: string, issues: readonly ValidationIssue[]): string {
  const lines = issues.map((i) => `  - ${formatIssue(where, i)}`);
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return `Invalid input in ${where || '(root)'} (${issues.length} ${noun}):\n${lines.join('\n')}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Collects issues under a field prefix. `at('network')` gives a collector whose fields are
 * reported as `network.<field>`, sharing the same list, so nested rule functions compose.
 */
export class Issues {
  private readonly list: ValidationIssue[];
  private readonly prefix: string;

  constructor(prefix = '', list: ValidationIssue[] = []) {
    this.prefix = prefix;
    this.list = list;
  }

  /** A collector for a nested field; its issues land in the same list. */
  public at(field: string | number): Issues {
    const segment = typeof field === 'number' ? `[${field}]` : field;
    const joined = this.prefix === '' ? segment : typeof field === 'number' ? `${this.prefix}${segment}` : `${this.prefix}.${segment}`;
    return new Issues(joined, this.list);
  }

  /** Records an issue for `field` (relative to this collector) when `ok` is false. Returns `ok`. */
  public check(ok: boolean, field: string, value: unknown, rule: string): boolean {
    if (!ok) this.add(field, value, rule);
    return ok;
  }

  public add(field: string, value: unknown, rule: string): void {
    const full = field === '' ? this.prefix : this.prefix === '' ? field : `${this.prefix}.${field}`;
    this.list.push({ field: full, value, rule });
  }

  public get all(): readonly ValidationIssue[] {
    return this.list;
  }

  /** Throws a PlatformValidationError naming `where` when any issue was recorded. */
  public throwIfAny(where: string): void {
    if (this.list.length > 0) throw new PlatformValidationError(where, [...this.list]);
  }
}

/** Runs a rule function against props and throws, naming the construct path, if it finds anything. */
export function validateOrThrow<T>(where: string, props: T, rules: (props: T, issues: Issues) => void): void {
  const issues = new Issues();
  rules(props, issues);
  issues.throwIfAny(where);
}

/**
 * Runs a construct's rule function on the props the platform will derive from config, and reports each issue at
 * the config field the user wrote: `field` maps a props field (`backends[1].weight`) to a config field
 * (`traffic.split.v2`), or to undefined for a props field the config checks elsewhere. The construct runs the same
 * function again at synth, so a rule still lives in one place.
 */
export function rulesAsConfig<T>(rules: (props: T, issues: Issues) => void, props: T, issues: Issues, field: (propsField: string) => string | undefined): void {
  const collected = new Issues();
  rules(props, collected);
  for (const issue of collected.all) {
    const mapped = field(issue.field);
    if (mapped !== undefined) issues.add(mapped, issue.value, issue.rule);
  }
}
