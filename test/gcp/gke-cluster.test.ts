import '../support/terraform-matchers';
import { Testing } from 'cdktf';
import { PlatformValidationError } from '../../lib/core/validation';
import { GkeCluster } from '../../lib/terraform/gcp/gke-cluster';
import { GkeClusterProps } from '../../lib/terraform/gcp/gke-types';
import {
  ComputeNetwork,
  ComputeRouterNat,
  ComputeSubnetwork,
  ContainerCluster,
  KmsCryptoKeyIamMember,
  ProjectIamMember,
  ServiceAccount,
} from '../../lib/terraform/internal/google';
import { GKE_SECRETS_KEY, gkeProps } from './gke-fixtures';


const PERIMETER = 'accessPolicies/123456/servicePerimeters/ml_prod';

function prodProps(overrides: Partial<GkeClusterProps> = {}): GkeClusterProps {
  return gkeProps({
    name: 'ml-prod',
    project: 'ml-prod-123',
    production: true,
    projectNumber: '123456789012',
    secretsEncryptionKey: GKE_SECRETS_KEY,
    controlPlane: { dnsEndpoint: true, dnsEndpointPerimeter: PERIMETER },
    ...overrides,
  });
}

function synth(props: GkeClusterProps): { json: string; parsed: any; cluster: GkeCluster } {
  let cluster!: GkeCluster;
  const json = Testing.synthScope((scope) => {
    cluster = new GkeCluster(scope, 'gke', props);
  });
  return { json, parsed: JSON.parse(json), cluster };
}

