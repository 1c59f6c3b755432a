import { Yaml } from 'cdk8s';

/**
 * The YAML text cdk8s writes for a manifest file (`Yaml.save`, `Yaml.stringify(...objects)`), byte for byte, laid out
 * here instead of through the `yaml` library's document model.
 *
 * Why: cdk8s stringifies each object with `YAML.stringify(object, { keepUndefined: true, lineWidth: 0, version: '1.1' })`
 * (cdk8s lib/yaml.js), which builds a node tree per object, tags every scalar and walks the tree again for directives:
 * a third of the YAML app's run time for the example environments, and most of the time per model of a large cluster.
 * Synthesized objects are plain JSON, which yaml 2.9.1 lays out in one block style; for their strings this module
 * follows yaml's rules where they are simple (ASCII text, one line or a literal block). An object holding anything
 * else (null or undefined, a non-JSON value, a string outside those rules) is written by cdk8s' `Yaml.stringify`, whole.
 * test/platform/manifest-yaml.test.ts compares the two on every synthesized file and on corner cases.
 */
export function manifestYaml(objects: readonly unknown[]): string {
  // cdk8s lib/yaml.js: an undefined document is an empty line; documents are joined by `---`.
  return objects.map((object) => (object === undefined ? '\n' : documentYaml(object))).join('---\n');
}

/** Thrown while laying out an object this module leaves to cdk8s; never escapes `documentYaml`. */
class LeftToCdk8s extends Error {}

function documentYaml(object: unknown): string {
  if (!isPlainObject(object) || Object.keys(object).length === 0) return Yaml.stringify(object);
  try {
    return `${blockMap(object, '')}\n`;
  } catch (e) {
    if (e instanceof LeftToCdk8s) return Yaml.stringify(object);
    throw e;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

// yaml stringify/stringifyCollection.js and stringifyPair.js, with its default `indent` of 2 and `indentSeq`: a
// mapping's entries at its indentation, a nested collection on the next lines one step in (a sequence too), empty
// collections in flow style (`{}`, `[]`), a sequence's items after `- ` with their further lines one step in.
const STEP = '  ';

function blockMap(entries: Record<string, unknown>, indent: string): string {
  const inner = indent + STEP;
  let text = '';
  for (const key of Object.keys(entries)) {
    if (text !== '') text += `\n${indent}`;
    text += `${keyText(key)}:`;
    const value = entries[key];
    if (Array.isArray(value)) text += value.length === 0 ? ' []' : `\n${inner}${blockSeq(value, inner)}`;
    else if (isPlainObject(value)) text += Object.keys(value).length === 0 ? ' {}' : `\n${inner}${blockMap(value, inner)}`;
    else text += ` ${scalarText(value, inner)}`;
  }
  return text;
}

function blockSeq(items: readonly unknown[], indent: string): string {
  const inner = indent + STEP;
  let text = '';
  for (const item of items) {
    if (text !== '') text += `\n${indent}`;
    if (Array.isArray(item)) text += item.length === 0 ? '- []' : `- ${blockSeq(item, inner)}`;
    else if (isPlainObject(item)) text += Object.keys(item).length === 0 ? '- {}' : `- ${blockMap(item, inner)}`;
    else text += `- ${scalarText(item, inner)}`;
  }
  return text;
}

/** A scalar whose node is indented at `indent`: where a block scalar's lines start. */
function scalarText(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return value.includes('\n') ? literalBlock(value, indent) : lineText(value);
    case 'number':
      // yaml stringify/stringifyNumber.js: JSON's digits, -0 kept.
      if (!Number.isFinite(value)) throw new LeftToCdk8s();
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw new LeftToCdk8s();
  }
}

/**
 * A key: written as a one-line value is (`implicitKey` changes nothing for one line), except that yaml makes a key over
 * 1024 characters an explicit `? ` key and quotes a root key that starts like a document marker (stringifyPair.js,
 * stringifyString.js `containsDocumentMarker`): those are left to cdk8s.
 */
function keyText(key: string): string {
  if (key.length > 1024 || /^(?:---|\.\.\.)/.test(key)) throw new LeftToCdk8s();
  return lineText(key);
}

/**
 * A one-line string below a document's root (yaml 2.9.1 stringify/stringifyString.js `plainString`, `quotedString`):
 * as it is (plain), unless a plain scalar could not hold it or would read back as another type under cdk8s' YAML 1.1
 * schema; then quoted: in single quotes if it holds double quotes only, else in double quotes, which for printable
 * ASCII are exactly JSON's (`doubleQuotedString`; cdk8s sets `lineWidth` 0, so nothing is folded). Other characters
 * are left to cdk8s.
 */
function lineText(value: string): string {
  if (WORD.test(value)) return value;
  if (!PRINTABLE_ASCII.test(value)) throw new LeftToCdk8s();
  if (!NOT_PLAIN.test(value) && !YAML_1_1_SCALARS.some((scalar) => scalar.test(value))) return value;
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/**
 * Most keys and values: a letter, then letters, digits and `_./-`, and none of the YAML 1.1 boolean or null words or an
 * exponent (`e5`), the only YAML_1_1_SCALARS that start with a letter. Checked first, in one pattern.
 */
const WORD = /^(?!(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[Nn]ull|NULL)$|[eE][-+]?[0-9]+$)[A-Za-z][\w./-]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** yaml 2.9.1 `plainString`: a leading indicator, a lone `-` or `?`, `: `, ` #`, or a trailing space or `:`. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/**
 * The `test` of every default tag of yaml 2.9.1's YAML 1.1 schema but str (schema/yaml-1.1/*.js, schema/common/null.js);
 * yaml writes the string `<<` as it is, under its merge tag (schema/yaml-1.1/merge.js).
 */
const YAML_1_1_SCALARS: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/**
 * A multi-line string (scripts, embedded documents) below a document's root: yaml 2.9.1 prefers a block scalar, literal
 * when no line is folded (`lineWidth` 0), its lines at the node's indentation and blank lines left empty
 * (stringifyString.js `blockString`). Handled here: printable ASCII lines that start with a character and end the
 * string with at most one line break, whose header is then `|-` (strip) or `|` (clip). Leading spaces (an indentation
 * indicator), trailing blank lines (`|+`) and trailing whitespace are left to cdk8s.
 */
function literalBlock(value: string, indent: string): string {
  if (!LITERAL_LINES.test(value)) throw new LeftToCdk8s();
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, (breaks) => breaks + indent)}`;
}

const LITERAL_LINES = /^[\x21-\x7e][\x20-\x7e\n]*[\x21-\x7e]\n?$/;
