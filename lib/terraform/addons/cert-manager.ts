import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider, Release } from '../internal/helm';
import { CHART_VERSIONS } from './chart-versions';

export interface CertManagerProps {
  /** The helm provider of the target cluster (configured from the cluster's outputs). */
  readonly provider: HelmProvider;
  /** @default 'cert-manager' (Linkerd's guide: trust-manager reads the anchor Secret from this namespace) */
  readonly namespace?: string;
  /** Releases to install first. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * cert-manager (with its CRDs) and trust-manager, from jetstack's charts, as Linkerd's certificate rotation
 * guide installs them (linkerd.io/2-edge/tasks/automatically-rotating-control-plane-tls-credentials).
 */
export class CertManager extends Construct {
  public readonly namespace: string;
  public readonly certManager: Release;
  public readonly trustManager: Release;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    this.namespace = props.namespace ?? 'cert-manager';
    const cm = CHART_VERSIONS.certManager;
    this.certManager = new Release(this, 'cert-manager', {
      provider: props.provider,
      name: 'cert-manager',
      namespace: this.namespace,
      createNamespace: true,
      repository: cm.repository,
      chart: cm.chart,
      version: cm.version,
      atomic: true,
      cleanupOnFail: true,
      values: [JSON.stringify({ crds: { enabled: true } })],
      dependsOn: [...(props.dependsOn ?? [])],
    });
    const tm = CHART_VERSIONS.trustManager;
    this.trustManager = new Release(this, 'trust-manager', {
      provider: props.provider,
      name: 'trust-manager',
      namespace: this.namespace,
      repository: tm.repository,
      chart: tm.chart,
      version: tm.version,
      atomic: true,
      cleanupOnFail: true,
      // The trust namespace is the only one trust-manager reads Secrets from; the anchor lives there.
      values: [JSON.stringify({ app: { trust: { namespace: this.namespace } } })],
      dependsOn: [this.certManager],
    });
  }
}
