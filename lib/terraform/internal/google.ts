// The only file that loads google provider bindings, each through its deep path (the package root
// costs seconds and hundreds of MB per synth). Moving to another provider distribution edits this file.
import '../tokens';
export { GoogleProvider } from '@cdktf/provider-google/lib/provider';
export { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
export { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
export { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
export { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
export { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
export { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
export { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
export { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
export { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
export { ProjectService } from '@cdktf/provider-google/lib/project-service';
export { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
// Workload identity and federation (lib/terraform/gcp/google-workload-identity*, lib/terraform/federation).
export { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
export { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
export { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
export { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
export { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
export { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
export { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
// VPC Service Controls around a cluster's DNS endpoint (lib/terraform/gcp/gke-dns-endpoint-perimeter.ts).
export { AccessContextManagerServicePerimeterResource } from '@cdktf/provider-google/lib/access-context-manager-service-perimeter-resource';
// Cloud Monitoring alert policies and dashboards (lib/terraform/observability).
export { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
export { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
export { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
