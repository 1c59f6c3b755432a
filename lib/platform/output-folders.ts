import { existsSync, readdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';

// Synth owns its output folders: what no environment produces any more is removed, so a deleted environment, cluster
// or stack cannot linger in dist/ (which GitOps applies) or cdktf.out/. Only folders synth wrote are touched, each
// recognised by the file synth always writes into it.

/** The file every `dist/<env>/` holds: the environment's Grafana dashboard. */
export const DASHBOARD_FILE = 'grafana-dashboard.json';

/** Removes `<root>/<env>/` for each environment folder synth wrote that is not in `environments`. */
export function removeStaleEnvironments(root: string, environments: readonly string[]): string[] {
  return removeUnlisted(root, environments, DASHBOARD_FILE);
}

/** Removes `<dir>/<stack>/` for each stack folder cdktf wrote (it holds cdk.tf.json) that is not in `stacks`. */
export function removeStaleStacks(dir: string, stacks: readonly string[]): string[] {
  return removeUnlisted(dir, stacks, 'cdk.tf.json');
}

function removeUnlisted(dir: string, keep: readonly string[], marker: string): string[] {
  if (!existsSync(dir)) return [];
  const removed = readdirSync(dir).sort().filter((entry) => !keep.includes(entry) && statSync(join(dir, entry)).isDirectory() && existsSync(join(dir, entry, marker)));
  for (const entry of removed) rmSync(join(dir, entry), { recursive: true, force: true });
  return removed;
}
