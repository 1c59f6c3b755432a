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
  gcp: {
    project: 'mlmesh-prod',
    projectNumber: '123456789012',
    region: 'europe-west4',
    stateBackend: { bucket: 'mlmesh-prod-tfstate' },
    cluster: {
      name: 'gke-mlmesh-prod',
      network: { nodeSubnetCidr: '10.30.0.0/20', podCidr: '10.32.0.0/14', serviceCidr: '10.36.0.0/20' },
      controlPlane: { privateEndpoint: true, dnsEndpoint: true },
      secretsEncryptionKey: 'projects/mlmesh-prod/locations/europe-west4/keyRings/gke/cryptoKeys/secrets',
      nodePools: [{ name: 'general', machineType: 'n2-standard-8', minNodes: 3, maxNodes: 12 }],
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
