// Reading a synthesized stack (cdk.tf.json) in whole-output suites: resources by type, addresses, attribute paths.

/** A resource of a stack with its address (`type.key`). */
export interface StackResource {
  readonly type: string;
  readonly key: string;
  readonly address: string;
  readonly body: Record<string, any>;
}

/** Every resource of a stack, or those of one type. */
export function resources(stack: any, type?: string): StackResource[] {
  const all = Object.entries((stack.resource ?? {}) as Record<string, Record<string, any>>)
    .flatMap(([t, byKey]) => Object.entries(byKey).map(([key, body]) => ({ type: t, key, address: `${t}.${key}`, body })));
  return type === undefined ? all : all.filter((r) => r.type === type);
}

/** The one resource of a type whose attribute `name` is `name`. */
export function named(stack: any, type: string, name: string): StackResource {
  const found = resources(stack, type).filter((r) => r.body.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The value at a dotted path through nested blocks; a block list is read at its first element. */
export function attribute(body: unknown, path: string): unknown {
  let value: any = body;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) value = value[0];
    if (value === null || typeof value !== 'object') return undefined;
    value = value[part];
  }
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'object' ? value[0] : value;
}

/** The addresses a resource's `depends_on` names. */
export function dependsOn(resource: StackResource): string[] {
  return (resource.body.depends_on ?? []) as string[];
}

/** The node pool resource of a pool name, on either cloud. */
export function poolAddress(stack: any, pool: string): string {
  const found = [...resources(stack, 'azurerm_kubernetes_cluster_node_pool'), ...resources(stack, 'google_container_node_pool')].filter((r) => r.body.name === pool);
  if (found.length !== 1) throw new Error(`expected one node pool named ${pool}, found ${found.length}`);
  return found[0].address;
}