function only(parsed: any, type: string): any {
  const resources = Object.values(parsed.resource?.[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('GkeCluster defaults', () => {
  const { json, parsed } = synth(gkeProps());
  const cluster = only(parsed, 'google_container_cluster');

  test('Dataplane V2 on a VPC-native network, with no Calico', () => {
    expect(json).toHaveResourceWithProperties(ContainerCluster, { datapath_provider: 'ADVANCED_DATAPATH' });
    expect(cluster.networking_mode).toBe('VPC_NATIVE');
    expect(cluster.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services', stack_type: 'IPV4' });
    expect(cluster).not.toHaveProperty('network_policy');
    expect(cluster.addons_config).toBeUndefined();
  });

  test('Dataplane V2 metrics and relay, managed Prometheus, system and workload logs', () => {
    expect(cluster.monitoring_config).toEqual({
      enable_components: ['SYSTEM_COMPONENTS', 'CADVISOR', 'POD'],
      managed_prometheus: { enabled: true },
      advanced_datapath_observability_config: { enable_metrics: true, enable_relay: true },
    });
    expect(cluster.logging_config.enable_components).toEqual(['SYSTEM_COMPONENTS', 'WORKLOADS']);
  });

  test('private nodes, public endpoint limited to the authorized networks', () => {
    expect(cluster.private_cluster_config).toEqual({
      enable_private_nodes: true,
      enable_private_endpoint: false,
      master_ipv4_cidr_block: '172.16.0.0/28',
      master_global_access_config: { enabled: false },
    });
    expect(cluster.master_authorized_networks_config).toEqual({
      cidr_blocks: [{ cidr_block: '203.0.113.0/24', display_name: 'office' }],
      gcp_public_cidrs_access_enabled: false,
      private_endpoint_enforcement_enabled: true,
    });
    expect(cluster.control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic).toBe(false);
  });

  test('default pool removed, deletion protection on, replacement-prone fields ignored', () => {
    expect(cluster.remove_default_node_pool).toBe(true);
    expect(cluster.initial_node_count).toBe(1);
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster).not.toHaveProperty('node_pool');
    // The short-lived default pool still gets the dedicated node service account, not the Compute Engine default one.
    expect(cluster.node_config).toMatchObject({ service_account: expect.stringMatching(/^\$\{google_service_account\..+\.email\}$/), workload_metadata_config: { mode: 'GKE_METADATA' } });
    expect(cluster.lifecycle.ignore_changes).toEqual(['node_config', 'node_pool', 'initial_node_count']);
  });

  test('workload identity pool, release channel, weekend maintenance window', () => {
    expect(cluster.workload_identity_config).toEqual({ workload_pool: 'ml-dev-123.svc.id.goog' });
    expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
    expect(cluster.maintenance_policy.recurring_window).toEqual({
      start_time: '2025-01-04T02:00:00Z',
      end_time: '2025-01-04T08:00:00Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
    });
  });

  test('security: posture, no client certificate, no ABAC, shielded nodes, no insecure bindings, Gateway API', () => {
    expect(cluster.security_posture_config).toEqual({ mode: 'BASIC', vulnerability_mode: 'VULNERABILITY_DISABLED' });
    expect(cluster.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
    expect(cluster.enable_legacy_abac).toBe(false);
    expect(cluster.enable_shielded_nodes).toBe(true);
    expect(cluster.rbac_binding_config).toEqual({ enable_insecure_binding_system_authenticated: false, enable_insecure_binding_system_unauthenticated: false });
    expect(cluster.node_pool_defaults.node_config_defaults.insecure_kubelet_readonly_port_enabled).toBe('FALSE');
    expect(cluster.gateway_api_config).toEqual({ channel: 'CHANNEL_STANDARD' });
  });

  test('outside production: Binary Authorization off, Secrets without a KMS key', () => {
    expect(cluster.binary_authorization).toEqual({ evaluation_mode: 'DISABLED' });
    expect(cluster.database_encryption).toEqual({ state: 'DECRYPTED' });
  });

  test('creates a custom-mode VPC, a subnet with pod and Service ranges and Private Google Access, and Cloud NAT', () => {
    expect(json).toHaveResourceWithProperties(ComputeNetwork, { name: 'ml-dev-vpc', auto_create_subnetworks: false });
    expect(json).toHaveResourceWithProperties(ComputeSubnetwork, {
      name: 'ml-dev-nodes',
      region: 'europe-west4',
      ip_cidr_range: '10.10.0.0/20',
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: 'pods', ip_cidr_range: '10.16.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.20.0.0/20' },
      ],
    });
    expect(json).toHaveResourceWithProperties(ComputeRouterNat, { source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' });
    expect(cluster.network).toMatch(/google_compute_network\..*\.id/);
    expect(cluster.subnetwork).toMatch(/google_compute_subnetwork\..*\.id/);
  });

  test('a dedicated node service account with the GKE minimum role and registry read, never the default compute account', () => {
    expect(json).toHaveResourceWithProperties(ServiceAccount, { account_id: 'ml-dev-nodes' });
    expect(json).toHaveResourceWithProperties(ProjectIamMember, { project: 'ml-dev-123', role: 'roles/container.defaultNodeServiceAccount' });
    expect(json).toHaveResourceWithProperties(ProjectIamMember, { project: 'ml-dev-123', role: 'roles/artifactregistry.reader' });
    const roles = Object.values(parsed.resource.google_project_iam_member).map((m: any) => m.role);
    expect(roles).toHaveLength(2);
    const pool = only(parsed, 'google_container_node_pool');
    expect(pool.node_config.service_account).toMatch(/google_service_account\..*\.email/);
    expect(json).not.toContain('-compute@developer.gserviceaccount.com');
  });

  test('the construct writes no outputs and no credentials', () => {
    expect(parsed.output).toBeUndefined();
    expect(json).not.toMatch(/"(client_key|client_certificate|password|access_token|cluster_ca_certificate)"/);
  });
});

describe('GkeCluster in production', () => {
  const { json, parsed } = synth(prodProps());
  const cluster = only(parsed, 'google_container_cluster');

  test('private endpoint by default, reachable from CI through the DNS endpoint', () => {
    expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
    expect(cluster.control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic).toBe(true);
  });

  test('the project joins the VPC Service Controls perimeter before the DNS endpoint opens', () => {
    const membership = only(parsed, 'google_access_context_manager_service_perimeter_resource');
    expect(membership).toMatchObject({ perimeter_name: PERIMETER, resource: 'projects/123456789012' });
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_access_context_manager_service_perimeter_resource\./)]));
    // Without a configured number the project's is read.
    const read = synth(prodProps({ projectNumber: undefined })).parsed;
    expect(only(read, 'google_access_context_manager_service_perimeter_resource').resource).toMatch(/^projects\/\$\{data\.google_project\./);
  });

  test('Secrets encrypted with the KMS key, which the GKE service agent may use', () => {
    expect(cluster.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: GKE_SECRETS_KEY });
    expect(json).toHaveResourceWithProperties(KmsCryptoKeyIamMember, {
      crypto_key_id: GKE_SECRETS_KEY,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: 'serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com',
    });
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_kms_crypto_key_iam_member\./), expect.stringMatching(/^google_project_iam_member\./)]));
  });

  test('Binary Authorization enforced and pools protected from destroy', () => {
    expect(cluster.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    expect(only(parsed, 'google_container_node_pool').lifecycle.prevent_destroy).toBe(true);
  });

  test('deletion protection turns off only when set to false', () => {
    const off = only(synth(gkeProps({ deletionProtection: false })).parsed, 'google_container_cluster');
    expect(off.deletion_protection).toBe(false);
  });
});

