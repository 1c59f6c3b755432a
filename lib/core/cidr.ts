import { Issues } from './validation';

/** An IPv4 CIDR block, parsed once so that overlap and containment are integer comparisons. */
export interface Ipv4Cidr {
  readonly text: string;
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IP_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | undefined {
  const m = IP_SHAPE.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

// The flow evaluator reads the same few policy CIDRs thousands of times; a parse depends on the text alone.
const parsed = new Map<string, Ipv4Cidr | undefined>();

/** Parses `a.b.c.d/n`. Returns undefined for anything else, including host bits set past the prefix. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const cidr = parseCidrText(text);
  parsed.set(text, cidr);
  return cidr;
}

function parseCidrText(text: string): Ipv4Cidr | undefined {
  const m = CIDR_SHAPE.exec(text);
  if (!m) return undefined;
  const base = parseIpv4(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`);
  const prefix = Number(m[5]);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { text, first: base, last: base + size - 1, prefix };
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

export function cidrContainsIp(cidr: Ipv4Cidr, ip: number): boolean {
  return cidr.first <= ip && ip <= cidr.last;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return cidr.last - cidr.first + 1;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c) as Ipv4Cidr);

/** RFC 1918 or RFC 6598 (shared address space), the ranges AKS overlay and GKE accept for pods and services. */
export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidrContains(range, cidr));
}

/** Parses a CIDR field, recording an issue when it is malformed. */
export function checkCidr(issues: Issues, field: string, value: string | undefined): Ipv4Cidr | undefined {
  if (value === undefined) return undefined;
  const parsed = parseCidr(value);
  issues.check(parsed !== undefined, field, value, 'must be an IPv4 CIDR block a.b.c.d/n with no host bits set');
  return parsed;
}

/** Records an issue for every pair of named CIDRs that overlap. */
export function checkDisjoint(issues: Issues, named: ReadonlyArray<readonly [string, Ipv4Cidr | undefined]>, rule: string): void {
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [fieldA, a] = named[i];
      const [fieldB, b] = named[j];
      if (a && b && cidrsOverlap(a, b)) {
        issues.add(fieldA, a.text, `overlaps ${fieldB} (${b.text}); ${rule}`);
      }
    }
  }
}
