/**
 * The GKE control plane's private range when the config names none: a /28, as GKE private clusters require. The
 * Terraform half creates the cluster with it; the Kubernetes half admits webhook calls and API-server egress from it.
 */
export const GKE_DEFAULT_MASTER_CIDR = '172.16.0.0/28';

/**
 * Ports GKE's own firewall rule (`gke-<cluster>-<hash>-master`) opens from the control plane to the nodes of a
 * private cluster: kubelet 10250 and 443 (cloud.google.com/kubernetes-engine/docs/concepts/firewall-rules). Every
 * other port the API server dials on a pod needs a rule of its own (API_SERVER_CALLED_PORTS).
 */
export const GKE_CONTROL_PLANE_FIREWALL_PORTS: readonly number[] = [443, 10250];
