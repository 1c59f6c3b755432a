import { Construct } from 'constructs';
import { ComputeNetwork, ComputeRouter, ComputeRouterNat, ComputeSubnetwork } from '../internal/google';

/** Names of the subnet's secondary ranges the cluster's ip_allocation_policy refers to. */
export const GKE_POD_RANGE_NAME = 'pods';
export const GKE_SERVICE_RANGE_NAME = 'services';

export interface GkeNetworkProps {
  readonly project: string;
  readonly region: string;
  /** Prefix of the VPC, subnet, router and NAT names. */
  readonly namePrefix: string;
  readonly nodeSubnetCidr: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  /**
   * Cloud Router + Cloud NAT for egress from private nodes.
   * @default true
   */
  readonly cloudNat?: boolean;
}

/**
 * A custom-mode VPC with one node subnet carrying the pod and Service secondary ranges (VPC-native GKE),
 * Private Google Access for Google APIs from private nodes, and Cloud NAT for everything else.
 */
export class GkeNetwork extends Construct {
  public readonly networkId: string;
  public readonly subnetworkId: string;

  constructor(scope: Construct, id: string, props: GkeNetworkProps) {
    super(scope, id);
    const network = new ComputeNetwork(this, 'vpc', {
      project: props.project,
      name: `${props.namePrefix}-vpc`,
      // Custom mode: no auto-created /20 per region that could overlap the pod and Service ranges.
      autoCreateSubnetworks: false,
    });
    const subnet = new ComputeSubnetwork(this, 'nodes', {
      project: props.project,
      region: props.region,
      name: `${props.namePrefix}-nodes`,
      network: network.id,
      ipCidrRange: props.nodeSubnetCidr,
      // Private nodes have no external IP; this lets them reach Google APIs (Artifact Registry, logging).
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: GKE_POD_RANGE_NAME, ipCidrRange: props.podCidr },
        { rangeName: GKE_SERVICE_RANGE_NAME, ipCidrRange: props.serviceCidr },
      ],
    });
    if (props.cloudNat ?? true) {
      const router = new ComputeRouter(this, 'router', {
        project: props.project,
        region: props.region,
        name: `${props.namePrefix}-router`,
        network: network.id,
      });
      new ComputeRouterNat(this, 'nat', {
        project: props.project,
        region: props.region,
        name: `${props.namePrefix}-nat`,
        router: router.name,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      });
    }
    this.networkId = network.id;
    this.subnetworkId = subnet.id;
  }
}