describe('GkeCluster with an existing network', () => {
  const existing = {
    network: 'projects/host-net-1/global/networks/shared',
    subnetwork: 'projects/host-net-1/regions/europe-west4/subnetworks/gke',
    podRangeName: 'gke-pods',
    serviceRangeName: 'gke-services',
  };
  const { parsed } = synth(gkeProps({ network: { existing } }));

  test('creates no network and points the cluster at the given subnet and ranges', () => {
    expect(parsed.resource.google_compute_network).toBeUndefined();
    expect(parsed.resource.google_compute_router_nat).toBeUndefined();
    const cluster = only(parsed, 'google_container_cluster');
    expect(cluster.network).toBe(existing.network);
    expect(cluster.subnetwork).toBe(existing.subnetwork);
    expect(cluster.ip_allocation_policy.cluster_secondary_range_name).toBe('gke-pods');
    expect(cluster.ip_allocation_policy.services_secondary_range_name).toBe('gke-services');
  });
});

describe('GkeCluster outputs for other layers', () => {
  test('names, issuer and pool are derived at synth; id and endpoint are references', () => {
    const { cluster } = synth(gkeProps({ nodePools: [
      { name: 'general', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 },
      { name: 'gpu', machineType: 'g2-standard-8', minNodes: 0, maxNodes: 2, gpu: { acceleratorType: 'nvidia-l4', count: 1 } },
    ] }));
    expect(cluster.clusterName).toBe('ml-dev');
    expect(cluster.oidcIssuerUrl).toBe('https://container.googleapis.com/v1/projects/ml-dev-123/locations/europe-west4/clusters/ml-dev');
    expect(cluster.workloadIdentityPool).toBe('ml-dev-123.svc.id.goog');
    expect(cluster.nodePoolNames).toEqual(['general', 'gpu']);
    expect(cluster.clusterId).toMatch(/\$\{TfToken/);
    expect(cluster.endpoint).toMatch(/\$\{TfToken/);
  });

  test('zonal clusters keep /locations/ in the issuer', () => {
    const { cluster } = synth(gkeProps({ location: 'europe-west4-b' }));
    expect(cluster.oidcIssuerUrl).toBe('https://container.googleapis.com/v1/projects/ml-dev-123/locations/europe-west4-b/clusters/ml-dev');
  });

  test('helm provider reads a token from google_client_config and endpoint + CA from the cluster', () => {
    const parsed = JSON.parse(Testing.synthScope((scope) => {
      new GkeCluster(scope, 'gke', gkeProps()).helmProvider(scope, 'helm');
    }));
    expect(Object.keys(parsed.data.google_client_config)).toHaveLength(1);
    const kubernetes = parsed.provider.helm[0].kubernetes;
    expect(kubernetes.host).toMatch(/^https:\/\/\$\{google_container_cluster\..*\.endpoint\}$/);
    expect(kubernetes.token).toMatch(/^\$\{data\.google_client_config\..*\.access_token\}$/);
    expect(kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(google_container_cluster\..*\.master_auth\[0\]\.cluster_ca_certificate\)\}$/);
    expect(parsed.output).toBeUndefined();
  });

  test('with the DNS endpoint the provider uses it and needs no CA', () => {
    const parsed = JSON.parse(Testing.synthScope((scope) => {
      new GkeCluster(scope, 'gke', prodProps()).helmProvider(scope, 'helm');
    }));
    const kubernetes = parsed.provider.helm[0].kubernetes;
    expect(kubernetes.host).toMatch(/control_plane_endpoints_config\[0\]\.dns_endpoint_config\[0\]\.endpoint/);
    expect(kubernetes.cluster_ca_certificate).toBeUndefined();
  });
});

describe('GkeCluster validation', () => {
  test('throws one error naming the construct path, field, value and rule', () => {
    const attempt = () => Testing.synthScope((scope) => {
      new GkeCluster(scope, 'gke', gkeProps({ name: 'ML_dev', production: true }));
    });
    expect(attempt).toThrow(PlatformValidationError);
    expect(attempt).toThrow(/gke\.name|name = "ML_dev": must be 1-40 lowercase letters/);
    expect(attempt).toThrow(/secretsEncryptionKey = \(unset\): production clusters must encrypt Secrets/);
  });
});
