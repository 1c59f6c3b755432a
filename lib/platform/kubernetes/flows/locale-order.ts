/**
 * The order `a.localeCompare(b)` gives, with the collator made once: ECMA-402 defines `localeCompare` as a comparison
 * by a new `Intl.Collator(locales, options)`, so the default collator sorts the same, without building one per call.
 */
const collator = new Intl.Collator();

export function localeOrder(a: string, b: string): number {
  return collator.compare(a, b);
}
