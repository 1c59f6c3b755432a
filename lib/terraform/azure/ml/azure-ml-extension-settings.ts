import { Issues } from '../../../core/validation';
import { isUnresolved } from '../../../core/unresolved';
import { AZURE_ML_POOL_LABEL } from '../../../contract/azure-ml/azure-ml-pool-labels';
import { textOrder } from '../../../core/text-order';

/**
 * How azureml-fe (the inference router) is exposed.
 * - `clusterIP`: reachable only inside the cluster, over plain HTTP (`allowInsecureConnections=True`); the path from a
 *   client to azureml-fe and on to the model pods is unencrypted. Refused in production.
 * - `internalLoadBalancer`: an Azure internal load balancer with TLS at azureml-fe (TLS 1.2), from the Secret
 *   `azureml/<sslSecretName>` holding `cert.pem` (full chain) and `key.pem` (deploy-extension.md, `sslSecret`). The
 *   Kubernetes half issues the certificate in the cluster with cert-manager from `certificateIssuer` and copies it
 *   into that Secret under those key names (AzureMlRouterCertificate), so no key ever enters Terraform state; the
 *   protected `sslCertPemFile`/`sslKeyPemFile` settings, which would put the key there, are never used.
 * A public load balancer and nodePort are not offered: the platform keeps the router internal.
 */
export type AzureMlInferenceRouter =
  | { readonly type: 'clusterIP' }
  | {
    readonly type: 'internalLoadBalancer';
    readonly sslSecretName: string;
    readonly sslCname: string;
    /** The cert-manager issuer that signs the router's certificate (the organization's CA or an ACME issuer). */
    readonly certificateIssuer: { readonly kind: 'ClusterIssuer' | 'Issuer'; readonly name: string };
  };

/** What the settings map is computed from; a subset of the extension construct's props plus cluster facts. */
export interface AzureMlExtensionSettingsInput {
  /** AKS resource ID. */
  readonly clusterId: string;
  /** AKS name. */
  readonly clusterName: string;
  /** AKS region, for example westeurope. */
  readonly location: string;
  readonly enableTraining: boolean;
  readonly enableInference: boolean;
  /** @default { type: 'clusterIP' } */
  readonly inferenceRouter?: AzureMlInferenceRouter;
  /** Three azureml-fe replicas (needs three nodes); the production setting. */
  readonly inferenceRouterHa: boolean;
  /** Install NVIDIA's device plugin DaemonSet (restricted to Azure ML pools by the nodeSelector). */
  readonly installNvidiaDevicePlugin: boolean;
  /** @default true — false when the cluster already runs a prometheus-operator */
  readonly installPrometheusOperator?: boolean;
  /** @default true — false when the cluster already runs Volcano (then it must use Azure ML's scheduler config) */
  readonly installVolcano?: boolean;
  /** @default false */
  readonly installDcgmExporter?: boolean;
  /**
   * Another ingress-nginx runs in the cluster, so the extension's controller takes its own class
   * (how-to-troubleshoot-kubernetes-extension, "ingress-nginx").
   * @default false
   */
  readonly otherIngressNginx?: boolean;
}

/**
 * The complete `configuration_settings` map. The Azure CLI adds several keys on its own before it calls ARM
 * (azure-cli-extensions src/k8s-extension/.../partner_extensions/AzureMLKubernetes.py, `Create`), and the official
 * ARM template does the same (Azure/AML-Kubernetes files/deployextension.json). Terraform sends only what it is
 * given, so every one of them is written here; a minimal map is the likely cause of hashicorp/terraform-provider-
 * azurerm#24547 ("pod healthcheck failed"). Values are the strings the chart expects ("True"/"False" for the
 * documented switches, lowercase for the internal chart toggles, as the CLI writes them).
 */
