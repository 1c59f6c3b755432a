import { ClusterTarget } from '../../../config/cluster-targets';
import { usesCanary, vizInstalled } from '../../../config/cluster-features';
import { VIZ_COMPONENTS } from '../../../contract/chart-components';
import { FLAGGER_NAMESPACE, LINKERD_VIZ_PROMETHEUS_SERVER } from '../../../contract/flagger';
import { KubeObject } from '../cluster-output';

const POLICY = 'policy.linkerd.io';

/**
 * The Linkerd policy objects the add-on charts install and the platform's flows depend on, as the charts render them,
 * so the evaluator judges a flow into a chart's pod on what the cluster will hold rather than on the folder alone:
 * - linkerd-viz (viz/charts/linkerd-viz/templates/prometheus-policy.yaml at version-2.20): Server `prometheus-admin`
 *   on Prometheus's 9090 and an AuthorizationPolicy admitting only `metrics-api` (research-mesh §5);
 * - Flagger with `linkerdAuthPolicy.create` (charts/flagger/templates/authorizationpolicy.yaml at v1.44.0): the same
 *   Server for Flagger's ServiceAccount.
 * Everything else a chart installs is not modelled; flows into those pods get the `chart` verdict at the mesh layer.
 */
export function chartPolicyObjects(target: ClusterTarget): KubeObject[] {
  if (!vizInstalled(target.kubernetes)) return [];
  const { namespace, name } = LINKERD_VIZ_PROMETHEUS_SERVER;
  const authorize = (policyName: string, serviceAccount: string, serviceAccountNamespace: string): KubeObject => ({
    apiVersion: `${POLICY}/v1alpha1`,
    kind: 'AuthorizationPolicy',
    metadata: { name: policyName, namespace },
    spec: {
      targetRef: { group: POLICY, kind: 'Server', name },
      requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: serviceAccountNamespace }],
    },
  });
  return [
    {
      apiVersion: `${POLICY}/v1beta3`,
      kind: 'Server',
      metadata: { name, namespace },
      spec: {
        podSelector: { matchLabels: { 'linkerd.io/extension': 'viz', ...VIZ_COMPONENTS.prometheus.selector } },
        port: VIZ_COMPONENTS.prometheus.port,
        proxyProtocol: 'HTTP/1',
      },
    },
    authorize(name, 'metrics-api', namespace),
    ...(usesCanary(target.kubernetes) ? [authorize(`${name}-flagger`, 'flagger', FLAGGER_NAMESPACE)] : []),
  ];
}
