import { Construct } from 'constructs';
import { TrafficIntent } from '../core/workload';
import { MeshNetworks } from './mesh-networks';
import { MeshServer } from './mesh-server';

/**
 * Creates the Linkerd objects that let `intent.source` reach `intent.target` on `intent.port`: the port's
 * Server (once), and an authorization on it. Meshed sources are authenticated by mTLS identity
 * (MeshTLSAuthentication identityRefs: the workload's ServiceAccount, or a whole Namespace); unmeshed sources
 * have no identity, so they are authenticated by the cluster's pod network (MeshNetworks "pods"), and external
 * clients by their own address ranges.
 */
export function authorizeInMesh(scope: Construct, intent: TrafficIntent): void {
  const server = MeshServer.forPort(scope, intent.target, intent.port);
  if (intent.source.kind === 'unmeshed') {
    server.allowNetwork(MeshNetworks.PODS, intent.source);
  } else if (intent.source.kind === 'external') {
    server.allowCidrs(intent.source.name, intent.source.cidrs);
  } else {
    server.allowMeshed(intent.source);
  }
}
