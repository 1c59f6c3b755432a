const compiled = new Map<string, RegExp>();

/** A regular expression by its source, compiled once: policies and routes repeat the same few patterns. */
export function regexpBySource(source: string): RegExp {
  let regexp = compiled.get(source);
  if (!regexp) compiled.set(source, (regexp = new RegExp(source)));
  return regexp;
}
