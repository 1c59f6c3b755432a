import { Construct } from 'constructs';
import { authorizeInMesh } from '../mesh/mesh-authorization';
import { authorizeInNetwork } from '../network/network-authorization';
import { TrafficIntent } from '../core/workload';
import { TrafficIntents } from './traffic-intents';

/**
 * The one way to open a path between workloads. The same intent produces the Linkerd authorization
 * and the network policy, so the two layers cannot drift apart.
 */
export function allowTraffic(scope: Construct, intent: TrafficIntent): void {
  TrafficIntents.of(scope).record(scope, intent);
  authorizeInMesh(scope, intent);
  authorizeInNetwork(scope, intent);
}
