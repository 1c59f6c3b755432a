import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { azureMlComputeNamespaces, ClusterInstallPlan, clusterInstallPlan, injectorSkippedNamespaces, PlannedRelease, ReleaseId } from '../../config/cluster-install-plan';
import { ClusterTarget } from '../../config/cluster-targets';
import { linkerdPkiObjects } from '../../contract/linkerd-pki';
import { Manifest } from '../../contract/manifest';
import { LINKERD_NAMESPACE } from '../../contract/linkerd';
import { certManagerValues, trustManagerValues } from '../../terraform/addons/cert-manager';
import { flaggerLoadtesterValues, flaggerValues } from '../../terraform/addons/flagger';
import { GatewayApiCrdsRendering } from '../../terraform/addons/gateway-api-crds-rendering';
import { linkerdControlPlaneValues, linkerdCrdsValues, linkerdVizValues } from '../../terraform/addons/linkerd-control-plane';
import { ManifestsChart } from '../../terraform/addons/manifests-chart';
import { nvidiaDevicePluginValues } from '../../terraform/addons/nvidia-device-plugin';
import { resolveAksPool } from '../../terraform/azure/aks-pool-defaults';
import { HelmProvider, Release } from '../../terraform/internal/helm';
import { TimeProvider, TimeSleep } from '../../terraform/internal/time';

/**
 * A Namespace the release creates stays when the release is uninstalled (`helm.sh/resource-policy: keep`): the linkerd
 * namespace holds the whole control plane, which other releases own.
 */
function keepNamespace(object: Manifest): Manifest {
  if (object.kind !== 'Namespace') return object;
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, 'helm.sh/resource-policy': 'keep' } } };
}

export interface ClusterAddonsProps {
  /** The cluster, as the environment describes it; its install plan decides what is installed. */
  readonly target: ClusterTarget;
  /** Helm provider connected to the cluster. */
  readonly provider: HelmProvider;
  /** Extra scrape jobs for linkerd-viz's Prometheus (the model servers' own metrics). @default none */
  readonly vizScrapeConfigs?: readonly Record<string, unknown>[];
  /** The cluster's node pool resources by pool name: each release waits for the pools its pods run on. */
  readonly pools: ReadonlyMap<string, ITerraformDependable>;
  /** What every release waits for besides its pools (AKS: the deployer's cluster role, propagated). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** What a release with ports the API server calls waits for (GKE: the control-plane firewall rule). @default none */
  readonly webhookPath?: readonly ITerraformDependable[];
}

/**
 * A helm_release in the Terraform stack for each release of the cluster's install plan, in its order. Every release is
 * atomic and waits for its pods (up to ten minutes, time for the autoscaler to add a node), and depends on the
 * releases the plan puts before it, on the node pools its pods run on, and on `dependsOn`.
 */
export class ClusterAddons extends Construct {
  public readonly plan: ClusterInstallPlan;
  public readonly releases: ReadonlyMap<ReleaseId, Release>;
  private readonly props: ClusterAddonsProps;
  private manifestsChart?: ManifestsChart;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    this.props = props;
    this.plan = clusterInstallPlan(props.target);
    const releases = new Map<ReleaseId, Release>();
    // What a later release waits for: the release itself, or the settle wait after it.
    const ready = new Map<ReleaseId, ITerraformDependable>();
    for (const planned of this.plan.releases) {
      const chart = 'local' in planned.chart
        ? { chart: this.localChart() }
        : { repository: planned.chart.repository, chart: planned.chart.chart, version: planned.chart.version };
      const release = new Release(this, planned.id, {
        provider: props.provider,
        name: planned.name,
        namespace: planned.namespace,
        createNamespace: planned.createNamespace,
        ...chart,
        atomic: true,
        cleanupOnFail: true,
        wait: true,
        timeout: 600,
        values: [this.values(planned)],
        dependsOn: [
          ...planned.after.map((after) => ready.get(after) as ITerraformDependable),
          ...planned.pools.map((name) => this.pool(name)),
          ...(props.dependsOn ?? []),
          ...(planned.webhookPorts.length > 0 ? (props.webhookPath ?? []) : []),
        ],
      });
      releases.set(planned.id, release);
      ready.set(planned.id, planned.settle === undefined ? release : new TimeSleep(this, `${planned.id}-settle`, {
        provider: TimeProvider.of(this),
        createDuration: planned.settle,
        // A reinstalled release settles again.
        triggers: { release: release.id },
        dependsOn: [release],
      }));
    }
    this.releases = releases;
  }

  /** The pool resource of a planned pool; the plan reads pool names from the same config the stack builds pools from. */
  public pool(name: string): ITerraformDependable {
    const pool = this.props.pools.get(name);
    if (!pool) throw new Error(`${this.node.path}: the install plan names node pool "${name}", which this stack does not create`);
    return pool;
  }

  private localChart(): string {
    this.manifestsChart ??= new ManifestsChart(this, 'manifests-chart');
    return this.manifestsChart.chart;
  }

  /** The release's values: JSON, or for the rendered Gateway API CRDs a Terraform expression. */
  private values(planned: PlannedRelease): string {
    const target = this.props.target;
    const production = target.environment.production ?? false;
    const mesh = target.kubernetes.mesh ?? {};
    const json = (values: Record<string, unknown>): string => JSON.stringify(values);
    switch (planned.id) {
      case 'cert-manager': return json(certManagerValues());
      case 'trust-manager': return json(trustManagerValues(planned.namespace));
      case 'linkerd-pki': {
        const objects = linkerdPkiObjects({
          trafficRedirect: mesh.trafficRedirect,
          certificates: mesh.certificates,
          certManagerNamespace: planned.namespace,
          controlPlaneNamespace: LINKERD_NAMESPACE,
        }, this.node.path);
        return json({ objects: objects.map(keepNamespace) });
      }
      case 'gateway-api-crds': {
        const rendering = 'local' in planned.chart ? planned.chart.rendering : undefined;
        if (!rendering) throw new Error(`${this.node.path}: the gateway-api-crds release renders a published chart, and the plan names none`);
        return new GatewayApiCrdsRendering(this, 'gateway-api-crds-rendering', { chart: rendering }).values;
      }
      case 'linkerd-crds': return json(linkerdCrdsValues());
      case 'linkerd-cni': return json({});
      case 'linkerd-control-plane': return json(linkerdControlPlaneValues({
        highAvailability: production,
        trafficRedirect: mesh.trafficRedirect,
        injectorSkipsNamespaces: injectorSkippedNamespaces(this.plan),
      }));
      case 'linkerd-viz': return json(linkerdVizValues(production, this.props.vizScrapeConfigs));
      case 'flagger': return json(flaggerValues({ highAvailability: production }));
      case 'flagger-loadtester': return json(flaggerLoadtesterValues(production));
      case 'jobset': return json({});
      case 'keda': return json({});
      case 'azureml-namespaces':
        // Bare namespaces, kept on uninstall: the cluster folder applies their labels and annotations over them.
        return json({ objects: azureMlComputeNamespaces(target).map((name) => keepNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) });
      case 'nvidia-device-plugin': {
        const pools = (target.environment.azure?.cluster.userPools ?? []).filter((p) => planned.pools.includes(p.name));
        return json(nvidiaDevicePluginValues(pools.map((p) => ({ name: p.name, taints: resolveAksPool(p).taints }))));
      }
    }
  }
}
