import { needsViz, usesCanary } from '../../config/cluster-features';
import { Construct } from 'constructs';
import { CertManager } from '../../terraform/addons/cert-manager';
import { Flagger } from '../../terraform/addons/flagger';
import { LINKERD_GATEWAY_API } from '../../terraform/addons/gateway-api-crds';
import { LinkerdControlPlane } from '../../terraform/addons/linkerd-control-plane';
import { ClusterKubernetesConfig } from '../../config/environment';
import { HelmProvider } from '../../terraform/internal/helm';

export interface ClusterAddonsProps {
  /** Helm provider connected to the cluster. */
  readonly provider: HelmProvider;
  readonly production: boolean;
  readonly kubernetes: ClusterKubernetesConfig;
  /** Extra scrape jobs for linkerd-viz's Prometheus (the model servers' own metrics). @default none */
  readonly vizScrapeConfigs?: readonly Record<string, unknown>[];
}

/**
 * The control-plane add-ons of one cluster, installed as their projects publish them (Helm charts pinned in
 * lib/terraform/addons/chart-versions.ts) and in dependency order: cert-manager and trust-manager, then Linkerd, then
 * Flagger where a canary needs it. The trust chain itself is Kubernetes YAML (the mesh-pki chart).
 */
export class ClusterAddons extends Construct {
  public readonly certManager: CertManager;
  public readonly linkerd: LinkerdControlPlane;
  public readonly flagger?: Flagger;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const mesh = props.kubernetes.mesh ?? {};
    const canary = usesCanary(props.kubernetes);
    this.certManager = new CertManager(this, 'cert-manager', { provider: props.provider });
    this.linkerd = new LinkerdControlPlane(this, 'linkerd', {
      provider: props.provider,
      highAvailability: props.production,
      gatewayApiCrds: mesh.gatewayApiCrds ?? { source: 'standard-install', version: LINKERD_GATEWAY_API.recommended },
      trafficRedirect: mesh.trafficRedirect,
      viz: mesh.viz ?? needsViz(props.kubernetes),
      vizScrapeConfigs: props.vizScrapeConfigs,
      dependsOn: [this.certManager.trustManager],
    });
    if (canary) {
      this.flagger = new Flagger(this, 'flagger', {
        provider: props.provider,
        highAvailability: props.production,
        dependsOn: [this.linkerd.viz ?? this.linkerd.controlPlane],
      });
    }
  }
}
