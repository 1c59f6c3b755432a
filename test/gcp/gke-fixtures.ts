import { GkeClusterProps } from '../../lib/terraform/gcp/gke-types';

/** A valid development GKE cluster: regional, public endpoint behind one authorized network, one general pool. */
export function gkeProps(overrides: Partial<GkeClusterProps> = {}): GkeClusterProps {
  return {
    name: 'ml-dev',
    project: 'ml-dev-123',
    location: 'europe-west4',
    network: { nodeSubnetCidr: '10.10.0.0/20', podCidr: '10.16.0.0/14', serviceCidr: '10.20.0.0/20' },
    controlPlane: { authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }] },
    nodePools: [{ name: 'general', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 6 }],
    ...overrides,
  };
}

/** A Cloud KMS key in the fixture's region, for Secrets encryption. */
export const GKE_SECRETS_KEY = 'projects/ml-prod-123/locations/europe-west4/keyRings/gke/cryptoKeys/secrets';
