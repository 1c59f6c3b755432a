import { IConstruct } from 'constructs';

/** What decides the traffic weights of a Service: a fixed split in code, or a progressive-delivery controller. */
export type TrafficControllerKind = 'static-split' | 'canary';

/**
 * One owner per Service for traffic weights. Two owners (say a static 90/10 HTTPRoute and a Flagger canary
 * that rewrites weights) would fight over the same route, and the last writer would win at random.
 * `serviceKey` is `<namespace>/<service>`.
 */
export class TrafficControllers {
  private static readonly KEY = Symbol.for('ml-mesh-platform.TrafficControllers');

  public static of(scope: IConstruct): TrafficControllers {
    const root = scope.node.root as unknown as Record<symbol, TrafficControllers | undefined>;
    return (root[TrafficControllers.KEY] ??= new TrafficControllers());
  }

  private readonly owners = new Map<string, { readonly kind: TrafficControllerKind; readonly path: string }>();

  /** Records `path` as the controller of `serviceKey`; throws, naming both, if another construct already is. */
  public claim(serviceKey: string, kind: TrafficControllerKind, path: string): void {
    const owner = this.owners.get(serviceKey);
    if (owner) {
      throw new Error(`${path}: Service ${serviceKey} already has its traffic driven by ${owner.kind} ${owner.path}; a Service takes one traffic controller (${kind} requested)`);
    }
    this.owners.set(serviceKey, { kind, path });
  }

  /** The controller of a Service, if any. */
  public ownerOf(serviceKey: string): { readonly kind: TrafficControllerKind; readonly path: string } | undefined {
    return this.owners.get(serviceKey);
  }
}
