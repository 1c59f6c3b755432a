/**
 * The GKE control plane's private range when the config names none: a /28, as GKE private clusters require. The
 * Terraform half creates the cluster with it; the Kubernetes half admits webhook calls and API-server egress from it.
 */
export const GKE_DEFAULT_MASTER_CIDR = '172.16.0.0/28';
