import { Construct } from 'constructs';
import { PrivateDnsZone, PrivateDnsZoneVirtualNetworkLink, PrivateEndpoint } from '../../internal/azurerm';

/** Where the private endpoints go: a subnet, and the VNet whose resolvers must see the private DNS zones. */
export interface AzureMlPrivateNetwork {
  /** Subnet the endpoints take their addresses from (resource ID). */
  readonly subnetId: string;
  /** The VNet the private DNS zones are linked to: the cluster's (resource ID). */
  readonly virtualNetworkId: string;
}

export interface AzureMlPrivateAccessProps extends AzureMlPrivateNetwork {
  readonly location: string;
  readonly resourceGroupName: string;
  /** Name prefix of the endpoints, usually the workspace name. */
  readonly name: string;
  readonly workspaceId: string;
  readonly storageAccountId: string;
  readonly keyVaultId: string;
  readonly containerRegistryId: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Target sub-resources and their private DNS zones, from how-to-configure-private-link ("amlworkspace", zones
 * privatelink.api.azureml.ms and privatelink.notebooks.azure.net) and how-to-secure-workspace-vnet (storage blob and
 * file; queue and table only for batch endpoints and ParallelRunStep, which a Kubernetes compute does not use;
 * Key Vault "vault"; Premium registry "registry"). Azure private DNS zone names (private-endpoint-dns).
 */
const ENDPOINTS = [
  { id: 'workspace', target: 'workspaceId', subresource: 'amlworkspace', zones: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'] },
  { id: 'blob', target: 'storageAccountId', subresource: 'blob', zones: ['privatelink.blob.core.windows.net'] },
  { id: 'file', target: 'storageAccountId', subresource: 'file', zones: ['privatelink.file.core.windows.net'] },
  { id: 'vault', target: 'keyVaultId', subresource: 'vault', zones: ['privatelink.vaultcore.azure.net'] },
  { id: 'registry', target: 'containerRegistryId', subresource: 'registry', zones: ['privatelink.azurecr.io'] },
] as const;

/** Every private DNS zone the workspace's endpoints register in. */
export const AZURE_ML_PRIVATE_DNS_ZONES: readonly string[] = [...new Set(ENDPOINTS.flatMap((e) => e.zones))];

/**
 * Private endpoints for the workspace, its storage (blob, file), Key Vault and registry in the cluster's VNet, with
 * the private DNS zones linked to that VNet, so the nodes, the AzureML extension, the compute identities and the
 * publisher resolve each service to an address inside the VNet. AKS uses the VNet's Azure-provided DNS, which
 * answers from linked private zones. Management operations (Terraform, the compute attach) keep using the public
 * ARM endpoint, which a private endpoint does not affect (how-to-configure-private-link).
 */
export class AzureMlPrivateAccess extends Construct {
  /** The endpoints, for resources that must wait until the services are reachable. */
  public readonly endpoints: readonly PrivateEndpoint[];

  constructor(scope: Construct, id: string, props: AzureMlPrivateAccessProps) {
    super(scope, id);
    const tags = { ...(props.tags ?? {}) };
    const zones = new Map<string, PrivateDnsZone>();
    for (const name of AZURE_ML_PRIVATE_DNS_ZONES) {
      const zone = new PrivateDnsZone(this, name, { name, resourceGroupName: props.resourceGroupName, tags });
      new PrivateDnsZoneVirtualNetworkLink(this, `${name}-link`, {
        name: `${props.name}-link`,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
        tags,
      });
      zones.set(name, zone);
    }
    this.endpoints = ENDPOINTS.map((endpoint) => new PrivateEndpoint(this, endpoint.id, {
      name: `pe-${props.name}-${endpoint.id}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      privateServiceConnection: {
        name: `psc-${props.name}-${endpoint.id}`,
        isManualConnection: false,
        privateConnectionResourceId: props[endpoint.target],
        subresourceNames: [endpoint.subresource],
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: endpoint.zones.map((z) => zones.get(z)!.id) },
      tags,
    }));
  }
}
