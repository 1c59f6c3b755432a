/**
 * The order synthesized output is sorted in: by UTF-16 code units, as `Array.prototype.sort` without a comparator.
 * Not `localeCompare`: it collates in the machine's default locale (ECMA-402: a new `Intl.Collator()`, whose locale
 * comes from LANG/LC_ALL), so the same config gave other files on another machine (Danish sorts `aa` after `z`, Czech
 * puts `ch` after `h`), and collation data changes with the ICU version a Node release ships. Code units change with
 * neither, and need no collator.
 */
export function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
