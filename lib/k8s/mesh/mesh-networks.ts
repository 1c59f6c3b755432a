import { isIP } from 'net';
import { IConstruct } from 'constructs';

/** IPv4 or IPv6 CIDR notation, as NetworkAuthentication `networks[].cidr` takes it. */
export function isCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  const family = isIP(address ?? '');
  if (rest.length > 0 || family === 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Named client networks of one cluster app, for Linkerd NetworkAuthentication: clients that are not meshed
 * cannot present an identity, so Linkerd can only authorize them by source address.
 * `pods` is the cluster's pod CIDRs; unmeshed traffic intents authenticate against it (the network policy
 * layer narrows the same intent to the client's pod selector).
 */
export class MeshNetworks {
  private static readonly KEY = Symbol.for('ml-mesh-platform.MeshNetworks');
  /** The name under which unmeshed traffic intents look up the pod CIDRs. */
  public static readonly PODS = 'pods';

  public static of(scope: IConstruct): MeshNetworks {
    const root = scope.node.root as unknown as Record<symbol, MeshNetworks | undefined>;
    return (root[MeshNetworks.KEY] ??= new MeshNetworks());
  }

  private readonly networks = new Map<string, readonly string[]>();

  /** Names a set of CIDRs; each must be IPv4 or IPv6 CIDR notation. Redefining a name is an error. */
  public define(name: string, cidrs: readonly string[]): void {
    if (this.networks.has(name)) throw new Error(`MeshNetworks: network "${name}" is already defined as ${this.networks.get(name)?.join(', ')}`);
    const bad = cidrs.filter((c) => !isCidr(c));
    if (cidrs.length === 0 || bad.length > 0) {
      throw new Error(`MeshNetworks.define("${name}"): cidrs = ${JSON.stringify(cidrs)}: must be a non-empty list of CIDRs such as "10.244.0.0/16" or "fd00::/8"`);
    }
    this.networks.set(name, [...cidrs]);
  }

  /** The CIDRs of a named network; throws with the known names when it was never defined. */
  public get(name: string, usedBy: string): readonly string[] {
    const cidrs = this.networks.get(name);
    if (!cidrs) {
      const known = [...this.networks.keys()].join(', ') || 'none';
      throw new Error(`${usedBy}: network "${name}" is not defined (defined: ${known}); call MeshNetworks.of(app).define("${name}", [...cidrs]) first`);
    }
    return cidrs;
  }
}
