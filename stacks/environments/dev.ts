import { EnvironmentConfig } from '../../lib/config/environment';
import { API_GATEWAY, FEATURE_STORE, modelServer, V1 } from './shared';

/** Development: one small AKS cluster, local state, cheap defaults, no cross-cloud identities. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  production: false,
  azure: {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    tenantId: '00000000-0000-0000-0000-0000000000aa',
    location: 'westeurope',
    resourceGroupName: 'rg-mlmesh-dev',
    cluster: {
      name: 'aks-mlmesh-dev',
      network: {
        vnetCidr: '10.10.0.0/16',
        nodeSubnetCidr: '10.10.0.0/22',
        podCidr: '192.168.0.0/16',
        serviceCidr: '172.16.0.0/16',
        dnsServiceIp: '172.16.0.10',
        apiServer: { authorizedIpRanges: ['203.0.113.0/24'] },
      },
      systemPool: { vmSize: 'Standard_D2ds_v5', minCount: 1, maxCount: 2 },
      userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3 }],
    },
    kubernetes: {
      serving: {
        modelServer: modelServer([{ ...V1, replicas: 1 }]),
        featureStore: { ...FEATURE_STORE, replicas: 1 },
        apiGateway: { ...API_GATEWAY, replicas: 1 },
      },
    },
  },
};
