import { textOrder } from '../../lib/core/text-order';

describe('textOrder: the one order synthesized output is sorted in', () => {
  // Names a Kubernetes config may well hold, where locales disagree.
  const names = ['aab-serving', 'bz', 'chat-model', 'hz', 'iz', 'yz', 'Z', 'a', 'api-gateway-10', 'api-gateway-9', 'api_gateway', 'résumé', ''];

  test('is the order of UTF-16 code units, what sort() gives without a comparator', () => {
    expect([...names].sort(textOrder)).toEqual([...names].sort());
    expect(textOrder('a', 'a')).toBe(0);
    expect(textOrder('Z', 'a')).toBeLessThan(0);
    expect(textOrder('api-gateway-10', 'api-gateway-9')).toBeLessThan(0);
  });

  test('locales disagree about these names: why localeCompare is not used', () => {
    const english = [...names].sort(new Intl.Collator('en').compare);
    expect([...names].sort(new Intl.Collator('da').compare)).not.toEqual(english); // "aa" sorts after "z"
    expect([...names].sort(new Intl.Collator('cs').compare)).not.toEqual(english); // "ch" sorts after "h"
  });
});
