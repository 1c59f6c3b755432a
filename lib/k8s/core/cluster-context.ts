import { App, Chart, ChartProps } from 'cdk8s';
import { Dataplane } from '../../contract/dataplane';
import { Construct, IConstruct } from 'constructs';
import { DeployOutputs } from '../../core/deploy-outputs';


/** What the Kubernetes constructs may know about the cluster they are synthesized for. */
export interface ClusterContextProps {
  /** Environment name, for example prod. */
  readonly environment: string;
  /** Cluster name as in the environment config. */
  readonly clusterName: string;
  readonly cloud: 'azure' | 'gcp';
  readonly dataplane: Dataplane;
  /** Production clusters get stricter defaults (deny-by-default mesh, HA). */
  readonly production: boolean;
  /**
   * AKS Advanced Container Networking Services security (FQDN and L7 Cilium policy).
   * @default false
   */
  readonly acnsSecurity?: boolean;
  /**
   * Values known only after `terraform apply`.
   * @default no outputs: every such value becomes a named placeholder
   */
  readonly outputs?: DeployOutputs;
}

/**
 * The root of one cluster's Kubernetes synth: a cdk8s App whose charts all read this context.
 * Constructs find it with `ClusterContext.of(this)`, the way aws-cdk constructs find their Stack.
 */
export class ClusterContext {
  private static readonly KEY = Symbol.for('ml-mesh-platform.ClusterContext');

  public static of(scope: IConstruct): ClusterContext {
    const root = scope.node.root as unknown as Record<symbol, ClusterContext | undefined>;
    const context = root[ClusterContext.KEY];
    if (!context) {
      throw new Error(`${scope.node.path}: no ClusterContext on this app. Create the app with ClusterContext.attach(app, {...}) first.`);
    }
    return context;
  }

  /** Attaches a context to an app; every construct under it can then read it. */
  public static attach(app: App, props: ClusterContextProps): ClusterContext {
    const context = new ClusterContext(props);
    (app as unknown as Record<symbol, ClusterContext>)[ClusterContext.KEY] = context;
    return context;
  }

  public readonly environment: string;
  public readonly clusterName: string;
  public readonly cloud: 'azure' | 'gcp';
  public readonly dataplane: Dataplane;
  public readonly production: boolean;
  public readonly acnsSecurity: boolean;
  public readonly outputs: DeployOutputs;

  private constructor(props: ClusterContextProps) {
    this.environment = props.environment;
    this.clusterName = props.clusterName;
    this.cloud = props.cloud;
    this.dataplane = props.dataplane;
    this.production = props.production;
    this.acnsSecurity = props.acnsSecurity ?? false;
    this.outputs = props.outputs ?? DeployOutputs.none();
  }
}

/** A chart in a cluster app; a thin alias so charts read as part of the platform. */
export class PlatformChart extends Chart {
  public readonly cluster: ClusterContext;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.cluster = ClusterContext.of(this);
  }
}
