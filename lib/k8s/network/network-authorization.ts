import { Construct } from 'constructs';
import { TrafficIntent } from '../core/workload';

/** Creates the network-policy rules that let `intent.source` reach `intent.target` on `intent.port`. */
export function authorizeInNetwork(_scope: Construct, _intent: TrafficIntent): void {
  // Filled in by the network policy work (CiliumNetworkPolicy / NetworkPolicy per dataplane).
}
