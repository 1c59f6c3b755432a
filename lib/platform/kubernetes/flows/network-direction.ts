import { Endpoint, HttpRequest, PodEndpoint, Protocol } from './flow';

/** One direction of one connection, seen from the pod whose policies decide it. */
export interface DirectionQuery {
  /** The pod the policies select. */
  readonly subject: PodEndpoint;
  readonly direction: 'ingress' | 'egress';
  /** The other end. */
  readonly peer: Endpoint;
  /** The destination port on the wire. */
  readonly port: number;
  readonly protocol: Protocol;
  /** The pod that owns the destination port, to resolve named ports. */
  readonly portOwner?: PodEndpoint;
  /** The request, which L7 rules can read only on a plaintext wire. */
  readonly request?: HttpRequest;
  /** Not mTLS between two Linkerd proxies, so an L7 (HTTP) rule can parse it. */
  readonly plaintext: boolean;
}

/** What one kind of policy says about a direction. */
export interface DirectionResult {
  /** Policies that select the subject in this direction, making it default-deny there. */
  readonly isolatedBy: readonly string[];
  /** The first policy whose rule admits the connection. */
  readonly allowedBy?: string;
  /** Why rules that name the peer still do not admit it (an FQDN never resolved, an L7 rule that cannot match). */
  readonly notes: readonly string[];
}

/** Resolves a policy port (number or name) against the destination pod's container ports. */
export function portNumber(port: number | string | undefined, owner: PodEndpoint | undefined): number | undefined {
  if (port === undefined) return undefined;
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return owner?.ports.find((p) => p.name === port)?.port;
}
