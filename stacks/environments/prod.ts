import { EnvironmentConfig } from '../../lib/config/environment';

/** Production: zonal pools, remote state, the strict defaults. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  production: true,
  azure: {
    subscriptionId: '00000000-0000-0000-0000-000000000002',
    tenantId: '00000000-0000-0000-0000-0000000000aa',
    location: 'westeurope',
    resourceGroupName: 'rg-mlmesh-prod',
    stateBackend: { resourceGroupName: 'rg-mlmesh-tfstate', storageAccountName: 'stmlmeshtfstate', containerName: 'tfstate' },
    cluster: {
      name: 'aks-mlmesh-prod',
      network: {
        vnetCidr: '10.20.0.0/16',
        nodeSubnetCidr: '10.20.0.0/22',
        podCidr: '192.168.0.0/16',
        serviceCidr: '172.17.0.0/16',
        dnsServiceIp: '172.17.0.10',
      },
      systemPool: { vmSize: 'Standard_D4ds_v5', minCount: 3, maxCount: 5 },
      userPools: [{ name: 'cpu', vmSize: 'Standard_D8ds_v5', minCount: 3, maxCount: 12 }],
    },
    workloads: {
      namespace: 'mlops',
      modelServer: {
        image: 'ghcr.io/ml-mesh-platform/model-server:1.4.2',
        modelPath: '/var/cache/model/current',
        maxBatchSize: 32,
        replicas: 3,
      },
    },
  },
};
