import { Dataplane } from '../../contract/dataplane';

/**
 * The konnectivity-agent pods through which the managed control plane reaches in-cluster webhooks and APIServices:
 * the call arrives with the agent's pod address, not the control plane's. tigera/operator#5212 (pkg/render/common/
 * networkpolicy/networkpolicy.go, KonnectivityAgentEntityRule): "On AKS and GKE the API server reaches in-cluster
 * webhooks through konnectivity agent pods ... AKS labels them `app: konnectivity-agent` and GKE uses `k8s-app`",
 * both in kube-system (research-mesh §11). An ipBlock of the control-plane range can never match them.
 */
export const KONNECTIVITY_AGENT: Readonly<Record<Dataplane, { readonly namespace: string; readonly selector: Readonly<Record<string, string>> }>> = {
  'aks-cilium': { namespace: 'kube-system', selector: { app: 'konnectivity-agent' } },
  'gke-dataplane-v2': { namespace: 'kube-system', selector: { 'k8s-app': 'konnectivity-agent' } },
};
