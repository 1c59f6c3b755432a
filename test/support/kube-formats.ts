import type Ajv from 'ajv';
import { _, type Code, type Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import * as net from 'net';

/**
 * Go `time.ParseDuration` syntax ("30s", "1h30m", "1.5h", "-2m", "0"): what Flagger, cert-manager and
 * Gateway API controllers parse these fields with. ajv-formats' `duration` is ISO-8601 ("PT30S") instead.
 * Grammar: https://pkg.go.dev/time#ParseDuration
 */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/** Go `net.ParseCIDR`: an IPv4 or IPv6 address, a slash, and a prefix length within the address size. */
export function isCidr(value: string): boolean {
  const match = /^([^/%]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const bits = net.isIPv4(match[1]) ? 32 : net.isIPv6(match[1]) ? 128 : 0;
  return bits > 0 && Number(match[2]) <= bits;
}

/**
 * The `format`s that upstream CRDs use, checked the way the API server (kube-openapi strfmt) and the
 * controllers read them (ajv-formats' full mode for the standard ones). `string`, `url` and `idn-hostname` are not
 * checked by the API server (unknown formats are ignored), so they are accepted as is.
 */
export const KUBE_FORMATS: Readonly<Record<string, Format>> = {
  ...Object.fromEntries(
    (['int32', 'int64', 'float', 'double', 'byte', 'date-time', 'date', 'uuid', 'ipv4', 'ipv6', 'hostname', 'email'] as const).map((name) => [name, fullFormats[name]]),
  ),
  duration: GO_DURATION,
  cidr: { type: 'string', validate: isCidr },
  string: true,
  url: true,
  'idn-hostname': true,
};

/** Where compiled validators find KUBE_FORMATS (ajv option `code.formats`): standalone code requires this file. */
export const KUBE_FORMATS_CODE: Code = _`require(${__filename}).KUBE_FORMATS`;

export function addKubeFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(KUBE_FORMATS)) ajv.addFormat(name, format);
}
