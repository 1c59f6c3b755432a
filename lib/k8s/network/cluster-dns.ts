import { Dataplane } from '../../contract/dataplane';

/** Labels of the cluster DNS pods; both AKS CoreDNS and GKE kube-dns carry `k8s-app: kube-dns` in kube-system. */
export const KUBE_DNS = { namespace: 'kube-system', selector: { 'k8s-app': 'kube-dns' } } as const;

export const DNS_PORT = 53;

/**
 * Node-local resolvers a pod may be configured to query instead of kube-dns. A pod selector can never
 * match them (they are not pods), so default-deny egress must name them as CIDRs (tektoncd/operator#4000).
 */
export const NODE_LOCAL_DNS: Readonly<Record<Dataplane, readonly string[]>> = {
  // AKS LocalDNS listens on 169.254.10.10 (node scope) and 169.254.10.11 (cluster scope)
  // (AKS LocalDNS doc, MicrosoftDocs/azure-aks-docs, section "Verify if localdns is enabled").
  'aks-cilium': ['169.254.10.10/32', '169.254.10.11/32'],
  // GKE NodeLocal DNSCache answers on 169.254.20.10; Cloud DNS for GKE writes the metadata address
  // 169.254.169.254 into resolv.conf (cloud.google.com/kubernetes-engine/docs/how-to/nodelocal-dns-cache,
  // .../how-to/cloud-dns). Only port 53 is opened to it; the credential ports are a separate, explicit endpoint.
  'gke-dataplane-v2': ['169.254.20.10/32', '169.254.169.254/32'],
};
