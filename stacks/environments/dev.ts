import { EnvironmentConfig } from '../../lib/config/environment';

/** Development: one small AKS cluster, local state, defaults that are cheap to run. */
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
      },
      systemPool: { vmSize: 'Standard_D2ds_v5', minCount: 1, maxCount: 2 },
      userPools: [{ name: 'cpu', vmSize: 'Standard_D4ds_v5', minCount: 1, maxCount: 3 }],
    },
    workloads: {
      namespace: 'mlops',
      modelServer: {
        image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2',
        modelPath: '/var/cache/model/current',
        maxBatchSize: 32,
      },
    },
  },
};
