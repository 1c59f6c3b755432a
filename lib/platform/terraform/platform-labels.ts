/**
 * The tags (Azure) and default labels (Google) on everything a stack creates, with the same keys on both clouds so
 * one query finds an environment's resources anywhere. Both clouds accept these keys and values (lowercase letters,
 * digits, `-` and `_`; the environment name is 2-12 lowercase letters or digits).
 */
export function platformLabels(environment: string): Record<string, string> {
  return { environment, 'managed-by': 'ml-mesh-platform' };
}
