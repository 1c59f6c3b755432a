import { Construct } from 'constructs';
import {
  CiliumNetworkPolicy, CiliumNetworkPolicySpecEgress, CiliumNetworkPolicySpecEgressToEntities, CiliumNetworkPolicySpecEgressToPortsPortsProtocol,
  CiliumNetworkPolicySpecIngress, CiliumNetworkPolicySpecIngressFromEntities, CiliumNetworkPolicySpecIngressToPortsPortsProtocol,
} from '../../../imports/cilium-network-policy-cilium.io';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../../contract/azure-ml/azure-ml-names';
import { Issues } from '../../core/validation';
import { ClusterContext } from '../core/cluster-context';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { DNS_PORT, KUBE_DNS } from '../network/cluster-dns';
import { NamespaceNetworkPolicies } from '../network/namespace-network-policies';
import { NetworkBaselines } from '../network/network-baselines';
import { AZURE_ML_SCORING_PORT } from './azureml-inference-access';

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
/** amlarc-identity-proxy, which model pods call for tokens (how-to-access-azureml-behind-firewall, in-cluster flows). */
export const AZURE_ML_IDENTITY_PROXY = { port: 9999, selector: { 'ml.azure.com/infra-app': 'identity-proxy' } } as const;

/**
 * Azure endpoints Azure ML pods call, from how-to-access-azureml-behind-firewall ("Scenario: Use Kubernetes
 * compute"), all HTTPS: the Azure ML service API, Entra, storage (data, models, logs) and the log upload queues
 * and tables (skippable at the cost of support diagnostics), Kusto telemetry, and the workspace registry.
 */
export const AZURE_ML_EGRESS_FQDN_PATTERNS: readonly string[] = [
  '*.api.azureml.ms',
  '*.experiments.azureml.net',
  'login.microsoftonline.com',
  '*.blob.core.windows.net',
  '*.table.core.windows.net',
  '*.queue.core.windows.net',
  '*.kusto.windows.net',
  '*.azurecr.io',
];

export interface AzureMlPolicyNamespace {
  readonly name: string;
  readonly purpose: 'inference' | 'training';
  /** @default true for inference, false for training (as AzureMlComputeNamespace) */
  readonly meshed?: boolean;
}

export interface AzureMlNetworkPoliciesProps {
  /** Namespaces of the Kubernetes computes on this cluster. */
  readonly computeNamespaces: readonly AzureMlPolicyNamespace[];
  /**
   * The platform ingress/gateway that fronts azureml-fe (router type clusterIP), allowed to port 80.
   * @default none (no path from outside the azureml namespace to azureml-fe)
   */
  readonly ingressGateway?: { readonly namespace: string; readonly selector: Readonly<Record<string, string>> };
  /**
   * More HTTPS hosts the compute namespaces' pods call beyond Azure's (the Google endpoints when Azure ML publishes to
   * Google). With FQDN policy each is a `matchName`; without it they fall under the same world:443 rule.
   * @default none
   */
  readonly extraEgressHosts?: readonly string[];
}

export function azureMlNetworkPoliciesRules(props: AzureMlNetworkPoliciesProps, issues: Issues): void {
  props.computeNamespaces.forEach((ns, i) => checkDnsLabel(issues.at('computeNamespaces').at(i), 'name', ns.name));
  (props.extraEgressHosts ?? []).forEach((host, i) => issues.check(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(host), `extraEgressHosts[${i}]`, host,
    'must be a lowercase DNS name such as "sts.googleapis.com"'));
  if (props.ingressGateway) checkDnsLabel(issues, 'ingressGateway.namespace', props.ingressGateway.namespace);
}

const tcp = (port: number) => ({ port: String(port), protocol: CiliumNetworkPolicySpecEgressToPortsPortsProtocol.TCP });

function dnsEgress(fqdn: boolean): CiliumNetworkPolicySpecEgress {
  return {
    toEndpoints: [{ matchLabels: { [NAMESPACE_LABEL]: KUBE_DNS.namespace, ...KUBE_DNS.selector } }],
    toPorts: [{
      ports: [{ port: String(DNS_PORT), protocol: CiliumNetworkPolicySpecEgressToPortsPortsProtocol.ANY }],
      // FQDN rules learn addresses from DNS answers, which needs the DNS proxy to see the queries.
      ...(fqdn ? { rules: { dns: [{ matchPattern: '*' }] } } : {}),
    }],
  };
}

/** Azure endpoints on 443: by name where ACNS FQDN policy exists, else any public address (the firewall narrows it). */
function azureEgress(fqdn: boolean, extraHosts: readonly string[] = []): CiliumNetworkPolicySpecEgress {
  return fqdn
    ? {
      toFqdNs: [...AZURE_ML_EGRESS_FQDN_PATTERNS.map((matchPattern) => ({ matchPattern })), ...extraHosts.map((matchName) => ({ matchName }))],
      toPorts: [{ ports: [tcp(443)] }],
    }
    : { toEntities: [CiliumNetworkPolicySpecEgressToEntities.WORLD], toPorts: [{ ports: [tcp(443)] }] };
}

