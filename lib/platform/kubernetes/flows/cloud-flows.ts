import { environmentBindings } from '../../../config/environment-bindings';
import { azureMlDependencyNames } from '../../../contract/azure-ml/azure-ml-names';
import { AZURE_ML_IDENTITY_PROXY } from '../../../k8s/azureml/azureml-network-policies';
import { modelPublisherCalls, modelPublisherLabels } from '../../../k8s/azureml/model-publisher-job';
import { CloudEndpoint } from '../../../k8s/network/cloud-endpoints';
import { modelPublisherPlan } from '../azure-ml-chart';
import { cloudEndpointsFor } from '../../../config/identity-egress';
import { CredentialRequirement, Flow, PodEndpoint } from './flow';
import { cloudDestinations, FlowSources, namespacePod, podsSelected } from './flow-sources';

function callFlows(sources: FlowSources, pod: PodEndpoint, endpoints: readonly CloudEndpoint[], credential: CredentialRequirement, purpose: string): Flow[] {
  return endpoints.flatMap((endpoint) => cloudDestinations(sources.target, endpoint).map(({ destination, port }): Flow => ({
    family: 'cloud', source: pod, destination, port, protocol: 'TCP', credential, purpose,
  })));
}

/**
 * Calls to cloud APIs, each with the credential it needs:
 * - every workload identity binding of a pod on this cluster (the environment's `identities`, and the bindings the
 *   platform derives, such as the training jobs' data readers): its token exchange and the services its grants name
 *   (`cloudEndpointsFor`, the function the namespace's egress policy is written from);
 * - the model publisher: every endpoint its steps call (`modelPublisherCalls`);
 * - Azure ML's model and training pods: the extension's identity proxy and the Azure (and, when publishing to Google,
 *   Google) endpoints Microsoft lists for Kubernetes computes.
 */
export function cloudFlows(sources: FlowSources): Flow[] {
  const { target } = sources;
  const env = target.environment;
  const flows: Flow[] = [];
  for (const binding of environmentBindings(env).filter((b) => b.workload.cluster.name === target.clusterName)) {
    const pods = sources.pods.filter((p) => p.namespace === binding.workload.namespace && p.serviceAccount === binding.workload.serviceAccount);
    for (const pod of pods) {
      flows.push(...callFlows(sources, pod, cloudEndpointsFor(binding), { kind: 'binding', binding }, `${binding.name}: ${pod.serviceAccount} calls ${binding.identity.cloud === 'azure' ? 'Azure' : 'Google'} as its bound identity`));
    }
  }

  const publisher = target.cloud === 'azure' ? modelPublisherPlan(env) : undefined;
  if (publisher) {
    const identity = `the Azure ML compute identity federated with ${publisher.namespace}/model-publisher`;
    for (const pod of podsSelected(sources, publisher.namespace, modelPublisherLabels())) {
      for (const call of modelPublisherCalls(publisher)) {
        const credential: CredentialRequirement = call.credential === 'azure'
          ? { kind: 'aks-workload-identity', identity }
          : { kind: 'entra-to-google', configMap: 'model-publisher-google', identity };
        flows.push(...callFlows(sources, pod, [call.endpoint], credential, `the model publisher copies ${publisher.sourceImage} to ${publisher.targetRepository}`));
      }
    }
  }

  const azureMl = target.cloud === 'azure' ? env.azure?.azureMl : undefined;
  if (azureMl && env.azure) {
    const names = azureMlDependencyNames({ name: azureMl.workspaceName });
    const azure: CloudEndpoint[] = ['entra-login', { service: 'container-registry', registry: names.containerRegistry }];
    const proxy = sources.charts.identityProxy;
    for (const compute of azureMl.computes) {
      const pod = namespacePod(sources, compute.namespace, `Azure ML ${compute.purpose} pods of ${compute.namespace}`);
      const purpose = `Azure ML ${compute.purpose} (${compute.name}) runs its pods with the compute identity`;
      flows.push({ family: 'service', source: pod, destination: proxy, port: AZURE_ML_IDENTITY_PROXY.port, protocol: 'TCP', purpose: `${purpose}: tokens from the identity proxy` });
      const credential: CredentialRequirement = { kind: 'managed', by: `${compute.name}'s identity through the Azure ML identity proxy` };
      flows.push(...callFlows(sources, pod, azure, credential, purpose));
      for (const host of [`${env.azure.location}.api.azureml.ms`, `${names.storageAccount}.blob.core.windows.net`]) {
        flows.push({ family: 'cloud', source: pod, destination: { kind: 'host', host, resolvesTo: 'public' }, port: 443, protocol: 'TCP', credential, purpose });
      }
    }
  }
  return flows;
}
