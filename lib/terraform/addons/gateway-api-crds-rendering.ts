import { Construct } from 'constructs';
import { DataHelmTemplate, HelmProvider } from '../internal/helm';
import { PinnedChart } from './chart-versions';
import { GATEWAY_API_STANDARD_TEMPLATE, gatewayApiChartValues } from './gateway-api-crds';

export interface GatewayApiCrdsRenderingProps {
  /** gateway-crds-helm, pinned (CHART_VERSIONS.gatewayApiCrds). */
  readonly chart: PinnedChart;
}

/**
 * The Gateway API CRDs of Envoy Gateway's gateway-crds-helm chart, standard channel only, rendered at plan time by
 * `data "helm_template"` (as Envoy's docs render it with `helm template`; the chart is too big to be a release,
 * gateway-api-crds.ts) and turned into release values for the platform's `manifests` chart. Rendering needs no
 * cluster, so it runs through a helm provider of its own without a connection: the cluster's provider is configured
 * from attributes that are unknown until the cluster exists, which would defer the read.
 */
export class GatewayApiCrdsRendering extends Construct {
  public readonly template: DataHelmTemplate;
  /**
   * Values for the `manifests` chart, a Terraform expression: `objects` is every document of the rendered template,
   * each annotated `helm.sh/resource-policy: keep`, so replacing or removing the release never deletes the CRDs, and
   * with them every route in the cluster.
   */
  public readonly values: string;

  constructor(scope: Construct, id: string, props: GatewayApiCrdsRenderingProps) {
    super(scope, id);
    const renderer = new HelmProvider(this, 'renderer', { alias: 'gateway-api-crds-renderer' });
    this.template = new DataHelmTemplate(this, 'template', {
      provider: renderer,
      name: 'gateway-api-crds',
      namespace: 'kube-system',
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      values: [JSON.stringify(gatewayApiChartValues())],
      showOnly: [GATEWAY_API_STANDARD_TEMPLATE],
    });
    // Helm joins documents with "---" lines; a CRD's own text never starts a line with "---" (it is indented YAML).
    const doc = 'yamldecode(doc)';
    const keep = `merge(${doc}, { metadata = merge(${doc}.metadata, { annotations = merge(try(${doc}.metadata.annotations, {}), { "helm.sh/resource-policy" = "keep" }) }) })`;
    this.values = `\${jsonencode({ objects = [for doc in split("\\n---", ${this.template.fqn}.manifest) : ${keep} if try(${doc}.kind, null) != null] })}`;
  }
}
