import { createHash } from 'node:crypto';

const MAX = 63;

/**
 * A policy name from its parts. Names are kept within 63 characters so they stay readable and usable as
 * label values; a longer name is cut and ends in a hash of the full name, so it stays unique and stable.
 */
export function policyName(...parts: string[]): string {
  const full = parts.filter((p) => p.length > 0).join('-');
  if (full.length <= MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
