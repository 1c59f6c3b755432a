import { EnvironmentConfig } from '../../lib/config/environment';
import { environmentIssues } from '../../lib/config/validate-environment';
import { externalDeployerNamespaces, identityBearingServiceAccounts } from '../../lib/config/external-deployers';
import { qa } from '../support/test-environments';
import { allEnvironments } from '../support/test-environments';

const messagesOf = (env: EnvironmentConfig): string[] => environmentIssues(env).all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
const azure = qa.azure!;
const azureMl = azure.azureMl!;
const withGoogle = (google: Partial<NonNullable<typeof azureMl.google>>): EnvironmentConfig =>
  ({ ...qa, azure: { ...azure, azureMl: { ...azureMl, google: { ...azureMl.google!, ...google } } } });

describe('no external deployer where a ServiceAccount carries a cloud identity', () => {
  test('identity-bearing ServiceAccounts come from the bindings and the pipeline, per cluster', () => {
    expect(identityBearingServiceAccounts(qa).map((b) => `${b.cloud}:${b.namespace}/${b.serviceAccount}`)).toEqual([
      'azure:scoring/scorer', 'gcp:scoring/feature-store',
      // The training job's data readers (lib/config/training-data.ts) hold an identity too.
      'gcp:scoring/scorer-fit-chief', 'gcp:scoring/scorer-fit-worker',
      'azure:aa-export/model-publisher', 'azure:aa-export/model-deployer',
    ]);
    expect(externalDeployerNamespaces(qa).map((d) => `${d.cloud}:${d.namespace}`)).toEqual(['azure:aml-online', 'azure:aml-batch', 'gcp:scoring-rollout']);
  });

  test('a GKE deploy namespace holding a bound ServiceAccount is refused, naming the field, the namespace and the ServiceAccount', () => {
    expect(messagesOf(withGoogle({ deployNamespace: 'scoring' }))).toEqual([
      'azure.azureMl.google.deployNamespace = "scoring": the Azure ML deployer (RoleBinding on Deployments) may create workloads in this namespace, where '
      + 'ServiceAccount(s) feature-store (identity binding "features-gcs"), scorer-fit-chief (identity binding "scorer-fit-chief-data-gke"), '
      + 'scorer-fit-worker (identity binding "scorer-fit-worker-data-gke") carry a cloud identity; a workload it creates could run as them and mint their tokens. '
      + 'Give the deployer a namespace of its own, with no identity-bearing ServiceAccount',
    ]);
  });

  test('the same namespace name on the other cluster is another namespace', () => {
    // `scoring` on AKS has a bound ServiceAccount too, but the deployer writes on GKE only. GKE's `scoring` here holds
    // no identity: no GKE binding, no training data readers.
    const identities = qa.identities!.filter((i) => i.runsOn === 'azure');
    const env = withGoogle({ deployNamespace: 'scoring' });
    const gcp = { ...env.gcp!, kubernetes: { ...env.gcp!.kubernetes, serving: { ...env.gcp!.kubernetes.serving, trainingJobs: [] } } };
    expect(messagesOf({ ...env, gcp, identities })).toEqual([]);
  });

  test('an identity bound in an Azure ML compute namespace is refused: Azure ML runs user code there', () => {
    const identities = [...qa.identities!, { name: 'leaky', runsOn: 'azure' as const, namespace: 'aml-batch', serviceAccount: 'default', google: { grants: [] } }];
    expect(messagesOf({ ...qa, identities })).toEqual([expect.stringMatching(
      /^azure\.azureMl\.computes\[1\]\.namespace = "aml-batch": Azure ML workspace mlw-scoring-qa \(compute qa-train\) may create workloads in this namespace, where ServiceAccount\(s\) default \(identity binding "leaky"\) carry/)]);
  });

  test('the pipeline namespace is a namespace of its own', () => {
    expect(messagesOf(withGoogle({ publisher: { ...azureMl.google!.publisher, namespace: 'aml-online' } }))).toEqual(expect.arrayContaining([
      expect.stringContaining('azure.azureMl.google.publisher.namespace = "aml-online": must be a namespace of its own (not scoring, azureml, aml-online, aml-batch)'),
    ]));
  });

  test.each(allEnvironments.map((e) => [e.name, e] as const))('environment %s gives no external deployer an identity-bearing namespace', (_name, env) => {
    const bearers = new Set(identityBearingServiceAccounts(env).map((b) => `${b.cloud}:${b.namespace}`));
    expect(externalDeployerNamespaces(env).filter((d) => bearers.has(`${d.cloud}:${d.namespace}`))).toEqual([]);
  });
});
