import { Issues } from '../../core/validation';
import { LINKERD_PROXY_PORTS } from '../../contract/linkerd';

/** An application port must not be one the Linkerd proxy listens on in the same pod. */
export function checkNotProxyPort(issues: Issues, field: string, port: number): boolean {
  return issues.check(!LINKERD_PROXY_PORTS.includes(port), field, port,
    `must not be a port of the Linkerd proxy (${LINKERD_PROXY_PORTS.join(', ')}), which listens in every meshed pod`);
}
