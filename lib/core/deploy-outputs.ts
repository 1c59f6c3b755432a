import { readFileSync } from 'fs';
import { PlatformValidationError } from './validation';
import { textOrder } from './text-order';

/** A value the Kubernetes synth needed but the outputs file did not have. */
export interface Placeholder {
  /** Stack that produces the value, for example prod-azure. */
  readonly stack: string;
  /** Terraform output name. */
  readonly output: string;
  /** What the value is, for the synth summary. */
  readonly description: string;
  /** The text written in its place. */
  readonly text: string;
}

/**
 * Values that exist only after `terraform apply` (a managed identity's client ID, a project number),
 * read from the JSON that `cdktf output --outputs-file` writes. A missing value becomes a clearly named
 * placeholder so review synth still works; `strict` turns any placeholder into an error (for deploys).
 */
export class DeployOutputs {
  /** No outputs file: every value is a placeholder. */
  public static none(): DeployOutputs {
    return new DeployOutputs({}, false, '(none)');
  }

  /** Reads an outputs file as written by `cdktf output --outputs-file <file>`. */
  public static fromFile(path: string, strict = false): DeployOutputs {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`outputs file ${path}: cannot read it as JSON (${(e as Error).message})`, { cause: e });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`outputs file ${path}: expected an object keyed by stack name`);
    }
    return new DeployOutputs(parsed as Record<string, unknown>, strict, path);
  }

  public static fromObject(outputs: Record<string, unknown>, strict = false): DeployOutputs {
    return new DeployOutputs(outputs, strict, '(object)');
  }

  public readonly strict: boolean;
  private readonly byStack: Record<string, unknown>;
  private readonly source: string;
  private readonly missing = new Map<string, Placeholder>();

  private constructor(byStack: Record<string, unknown>, strict: boolean, source: string) {
    this.byStack = byStack;
    this.strict = strict;
    this.source = source;
  }

  /**
   * The output's value, or a placeholder recorded for the summary. A value that is not what its output holds (by the
   * output's name, OUTPUT_KINDS) is refused: it is pasted into manifests and the commands they run.
   */
  public get(stack: string, output: string, description: string): string {
    const found = findOutput(this.byStack[stack], output);
    if (found !== undefined) {
      const rule = outputValueProblem(output, found);
      if (rule !== undefined) throw new PlatformValidationError(`outputs file ${this.source}`, [{ field: `${stack}.${output}`, value: found, rule: `${rule}; this output is the ${description}` }]);
      return found;
    }
    const text = `PLACEHOLDER(${stack}.${output})`;
    this.missing.set(`${stack}.${output}`, { stack, output, description, text });
    return text;
  }

  /** Every placeholder written so far, sorted for a stable summary. */
  public get placeholders(): readonly Placeholder[] {
    return [...this.missing.values()].sort((a, b) => textOrder(a.text, b.text));
  }

  /** In strict mode, fails listing every value that was not in the outputs file. */
  public assertComplete(): void {
    if (!this.strict || this.missing.size === 0) return;
    const lines = this.placeholders.map((p) => `  - ${p.stack}.${p.output}: ${p.description}`);
    throw new Error(`strict mode: ${this.missing.size} value(s) missing from the outputs file; run \`cdktf output --outputs-file\` after apply:\n${lines.join('\n')}`);
  }
}

/**
 * What an output holds, by the end of its name; the names in lib/contract/output-names.ts follow this (a test checks
 * it). Values are Terraform outputs of resources the platform created: a client ID is a GUID, a project number is
 * digits, an App ID URI is `api://<client id>`.
 */
export const OUTPUT_KINDS: readonly { readonly suffix: string; readonly pattern: RegExp; readonly rule: string }[] = [
  { suffix: 'client_id', pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, rule: 'must be a client ID (a GUID)' },
  { suffix: 'project_number', pattern: /^[1-9][0-9]{5,18}$/, rule: 'must be a Google project number (digits)' },
  { suffix: 'app_id_uri', pattern: /^api:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, rule: 'must be an App ID URI, api://<client id>' },
];

/** Any other output: one line of plain text, nothing a shell or YAML would act on. */
const PLAIN_TEXT = /^[A-Za-z0-9._:/@+=,%-]+$/;

/** Why `value` cannot be the value of `output`, or undefined when it can. */
export function outputValueProblem(output: string, value: string): string | undefined {
  const kind = OUTPUT_KINDS.find((k) => output.endsWith(k.suffix));
  if (kind) return kind.pattern.test(value) ? undefined : kind.rule;
  return PLAIN_TEXT.test(value) ? undefined : 'must be one line of plain text (letters, digits and . _ : / @ + = , % -): no whitespace, quote or character a shell acts on';
}

/**
 * cdktf writes outputs nested by construct path under each stack; the Terraform output name is the
 * leaf key. Look the name up at the top level first, then anywhere below.
 */
function findOutput(tree: unknown, name: string): string | undefined {
  if (typeof tree !== 'object' || tree === null) return undefined;
  const record = tree as Record<string, unknown>;
  const direct = record[name];
  if (typeof direct === 'string' || typeof direct === 'number') return String(direct);
  for (const key of Object.keys(record).sort()) {
    const nested = findOutput(record[key], name);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
