import { cidrContainsIp, cidrsOverlap, isPrivateCidr, parseCidr, parseIpv4 } from '../../lib/core/cidr';

describe('CIDR maths', () => {
  test('parses blocks and rejects host bits, bad octets and bad prefixes', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ first: 10 * 2 ** 24, prefix: 8 });
    expect(parseCidr('10.0.0.1/8')).toBeUndefined();
    expect(parseCidr('10.0.256.0/24')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  test('overlap is symmetric and exact at the edges', () => {
    const a = parseCidr('10.0.0.0/24')!;
    const b = parseCidr('10.0.1.0/24')!;
    const c = parseCidr('10.0.0.128/25')!;
    expect(cidrsOverlap(a, b)).toBe(false);
    expect(cidrsOverlap(a, c)).toBe(true);
    expect(cidrsOverlap(c, a)).toBe(true);
  });

  test('containment and private ranges', () => {
    expect(cidrContainsIp(parseCidr('172.16.0.0/16')!, parseIpv4('172.16.0.10')!)).toBe(true);
    expect(cidrContainsIp(parseCidr('172.16.0.0/16')!, parseIpv4('172.17.0.10')!)).toBe(false);
    expect(isPrivateCidr(parseCidr('100.64.0.0/16')!)).toBe(true);
    expect(isPrivateCidr(parseCidr('8.8.8.0/24')!)).toBe(false);
  });
});
