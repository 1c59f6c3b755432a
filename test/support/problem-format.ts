/** Shared wording of problems: who (object identity) and where (field path). */

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** "Deployment mlops/model-server", "ClusterRole view-models", "Service (unnamed #3)", "object #4". */
export function identify(object: unknown, index: number): string {
  const obj = asRecord(object);
  const kind = typeof obj?.kind === 'string' ? obj.kind : undefined;
  const meta = asRecord(obj?.metadata);
  const name = typeof meta?.name === 'string' ? meta.name : undefined;
  if (kind === undefined) return `object #${index}`;
  if (name === undefined) return `${kind} (unnamed #${index})`;
  return typeof meta?.namespace === 'string' ? `${kind} ${meta.namespace}/${name}` : `${kind} ${name}`;
}

export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A JSON pointer as a kubectl-style path (`spec.containers[0].name`), using the data to tell list indexes from keys. */
export function formatPath(pointer: string, data: unknown): string {
  if (pointer === '') return '(root)';
  let out = '';
  let current: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      out += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment) ? `${out === '' ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`;
      current = asRecord(current)?.[segment];
    }
  }
  return out;
}
