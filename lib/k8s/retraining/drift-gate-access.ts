import { Chart, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuthorizationPolicy } from '../../../imports/linkerd-authorization-policy-policy.linkerd.io';
import { MeshTlsAuthentication } from '../../../imports/linkerd-meshtls-authentication-policy.linkerd.io';
import { LINKERD_VIZ_PROMETHEUS_SERVER } from '../../contract/flagger';
import { Workload } from '../core/workload';
import { declareExternalObjects } from '../mesh/policy-references';
import { textOrder } from '../../core/text-order';

const readersByApp = new WeakMap<IConstruct, Map<string, { readonly name: string; readonly namespace: string }>>();

/**
 * Lets a drift gate query linkerd-viz's Prometheus. The chart's `prometheus-admin` Server admits only `metrics-api`
 * (viz/charts/linkerd-viz/templates/prometheus-policy.yaml at version-2.20), so without this the gate's queries get 403
 * (review D3, research-mesh §5). One MeshTLSAuthentication lists every gate's ServiceAccount (identityRefs are ORed)
 * and one AuthorizationPolicy on the Server requires it; both are written once per app, in the first gate's chart.
 */
export function authorizeDriftGateQueries(gate: Workload & IConstruct): void {
  const root = gate.node.root;
  let readers = readersByApp.get(root);
  if (!readers) {
    const all = new Map<string, { readonly name: string; readonly namespace: string }>();
    readers = all;
    readersByApp.set(root, all);
    const { namespace, name: server } = LINKERD_VIZ_PROMETHEUS_SERVER;
    const chart = Chart.of(gate);
    const name = `${server}-drift-gates`;
    declareExternalObjects(chart, [{ group: 'policy.linkerd.io', kind: 'Server', namespace, name: server, installedBy: 'linkerd-viz' }]);
    new MeshTlsAuthentication(chart, 'drift-gate-prometheus-readers', {
      metadata: { name, namespace },
      // Sorted, so the same gates always give the same YAML.
      spec: { identityRefs: Lazy.any({ produce: () => [...all.entries()].sort(([a], [b]) => textOrder(a, b)).map(([, sa]) => ({ kind: 'ServiceAccount', ...sa })) }) },
    });
    new AuthorizationPolicy(chart, 'drift-gate-prometheus-access', {
      metadata: { name, namespace },
      spec: {
        targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: server },
        requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name }],
      },
    });
  }
  readers.set(`${gate.namespace}/${gate.serviceAccountName}`, { name: gate.serviceAccountName, namespace: gate.namespace });
}
