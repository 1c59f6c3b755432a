import { AksTaint } from './aks-types';

/**
 * Taint put on a pool marked `retiring` during a blue/green rotation: no new pods are scheduled there,
 * while running pods stay until `kubectl drain` evicts them under their PodDisruptionBudgets.
 * docs/aks.md "Rotating a node pool safely" has the whole procedure.
 */
export const AKS_RETIRING_TAINT: AksTaint = { key: 'ml-mesh.io/retiring', value: 'true', effect: 'NoSchedule' };

/**
 * Name AKS uses while it cycles a pool whose rotation-only fields changed (vm_size, zones, max_pods, ...).
 * Pool names are at most 12 characters, so the name keeps the first 9 and adds `tmp`.
 */
export function temporaryPoolName(poolName: string): string {
  return `${poolName.slice(0, 9)}tmp`;
}
