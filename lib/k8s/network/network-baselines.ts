import { IConstruct } from 'constructs';

/** What other network constructs need to know about a namespace that has a baseline. */
export interface NamespaceBaseline {
  readonly namespace: string;
  /** Pods in the namespace run the Linkerd proxy. */
  readonly meshed: boolean;
  /** Construct path of the baseline, for error messages. */
  readonly path: string;
}

/**
 * The namespaces of one cluster app that have a `NamespaceNetworkPolicies` baseline (default deny, DNS,
 * mesh ports). Traffic paths read it at synth time, so baselines and paths may be created in any order.
 */
export class NetworkBaselines {
  private static readonly KEY = Symbol.for('ml-mesh-platform.NetworkBaselines');

  public static of(scope: IConstruct): NetworkBaselines {
    const root = scope.node.root as unknown as Record<symbol, NetworkBaselines | undefined>;
    return (root[NetworkBaselines.KEY] ??= new NetworkBaselines());
  }

  private readonly byNamespace = new Map<string, NamespaceBaseline>();

  public register(baseline: NamespaceBaseline): void {
    const existing = this.byNamespace.get(baseline.namespace);
    if (existing) {
      throw new Error(`${baseline.path}: namespace "${baseline.namespace}" already has network policies from ${existing.path}; create one NamespaceNetworkPolicies per namespace`);
    }
    this.byNamespace.set(baseline.namespace, baseline);
  }

  public find(namespace: string): NamespaceBaseline | undefined {
    return this.byNamespace.get(namespace);
  }
}
