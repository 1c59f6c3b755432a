import { IConstruct } from 'constructs';
import { describeSource, TrafficIntent } from '../core/workload';

/** Every allowed path recorded in one cluster app, for checks that span namespaces and for tests. */
export class TrafficIntents {
  private static readonly KEY = Symbol.for('ml-mesh-platform.TrafficIntents');

  public static of(scope: IConstruct): TrafficIntents {
    const root = scope.node.root as unknown as Record<symbol, TrafficIntents | undefined>;
    return (root[TrafficIntents.KEY] ??= new TrafficIntents());
  }

  private readonly intents: TrafficIntent[] = [];

  public record(scope: IConstruct, intent: TrafficIntent): void {
    const port = intent.target.ports.find((p) => p.name === intent.port);
    if (!port) {
      const known = intent.target.ports.map((p) => p.name).join(', ') || 'none';
      throw new Error(`${scope.node.path}: cannot allow ${describeSource(intent.source)} -> ${intent.target.namespace}/${intent.target.name} on port "${intent.port}": the workload has no such port (it has: ${known})`);
    }
    this.intents.push(intent);
  }

  public get all(): readonly TrafficIntent[] {
    return this.intents;
  }
}
