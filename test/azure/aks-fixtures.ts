import { Testing } from 'cdktf';
import { AksCluster, AksClusterProps } from '../../lib/terraform/azure/aks-cluster';
import { AksClusterSpec } from '../../lib/terraform/azure/aks-cluster-spec';
import { AzurermProvider } from '../../lib/terraform/internal/azurerm';

/** A valid dev cluster; tests override one field at a time. */
export const baseSpec: AksClusterSpec = {
  name: 'aks-test',
  network: {
    vnetCidr: '10.10.0.0/16',
    nodeSubnetCidr: '10.10.0.0/22',
    podCidr: '192.168.0.0/16',
    serviceCidr: '172.16.0.0/16',
    dnsServiceIp: '172.16.0.10',
  },
  userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3 }],
};

export const baseProps: AksClusterProps = { ...baseSpec, location: 'westeurope', resourceGroupName: 'rg-test' };

export interface SynthResult {
  readonly json: string;
  readonly parsed: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

/** Synthesizes one AksCluster and returns the stack JSON, raw (for matchers) and parsed. */
export function synthCluster(props: Partial<AksClusterProps> = {}, extra?: (cluster: AksCluster) => void): SynthResult {
  const json = Testing.synthScope((scope) => {
    new AzurermProvider(scope, 'azurerm', { features: [{}] });
    const cluster = new AksCluster(scope, 'aks', { ...baseProps, ...props });
    extra?.(cluster);
  });
  return { json, parsed: JSON.parse(json) };
}

/** The only resource of a type, by body. */
export function only(parsed: SynthResult['parsed'], kind: 'resource' | 'data', type: string): Record<string, unknown> {
  const all = Object.values(parsed[kind]?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Record<string, unknown>;
}

/** Node pools keyed by pool name. */
export function pools(parsed: SynthResult['parsed']): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const body of Object.values(parsed.resource?.azurerm_kubernetes_cluster_node_pool ?? {})) out[body.name as string] = body as Record<string, unknown>;
  return out;
}
