import { PortProtocol } from '../core/workload';

/**
 * The Service port `appProtocol` for a workload port. Linkerd 2.18+ reads it instead of detecting the protocol
 * (linkerd.io/2-edge/features/protocol-detection): `http` is HTTP/1, `kubernetes.io/h2c` is HTTP/2 and
 * `linkerd.io/opaque` is TCP. Any other value, `grpc` included, is treated as opaque, which silently turns off
 * HTTPRoute splitting, retries and L7 metrics; so gRPC is spoken as h2c here.
 */
export function serviceAppProtocol(protocol: PortProtocol): string {
  switch (protocol) {
    case 'http1':
      return 'http';
    case 'http2':
    case 'grpc':
      return 'kubernetes.io/h2c';
    case 'opaque':
      return 'linkerd.io/opaque';
  }
}

/** The Server `proxyProtocol` for a workload port (policy.linkerd.io/v1beta3 Server CRD enum). */
export function serverProxyProtocol(protocol: PortProtocol): string {
  switch (protocol) {
    case 'http1':
      return 'HTTP/1';
    case 'http2':
      return 'HTTP/2';
    case 'grpc':
      return 'gRPC';
    case 'opaque':
      return 'opaque';
  }
}
