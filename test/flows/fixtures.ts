import { ClusterTarget, clusterTargets } from '../../lib/config/cluster-targets';
import { KubeObject } from '../../lib/platform/kubernetes/cluster-output';
import { chartPods } from '../../lib/platform/kubernetes/flows/chart-pods';
import { ClusterObjects } from '../../lib/platform/kubernetes/flows/cluster-objects';
import { FlowContext } from '../../lib/platform/kubernetes/flows/evaluate-flow';
import { Labels, PodEndpoint } from '../../lib/platform/kubernetes/flows/flow';
import { lab, qa } from '../support/test-environments';

// Small, hand-written folders for the evaluator's rule families: every object here is what a folder could hold, and each
// test adds or breaks one thing to see the verdict change.

export const AKS: ClusterTarget = clusterTargets(qa)[0];
export const GKE: ClusterTarget = clusterTargets(lab)[0];

export function pod(namespace: string, name: string, labels: Labels, options: Partial<PodEndpoint> = {}): PodEndpoint {
  return {
    kind: 'pod', name: `${namespace}/${name}`, namespace, labels, annotations: {}, serviceAccount: name, meshed: false, ports: [], probes: [],
    identity: { serviceAccountAnnotations: {}, projectedTokenAudiences: [], configMaps: [], env: [] },
    ...options,
  };
}

export function context(target: ClusterTarget, objects: readonly KubeObject[]): FlowContext {
  return { target, objects: new ClusterObjects(objects), resolvers: [chartPods(target).kubeDns] };
}

export const namespaceObject = (name: string, annotations: Labels = {}, labels: Labels = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations, labels } });

export const networkPolicy = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

export const ciliumPolicy = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace }, spec });

export const linkerd = (kind: string, namespace: string, name: string, spec: Record<string, unknown>, version = 'v1alpha1'): KubeObject =>
  ({ apiVersion: `policy.linkerd.io/${version}`, kind, metadata: { name, namespace }, spec });

export const httpRoute = (namespace: string, name: string, server: string, matches: readonly Record<string, unknown>[]): KubeObject =>
  ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace }, spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: server }], rules: [{ matches }] } });

/** Default deny both ways, as NamespaceNetworkPolicies writes it per dataplane. */
export const kubeDefaultDeny = (namespace: string) => networkPolicy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
export const ciliumDefaultDeny = (namespace: string) => ciliumPolicy(namespace, 'default-deny', { endpointSelector: {}, ingress: [{}], egress: [{}] });
