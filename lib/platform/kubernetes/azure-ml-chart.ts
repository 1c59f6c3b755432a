import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { AzureEnvironmentConfig,AzureMlConfig,EnvironmentConfig } from '../../config/environment';
import { PlatformChart } from '../../k8s/core/cluster-context';
import { AzureMlInferenceAccess } from '../../k8s/azureml/azureml-inference-access';
import { AzureMlComputeNamespace,AzureMlSystemNamespace } from '../../k8s/azureml/azureml-namespaces';
import { AzureMlNetworkPolicies } from '../../k8s/azureml/azureml-network-policies';
import { AzureMlInstanceTypes } from '../../k8s/azureml/instance-type';
import { AzureMlRouterCertificate } from '../../k8s/azureml/azureml-router-certificate';
import { modelPublisherCalls,ModelPublisherJob } from '../../k8s/azureml/model-publisher-job';
import { NamespaceNetworkPolicies } from '../../k8s/network/namespace-network-policies';
import { NetworkBaselines } from '../../k8s/network/network-baselines';
import { federationPoolId } from '../../config/environment-bindings';
import { AZURE_ML_APP_ID_URI_OUTPUT,pipelineClientIdOutput,PROJECT_NUMBER_OUTPUT } from '../../contract/output-names';
import { podSecurityMetadata } from '../../contract/pod-security';
import { AzureMlInstanceTypeSpec } from '../../contract/azure-ml/instance-types';
import { azureMlDependencyNames } from '../../contract/azure-ml/azure-ml-names';
import { AZURE_ML_DEPLOYER_ID,AZURE_ML_PROVIDER_ID,MODEL_PUBLISHER_SERVICE_ACCOUNT } from '../../contract/azure-ml/azure-ml-google';
import { ModelDeployerAccess } from '../../k8s/azureml/model-deployer-access';
import { googleServiceAccountEmail, workloadIdentityProviderName, workloadIdentityPoolName } from '../../contract/identity/identity-names';

/** Where the model publisher runs and what it copies, when the environment publishes to Google. */
export interface ModelPublisherPlan {
  readonly namespace: string;
  readonly sourceRegistry: string;
  readonly sourceImage: string;
  readonly targetRepository: string;
}

/** The publisher's settings, derived once for the chart and for the flow model. */
export function modelPublisherPlan(env: EnvironmentConfig): ModelPublisherPlan | undefined {
  const azureMl = env.azure?.azureMl;
  const publisher = azureMl?.google?.publisher;
  const registry = env.gcp?.modelRegistry;
  if (!azureMl || !publisher || !env.gcp || !registry) return undefined;
  return {
    namespace: publisher.namespace,
    sourceRegistry: azureMlDependencyNames({ name: azureMl.workspaceName }).containerRegistry,
    sourceImage: publisher.sourceImage,
    targetRepository: `${registry.location ?? env.gcp.region}-docker.pkg.dev/${env.gcp.project}/${registry.repository}`,
  };
}

export interface AzureMlChartProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureEnvironmentConfig;
  readonly azureMl: AzureMlConfig;
}

/**
 * The Kubernetes side of Azure ML on an AKS cluster: the unmeshed `azureml` system namespace, one namespace
 * per compute (inference meshed, training not), their network policies, the azureml-fe path into inference
 * namespaces, azureml-fe's certificate when it serves TLS, the InstanceTypes, the model publisher Job and the deployer's
 * ServiceAccount. Namespaces the serving chart already created
 * (the reference puts Azure ML inference in `mlops`) are reused, not created twice.
 */
export class AzureMlChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: AzureMlChartProps) {
    super(scope, id);
    const { env, azure, azureMl } = props;
    const trafficRedirect = azure.kubernetes.mesh?.trafficRedirect;
    const baselines = NetworkBaselines.of(this);

