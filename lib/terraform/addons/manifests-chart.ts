import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The platform's generic local chart (charts/manifests: Chart.yaml and one template that renders `.Values.objects`),
 * copied into the stack's output as a cdktf asset. Terraform runs in the stack's folder, so the release names the
 * chart by the asset's path there; the content hash in that path changes only when the chart does.
 */
export class ManifestsChart extends Construct {
  /** The chart as a helm_release `chart`: a path relative to the stack's working directory. */
  public readonly chart: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const asset = new TerraformAsset(this, 'chart', { path: manifestsChartDir(), type: AssetType.DIRECTORY });
    this.chart = `./${asset.path}`;
  }
}

/**
 * charts/manifests of this package, at its root: three folders above lib/terraform/addons in the sources, four above
 * build/lib/terraform/addons in the compiled and packed library; found by walking up, so both layouts work.
 */
export function manifestsChartDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'charts', 'manifests');
    if (existsSync(join(candidate, 'Chart.yaml'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`charts/manifests/Chart.yaml not found above ${from}: the package is incomplete`);
  }
}
