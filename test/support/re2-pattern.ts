import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';

/**
 * CRD `pattern`s are Go RE2 syntax (the API server matches them with Go's regexp), and a few do not
 * parse as JavaScript. This rewrites the RE2-only forms met in upstream CRDs:
 * - `\pC` / `\PC` (one-letter Unicode class, Cilium's `^\PC*$`) becomes `\p{C}` / `\P{C}`, which needs `u`;
 * - a leading flag group such as `(?i)` (prometheus-operator's `^(?i)(abort|warn)?$`) becomes a flag;
 * - `(?P<name>` becomes `(?<name>`.
 * Anything else RE2-only fails to compile loudly rather than matching differently.
 * Syntax reference: https://github.com/google/re2/wiki/Syntax
 */
export function re2ToRegExp(pattern: string): RegExp {
  let source = pattern;
  const flags = new Set<string>();
  const leadingFlags = /^(\^?)\(\?([imsU]+)\)/.exec(source);
  if (leadingFlags) {
    for (const f of leadingFlags[2]) {
      if (f === 'U') throw new SyntaxError(`RE2 flag U (ungreedy) has no JavaScript equivalent in /${pattern}/`);
      flags.add(f);
    }
    source = leadingFlags[1] + source.slice(leadingFlags[0].length);
  }
  source = source.replace(/(?<!\\)((?:\\\\)*)\\([pP])([A-Za-z])/g, '$1\\$2{$3}').replace(/\(\?P</g, '(?<');
  // RE2 matches code points, like `u`; but `u` rejects RE2's lenient escapes (`\-` outside a class,
  // `\:`), so fall back to a plain RegExp when the pattern needs no Unicode classes.
  const flagText = [...flags].join('');
  try {
    return new RegExp(source, `${flagText}u`);
  } catch (unicodeError) {
    if (/\\[pP]\{/.test(source)) throw unicodeError;
    return new RegExp(source, flagText);
  }
}

/**
 * The RE2 translation as an ajv regexp engine (ajv option `code.regExp`); ajv's own `u` is implied. `code` is how
 * standalone validator code reaches it (test/support/crd-precompile.ts).
 */
export const re2RegExpEngine: RegExpEngine = Object.assign(
  (pattern: string): RegExpLike => re2ToRegExp(pattern),
  { code: `require(${JSON.stringify(__filename)}).re2ToRegExp` },
);
