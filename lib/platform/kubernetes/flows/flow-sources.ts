import { ClusterTarget } from '../../../config/cluster-targets';
import { CloudEndpoint, destinationOf, GOOGLE_API_VIPS } from '../../../k8s/network/cloud-endpoints';
import { ClusterOutput } from '../cluster-output';
import { ClusterObjects } from './cluster-objects';
import { AddressEndpoint, Endpoint, Labels, PodEndpoint } from './flow';
import { selects } from './label-selector';
import { injectedLabels, isMeshed } from './pod-inventory';

/** What the required-flow generators read: the cluster's config, its folder, the pods it runs and those of its charts. */
export interface FlowSources {
  readonly target: ClusterTarget;
  readonly output: ClusterOutput;
  readonly objects: ClusterObjects;
  /** The pods the folder runs (one per pod template). */
  readonly pods: readonly PodEndpoint[];
  /** Pods of the add-on charts and of the cloud, by role (chart-pods.ts). */
  readonly charts: Readonly<Record<string, PodEndpoint>>;
}

/** The folder's pods in a namespace that a selector picks. */
export function podsSelected(sources: FlowSources, namespace: string, selector: Labels): PodEndpoint[] {
  return sources.pods.filter((p) => p.namespace === namespace && selects({ matchLabels: selector }, p.labels));
}

/**
 * A pod the folder does not render but that will run: Azure ML's model pods, or any future pod of a namespace that a
 * rule admits as a whole. It carries only what its namespace gives it.
 */
export function namespacePod(sources: FlowSources, namespace: string, name: string, labels: Labels = {}, serviceAccount = 'default'): PodEndpoint {
  const meshed = isMeshed({}, sources.objects.namespaceAnnotations(namespace));
  return {
    kind: 'pod',
    name,
    namespace,
    labels: { ...labels, ...(meshed ? injectedLabels(namespace) : {}) },
    annotations: {},
    serviceAccount,
    meshed,
    ports: [],
    probes: [],
    identity: { serviceAccountAnnotations: {}, projectedTokenAudiences: [], configMaps: [], env: [] },
  };
}

/** The stand-in for "every meshed workload of a namespace", as `allowFromNamespace` admits them. */
export function anyMeshedPodOf(sources: FlowSources, namespace: string): PodEndpoint {
  return namespacePod(sources, namespace, `any meshed pod of ${namespace}`);
}

/** The API server as pods reach it: Cilium's `kube-apiserver` entity; on GKE the control plane's private range. */
export function apiServer(target: ClusterTarget): AddressEndpoint {
  return { kind: 'address', name: 'API server', entity: 'kube-apiserver', cidr: target.controlPlaneCidr };
}

/**
 * Where the API server's calls to webhooks and APIServices come from: through the konnectivity agents (a pod address)
 * and directly from the control plane (its private range on GKE, crossing the VPC firewall). Both paths occur
 * (research-mesh §11, research-gcp §1), so both must be open.
 */
export function apiServerCallers(sources: FlowSources): (PodEndpoint | AddressEndpoint)[] {
  return [sources.charts.konnectivity, { kind: 'address', name: 'control plane', entity: 'kube-apiserver', cidr: sources.target.controlPlaneCidr }];
}

/** The kubelet, probing from its node. */
export function kubelet(target: ClusterTarget): AddressEndpoint {
  return { kind: 'address', name: 'kubelet', entity: 'host', cidr: target.nodeCidr };
}

/**
 * Where a cloud endpoint is reached: fixed addresses (the GKE metadata server), or a DNS name resolving to a public
 * address, or to the Private Google Access VIP when the cluster's egress names one (the VPC's DNS maps Google APIs to it).
 */
export function cloudDestinations(target: ClusterTarget, endpoint: CloudEndpoint): { readonly destination: Endpoint; readonly port: number }[] {
  const d = destinationOf(endpoint);
  if (d.addresses) return d.addresses.map((a) => ({ destination: { kind: 'address', name: d.label, cidr: a.cidr, entity: 'world' }, port: a.port }));
  const vip = target.kubernetes.egress?.googleApiVip;
  const resolvesTo = target.cloud === 'gcp' && d.googleApi && vip !== undefined ? { cidr: GOOGLE_API_VIPS[vip] } : 'public' as const;
  return [{ destination: { kind: 'host', host: d.fqdn as string, resolvesTo }, port: 443 }];
}