export function azureMlExtensionSettings(input: AzureMlExtensionSettingsInput): Record<string, string> {
  const flag = (b: boolean): string => (b ? 'True' : 'False');
  const router = input.inferenceRouter ?? { type: 'clusterIP' };
  const location = isUnresolved(input.location) ? input.location : input.location.toLowerCase();
  const settings: Record<string, string> = {
    enableTraining: flag(input.enableTraining),
    enableInference: flag(input.enableInference),
    // One shared label for every Azure ML pool: the selector applies to every Azure ML workload (§ nodeSelector).
    [`nodeSelector.${AZURE_ML_POOL_LABEL.key}`]: AZURE_ML_POOL_LABEL.value,
    installNvidiaDevicePlugin: flag(input.installNvidiaDevicePlugin),
    installPromOp: flag(input.installPrometheusOperator ?? true),
    installVolcano: flag(input.installVolcano ?? true),
    installDcgmExporter: flag(input.installDcgmExporter ?? false),
    // The CLI writes DevTest when the cluster has fewer than three nodes; the ARM template uses FastProd.
    clusterPurpose: input.inferenceRouterHa ? 'FastProd' : 'DevTest',
    // Keys the CLI injects (AzureMLKubernetes.py Create): cluster identity, location and AKS-specific toggles.
    cluster_name: input.clusterId,
    clusterId: input.clusterId,
    'prometheus.prometheusSpec.externalLabels.cluster_name': input.clusterId,
    cluster_name_friendly: input.clusterName,
    location,
    jobSchedulerLocation: location,
    // The CLI's own spelling bug ("doamin") means it always writes this form rather than the bare location.
    domain: `${location}.cloudapp.azure.com`,
    'servicebus.enabled': 'false',
    // The relay server exists for Azure Arc clusters only; AKS has no Azure Relay.
    'relayserver.enabled': 'false',
    'nginxIngress.enabled': 'true',
  };
  if (input.otherIngressNginx) settings['nginxIngress.controller'] = 'k8s.io/amlarc-ingress-nginx';
  if (input.enableInference) {
    settings.inferenceRouterHA = flag(input.inferenceRouterHa);
    if (router.type === 'clusterIP') {
      // Spelled as the extension docs' settings table does (clusterIP | loadBalancer | nodePort); the ARM
      // template's PascalCase is accepted too, as the CLI compares case-insensitively.
      settings.inferenceRouterServiceType = 'clusterIP';
      // Plain HTTP: the extension requires TLS unless this is set (deploy-extension.md), which production refuses.
      settings.allowInsecureConnections = 'True';
    } else {
      settings.inferenceRouterServiceType = 'loadBalancer';
      settings.internalLoadBalancerProvider = 'azure';
      settings['scoringFe.serviceType.internalLoadBalancer'] = 'true';
      settings.allowInsecureConnections = 'False';
      settings.sslSecret = router.sslSecretName;
      settings['scoringFe.sslSecret'] = router.sslSecretName;
      settings.sslCname = router.sslCname;
    }
  }
  return Object.fromEntries(Object.entries(settings).sort(([a], [b]) => textOrder(a, b)));
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const K8S_NAME = /^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/;

export function azureMlExtensionSettingsRules(input: AzureMlExtensionSettingsInput, issues: Issues, production = false): void {
  issues.check(input.enableTraining || input.enableInference, 'enableTraining', input.enableTraining,
    'at least one of enableTraining and enableInference must be true (the extension refuses neither)');
  const router = input.inferenceRouter;
  if (production && input.enableInference) {
    issues.check(router?.type === 'internalLoadBalancer', 'inferenceRouter', router ?? { type: 'clusterIP' },
      'production inference serves TLS at azureml-fe: set { type: \'internalLoadBalancer\', sslSecretName, sslCname, certificateIssuer }; the clusterIP router runs with allowInsecureConnections=True, so requests and model answers cross the network in clear text');
  }
  if (router?.type === 'internalLoadBalancer') {
    issues.check(K8S_NAME.test(router.sslSecretName), 'inferenceRouter.sslSecretName', router.sslSecretName, 'must be the name of a Secret in the azureml namespace (holding cert.pem and key.pem)');
    issues.check(HOSTNAME.test(router.sslCname), 'inferenceRouter.sslCname', router.sslCname, 'must be the lowercase DNS name clients use for the router (it must match the certificate)');
    issues.check(K8S_NAME.test(router.certificateIssuer.name), 'inferenceRouter.certificateIssuer.name', router.certificateIssuer.name, 'must name a cert-manager issuer');
  }
}
