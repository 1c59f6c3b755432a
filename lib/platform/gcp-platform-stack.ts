import { GcsBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, GcpEnvironmentConfig } from '../config/environment';
import { GkeCluster } from '../gcp/gke-cluster';
import { GoogleProvider } from '../internal/google';

/** The Terraform stack `<env>-gcp`: the GKE cluster and everything Google-side for one environment. */
export class GcpPlatformStack extends TerraformStack {
  public readonly cluster: GkeCluster;

  constructor(scope: Construct, env: EnvironmentConfig, gcp: GcpEnvironmentConfig) {
    super(scope, `${env.name}-gcp`);
    new GoogleProvider(this, 'google', {
      project: gcp.project,
      region: gcp.region,
      defaultLabels: { environment: env.name, 'managed-by': 'ml-mesh-platform' },
    });
    if (gcp.stateBackend) {
      new GcsBackend(this, { bucket: gcp.stateBackend.bucket, prefix: gcp.stateBackend.prefix ?? `${env.name}-gcp` });
    }

    this.cluster = new GkeCluster(this, 'gke', {
      ...gcp.cluster,
      project: gcp.project,
      location: gcp.region,
      production: env.production ?? false,
      projectNumber: gcp.projectNumber,
    });

    new TerraformOutput(this, 'gke_cluster_name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'gke_oidc_issuer_url', { value: this.cluster.oidcIssuerUrl });
    new TerraformOutput(this, 'gke_workload_identity_pool', { value: this.cluster.workloadIdentityPool });
    new TerraformOutput(this, 'gke_node_pool_names', { value: this.cluster.nodePoolNames });
  }
}
