import { textOrder } from '../../lib/core/text-order';

describe('textOrder: the one order synthesized output is sorted in', () => {
  // Names a Kubernetes config may well hold, where locales disagree.
  const names = ['aab-serving', 'bz', 'chat-model', 'hz', 'iz', 'yz', 'Z', 'a', 'api-gateway-10', 'api-gateway-9', 'api_gateway', ''];

  test('is English collation whatever the machine\'s locale is', () => {
    expect([...names].sort(textOrder)).toEqual([...names].sort(new Intl.Collator('en').compare));
  });

  test('the machine\'s locale would move names: why localeCompare is not used', () => {
    const english = [...names].sort(new Intl.Collator('en').compare);
    expect([...names].sort(new Intl.Collator('da').compare)).not.toEqual(english); // "aa" sorts after "z"
    expect([...names].sort(new Intl.Collator('cs').compare)).not.toEqual(english); // "ch" sorts after "h"
  });

  test('keeps the order localeCompare gave on an English machine, so committed output does not move', () => {
    const refs = [
      'CiliumNetworkPolicy mlops/default-deny', 'CiliumNetworkPolicy mlops/allow-dns', 'ciliumnetworkpolicy mlops/x', 'Server mlops/api-gateway-http',
      'Server mlops/api_gateway', 'Server mlops/api-gateway-10', 'Server mlops/api-gateway-9', 'n_ns_mlops', 'n_Deployment_mlops_api_gateway', 'n_a -> n_b',
      'Namespace azureml', 'Namespace Azureml', 'Namespace résumé', 'Namespace resume', 'ServiceAccount (unnamed)', '', 'Z', 'a',
    ];
    expect([...refs].sort(textOrder)).toEqual([...refs].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