    new AzureMlSystemNamespace(this, 'system-namespace');
    for (const compute of azureMl.computes) {
      if (baselines.find(compute.namespace)) continue;
      new AzureMlComputeNamespace(this, `namespace-${compute.namespace}`, { name: compute.namespace, purpose: compute.purpose, trafficRedirect });
    }
    new AzureMlNetworkPolicies(this, 'network', {
      computeNamespaces: azureMl.computes.map((c) => ({ name: c.namespace, purpose: c.purpose })),
    });
    for (const compute of azureMl.computes.filter((c) => c.purpose === 'inference')) {
      new AzureMlInferenceAccess(this, `inference-access-${compute.namespace}`, { namespace: compute.namespace });
    }
    const router = azureMl.inferenceRouter;
    if ((azureMl.enableInference ?? true) && router?.type === 'internalLoadBalancer') {
      new AzureMlRouterCertificate(this, 'router-certificate', { sslSecretName: router.sslSecretName, sslCname: router.sslCname, issuer: router.certificateIssuer });
    }
    new AzureMlInstanceTypes(this, 'instance-types', { instanceTypes: uniqueByName(azureMl.computes.flatMap((c) => c.instanceTypes)) });

    const publisher = modelPublisherPlan(env);
    if (publisher && env.gcp) {
      const gcp = env.gcp;
      const outputs = this.cluster.outputs;
      const projectNumber = gcp.projectNumber ?? outputs.get(`${env.name}-gcp`, PROJECT_NUMBER_OUTPUT, 'Google project number');
      const providerName = workloadIdentityProviderName(workloadIdentityPoolName(projectNumber, federationPoolId(env)), AZURE_ML_PROVIDER_ID);
      new k8s.KubeNamespace(this, 'publisher-namespace', {
        // The publisher is unmeshed (it talks only to cloud registries) and needs nothing beyond restricted.
        metadata: {
          name: publisher.namespace,
          labels: podSecurityMetadata({ enforce: 'restricted' }, this.node.path).labels,
          annotations: { 'linkerd.io/inject': 'disabled' },
        },
      });
      const network = new NamespaceNetworkPolicies(this, 'publisher-network', { namespace: publisher.namespace, meshed: false });
      const appIdUri = outputs.get(`${env.name}-gcp`, AZURE_ML_APP_ID_URI_OUTPUT, 'App ID URI of the Entra application Google trusts');
      const job = new ModelPublisherJob(this, 'publisher', {
        namespace: publisher.namespace,
        serviceAccountName: MODEL_PUBLISHER_SERVICE_ACCOUNT,
        identityClientId: outputs.get(`${env.name}-azure`, pipelineClientIdOutput('model-publisher'), 'client ID of the model publisher identity'),
        appIdUri,
        googleProviderName: providerName,
        sourceRegistry: publisher.sourceRegistry,
        sourceImage: publisher.sourceImage,
        targetRepository: publisher.targetRepository,
      });
      // The Job's only way out: the endpoints its steps call (R2), by name where the dataplane filters by name.
      network.allowCloudEgress(modelPublisherCalls(publisher).map((c) => c.endpoint), {
        name: 'allow-publisher-egress',
        podSelector: job.selector,
        allowUnfilteredHttps: azure.kubernetes.egress?.allowUnfilteredHttps,
      });
      new ModelDeployerAccess(this, 'deployer', {
        namespace: publisher.namespace,
        identityClientId: outputs.get(`${env.name}-azure`, pipelineClientIdOutput('model-deployer'), 'client ID of the model deployer identity'),
        appIdUri,
        providerName,
        deployerEmail: googleServiceAccountEmail(azureMl.google!.deployerServiceAccountId ?? AZURE_ML_DEPLOYER_ID, gcp.project),
      });
    }
  }
}

/** InstanceType is cluster-scoped: computes that share a type (such as the default) share one object. */
function uniqueByName(types: readonly AzureMlInstanceTypeSpec[]): AzureMlInstanceTypeSpec[] {
  const byName = new Map<string, AzureMlInstanceTypeSpec>();
  for (const type of types) if (!byName.has(type.name)) byName.set(type.name, type);
  return [...byName.values()];
}