/**
 * Cilium policies for Azure ML's namespace-level flows, from the in-cluster and outbound requirements in
 * how-to-access-azureml-behind-firewall:
 * - `azureml`: its own pods talk to each other (azureml-fe replicas on 11001/12001/12101/12201/20000/8000/8001/9001);
 *   the API server reaches the admission webhooks; compute namespaces reach the identity proxy on 9999; the
 *   ingress gateway reaches azureml-fe on 80; egress to DNS, the API server, konnectivity, Azure on 443, and
 *   azureml-fe to the model pods on 5001.
 * - each compute namespace: egress to DNS, the identity proxy and Azure on 443. (Ingress to models on 5001 is the
 *   `AzureMlInferenceAccess` traffic intent.)
 *
 * Ordering: the extension's pre-install health check tests this connectivity, and Terraform installs the
 * extension while these objects are applied by kubectl/GitOps. Apply this chart before `cdktf deploy` creates
 * the extension, or keep `azureml` out of any cluster-wide default deny until it is applied (docs/azure-ml.md).
 */
export class AzureMlNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: AzureMlNetworkPoliciesProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlNetworkPoliciesRules(props, issues);
    issues.throwIfAny(this.node.path);
    const fqdn = ClusterContext.of(this).acnsSecurity;
    // The platform baseline (default deny both ways, DNS, Linkerd where meshed) for every namespace on the path;
    // the Azure ML flows below are added to it.
    // A namespace that already has its baseline (the platform's serving namespace hosting Azure ML inference) keeps it.
    const baselines = NetworkBaselines.of(this);
    new NamespaceNetworkPolicies(this, 'baseline-azureml', { namespace: AZURE_ML_SYSTEM_NAMESPACE, meshed: false });
    for (const ns of props.computeNamespaces) {
      if (baselines.find(ns.name)) continue;
      new NamespaceNetworkPolicies(this, `baseline-${ns.name}`, { namespace: ns.name, meshed: ns.meshed ?? ns.purpose === 'inference' });
    }
    const inNamespace = (ns: string, selector: Readonly<Record<string, string>> = {}) => ({ matchLabels: { [NAMESPACE_LABEL]: ns, ...selector } });

    const ingress: CiliumNetworkPolicySpecIngress[] = [
      { fromEndpoints: [inNamespace(AZURE_ML_SYSTEM_NAMESPACE)] },
      {
        fromEntities: [CiliumNetworkPolicySpecIngressFromEntities.KUBE_HYPHEN_APISERVER],
        toPorts: [{ ports: [{ port: '443', protocol: CiliumNetworkPolicySpecIngressToPortsPortsProtocol.TCP }] }],
      },
    ];
    if (props.computeNamespaces.length > 0) {
      ingress.push({
        fromEndpoints: props.computeNamespaces.map((ns) => inNamespace(ns.name)),
        toPorts: [{ ports: [{ port: String(AZURE_ML_IDENTITY_PROXY.port), protocol: CiliumNetworkPolicySpecIngressToPortsPortsProtocol.TCP }] }],
      });
    }
    if (props.ingressGateway) {
      ingress.push({
        fromEndpoints: [inNamespace(props.ingressGateway.namespace, props.ingressGateway.selector)],
        toPorts: [{ ports: [{ port: '80', protocol: CiliumNetworkPolicySpecIngressToPortsPortsProtocol.TCP }] }],
      });
    }

    const egress: CiliumNetworkPolicySpecEgress[] = [
      { toEndpoints: [inNamespace(AZURE_ML_SYSTEM_NAMESPACE)] },
      dnsEgress(fqdn),
      { toEntities: [CiliumNetworkPolicySpecEgressToEntities.KUBE_HYPHEN_APISERVER] },
      { toEndpoints: [inNamespace('kube-system', { app: 'konnectivity-agent' })] },
      azureEgress(fqdn),
    ];
    const inference = props.computeNamespaces.filter((ns) => ns.purpose === 'inference');
    if (inference.length > 0) {
      egress.push({
        toEndpoints: inference.map((ns) => inNamespace(ns.name)),
        toPorts: [{ ports: [tcp(AZURE_ML_SCORING_PORT.port)] }],
      });
    }

    new CiliumNetworkPolicy(this, 'system', {
      metadata: { name: 'azureml-system', namespace: AZURE_ML_SYSTEM_NAMESPACE },
      spec: { endpointSelector: {}, ingress, egress },
    });

    for (const ns of props.computeNamespaces) {
      new CiliumNetworkPolicy(this, `compute-${ns.name}`, {
        metadata: { name: 'azureml-compute-egress', namespace: ns.name },
        spec: {
          endpointSelector: {},
          egress: [
            dnsEgress(fqdn),
            { toEndpoints: [inNamespace(AZURE_ML_SYSTEM_NAMESPACE, AZURE_ML_IDENTITY_PROXY.selector)], toPorts: [{ ports: [tcp(AZURE_ML_IDENTITY_PROXY.port)] }] },
            azureEgress(fqdn, props.extraEgressHosts),
          ],
        },
      });
    }
  }
}
