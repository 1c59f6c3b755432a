import { Construct } from 'constructs';
import { TrafficIntent } from '../core/workload';

/** Creates the Linkerd objects that let `intent.source` reach `intent.target` on `intent.port`. */
export function authorizeInMesh(_scope: Construct, _intent: TrafficIntent): void {
  // Filled in by the mesh authorization work (Server / AuthorizationPolicy / MeshTLSAuthentication).
}
