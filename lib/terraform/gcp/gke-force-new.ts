import { ForceNewRule } from '../../core/replacement-guard';

// Attributes the GKE constructs set whose change makes Terraform destroy and recreate the resource.
// Paths are the snake_case keys of the synthesized JSON, dotted through nested blocks.
const CLUSTER_SOURCE = 'terraform-provider-google v6.50.0 resource_container_cluster.go (ForceNew)';
const POOL_SOURCE = 'terraform-provider-google v6.50.0 resource_container_node_pool.go (ForceNew)';
const NODE_CONFIG_SOURCE = 'terraform-provider-google v6.50.0 node_config.go (ForceNew on node pools)';

const attributes = (source: string, paths: readonly string[]) => paths.map((path) => ({ path, source }));

export const GKE_FORCE_NEW_RULES: readonly ForceNewRule[] = [
  {
    resourceType: 'google_container_cluster',
    attributes: [
      // The platform's clusters are VPC-peering private clusters (master_ipv4_cidr_block is always set): the API
      // refuses to switch their private endpoint, although the provider plans it as an update.
      {
        path: 'private_cluster_config.enable_private_endpoint',
        effect: 'refused-in-place',
        source: '"Updating private endpoint on vpc peering private clusters is not supported", terraform-google-kubernetes-engine#1919',
      },
      ...attributes(CLUSTER_SOURCE, [
        'name',
        'location',
        'project',
        'network',
        'subnetwork',
        'networking_mode',
        // Dataplane V2 cannot be switched on or off for an existing cluster.
        'datapath_provider',
        'ip_allocation_policy',
        'default_max_pods_per_node',
        'initial_node_count',
        'private_cluster_config.enable_private_nodes',
        'private_cluster_config.master_ipv4_cidr_block',
        'private_cluster_config.private_endpoint_subnetwork',
        'master_auth.client_certificate_config',
      ]),
    ],
  },
  {
    resourceType: 'google_container_node_pool',
    attributes: [
      ...attributes(POOL_SOURCE, ['name', 'cluster', 'location', 'project', 'max_pods_per_node']),
      ...attributes(NODE_CONFIG_SOURCE, [
        'node_config.guest_accelerator',
        'node_config.spot',
        'node_config.service_account',
        'node_config.oauth_scopes',
        'node_config.metadata',
        'node_config.shielded_instance_config',
      ]),
    ],
  },
  {
    // The primary range can only grow in place; the subnet's identity is fixed.
    resourceType: 'google_compute_subnetwork',
    attributes: attributes('terraform-provider-google v6.50.0 resource_compute_subnetwork.go (ForceNew)', ['name', 'network', 'region']),
  },
];
