import { localeOrder } from '../../lib/platform/kubernetes/flows/locale-order';

// The flow report and FLOWS.md sort with one collator where they sorted with localeCompare; the order must not move.
test('localeOrder sorts as localeCompare does: case, digits, punctuation and accents', () => {
  const refs = [
    'CiliumNetworkPolicy mlops/default-deny', 'CiliumNetworkPolicy mlops/allow-dns', 'ciliumnetworkpolicy mlops/x', 'Server mlops/api-gateway-http',
    'Server mlops/api_gateway', 'Server mlops/api-gateway-10', 'Server mlops/api-gateway-9', 'n_ns_mlops', 'n_Deployment_mlops_api_gateway', 'n_a -> n_b',
    'Namespace azureml', 'Namespace Azureml', 'Namespace résumé', 'Namespace resume', 'ServiceAccount (unnamed)', '', 'Z', 'a',
  ];
  expect([...refs].sort(localeOrder)).toEqual([...refs].sort((a, b) => a.localeCompare(b)));
});
