import { Issues } from '../../core/validation';
import { checkDnsLabel, checkLabels } from '../../contract/kubernetes-names';
import { InboundPolicy } from '../../contract/linkerd-annotations';
import { resourceRules, ResourceSpec } from '../../contract/quantities';
import type { MeshedNamespaceProps } from './meshed-namespace';

export const DEFAULT_PROXY_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } };
const INBOUND_POLICIES: readonly InboundPolicy[] = ['deny', 'all-authenticated', 'cluster-authenticated', 'all-unauthenticated', 'cluster-unauthenticated', 'audit'];
const PRODUCTION_INBOUND_POLICIES: readonly InboundPolicy[] = ['deny', 'all-authenticated', 'cluster-authenticated'];

export function meshedNamespaceRules(props: MeshedNamespaceProps, production: boolean, issues: Issues): void {
  checkDnsLabel(issues, 'name', props.name);
  checkLabels(issues, 'labels', props.labels ?? {});
  const policy = props.defaultInboundPolicy ?? 'deny';
  if (issues.check(INBOUND_POLICIES.includes(policy), 'defaultInboundPolicy', policy, `must be one of ${INBOUND_POLICIES.join(', ')}`)) {
    issues.check(!production || PRODUCTION_INBOUND_POLICIES.includes(policy), 'defaultInboundPolicy', policy,
      `must be one of ${PRODUCTION_INBOUND_POLICIES.join(', ')} on a production cluster: an unauthenticated or audit default admits every client`);
  }
  resourceRules(props.proxyResources ?? DEFAULT_PROXY_RESOURCES, issues.at('proxyResources'));
}
