import { AKS_AAD_SERVER_APP_ID, kubeloginExec } from '../../lib/terraform/azure/aks-connection';
import { AksCluster } from '../../lib/terraform/azure/aks-cluster';
import { only, synthCluster } from './aks-fixtures';

describe('AKS provider connection', () => {
  test('reads host and CA through a data source that waits for the cluster', () => {
    const { parsed } = synthCluster({}, (c) => c.createHelmProvider('helm'));
    const data = only(parsed, 'data', 'azurerm_kubernetes_cluster');
    expect(data.name).toMatch(/^\$\{azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]+\.name\}$/);
    expect(data.resource_group_name).toMatch(/^\$\{azurerm_resource_group\./);
    const helm = (parsed.provider as unknown as Record<string, Array<Record<string, Record<string, unknown>>>>).helm[0].kubernetes;
    expect(helm.host).toMatch(/^\$\{data\.azurerm_kubernetes_cluster\.[^.]+\.kube_config\[0\]\.host\}$/);
    expect(helm.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.azurerm_kubernetes_cluster\.[^.]+\.kube_config\[0\]\.cluster_ca_certificate\)\}$/);
    expect(helm.exec).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token', '--login', 'azurecli', '--server-id', AKS_AAD_SERVER_APP_ID] });
  });

  test('one data source serves every provider that asks', () => {
    const { parsed } = synthCluster({}, (c: AksCluster) => {
      c.createHelmProvider('helm');
      c.connection({ loginMode: 'workloadidentity' });
    });
    expect(Object.keys(parsed.data.azurerm_kubernetes_cluster)).toHaveLength(1);
  });

  test('login modes for CI runners need no secret', () => {
    expect(kubeloginExec({ loginMode: 'workloadidentity' }).args).toEqual(['get-token', '--login', 'workloadidentity', '--server-id', AKS_AAD_SERVER_APP_ID]);
    expect(kubeloginExec({ loginMode: 'msi', msiClientId: 'abc' }).args).toEqual(['get-token', '--login', 'msi', '--server-id', AKS_AAD_SERVER_APP_ID, '--client-id', 'abc']);
  });
});
