/**
 * The order synthesized output is sorted in: English collation, fixed. `a.localeCompare(b)` collates in the machine's
 * default locale (ECMA-402: a new `Intl.Collator()`, whose locale comes from LANG/LC_ALL), so the same config gave
 * other files on another machine: Danish sorts `aa` after `z`, Czech puts `ch` after `h`. On an English machine the
 * two orders are the same, so output written there does not change.
 */
const collator = new Intl.Collator('en');

export function textOrder(a: string, b: string): number {
  return collator.compare(a, b);
}
