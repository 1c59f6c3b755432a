import { parseArgs } from 'util';

/** The flags of `npm run synth` (stacks/synth.ts). */
export interface SynthArgs {
  /** `--outputs <file>`: the file `cdktf output --outputs-file` wrote. */
  readonly outputs?: string;
  /** `--strict`: fail, writing nothing, on any value the outputs file does not have. */
  readonly strict: boolean;
  /** `--outdir <dir>`: write `<dir>/cdktf.out` and `<dir>/dist`. */
  readonly outdir: string;
}

/**
 * Parses the synth flags with Node's util.parseArgs, which refuses an unknown flag, an option without its value, and
 * a flag where a value belongs (`--outputs --strict`), each with a message saying so (code ERR_PARSE_ARGS_*).
 */
export function parseSynthArgs(args: readonly string[]): SynthArgs {
  const { values } = parseArgs({
    args: [...args],
    options: { outputs: { type: 'string' }, strict: { type: 'boolean', default: false }, outdir: { type: 'string', default: '.' } },
  });
  return { outputs: values.outputs, strict: values.strict ?? false, outdir: values.outdir ?? '.' };
}
