import { environmentBindings } from '../../lib/config/environment-bindings';
import { TRAINING_DATA_ROLE, trainingDataIdentities } from '../../lib/config/training-data';
import { bindingMechanism } from '../../lib/contract/identity/workload-identity-binding';
import { prod } from '../../stacks/environments/prod';
import { sharedSynth, stackJson } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';

// Review R5: the training jobs' data readers get the identity their data location needs, derived from the config.

describe('training data readers', () => {
  test('the chief and the workers of each job with a gs:// location read that bucket, each as its own ServiceAccount; parameter servers get nothing', () => {
    expect(trainingDataIdentities(prod).map((i) => [i.name, i.runsOn, i.namespace, i.serviceAccount, i.google?.grants])).toEqual([
      ['fraud-train-chief-data-aks', 'azure', 'mlops', 'fraud-train-chief', [{ kind: 'storage-bucket', bucket: 'mlmesh-prod-training-data', role: TRAINING_DATA_ROLE }]],
      ['fraud-train-worker-data-aks', 'azure', 'mlops', 'fraud-train-worker', [{ kind: 'storage-bucket', bucket: 'mlmesh-prod-training-data', role: TRAINING_DATA_ROLE }]],
      ['fraud-train-chief-data-gke', 'gcp', 'mlops', 'fraud-train-chief', [{ kind: 'storage-bucket', bucket: 'mlmesh-prod-training-data', role: TRAINING_DATA_ROLE }]],
      ['fraud-train-worker-data-gke', 'gcp', 'mlops', 'fraud-train-worker', [{ kind: 'storage-bucket', bucket: 'mlmesh-prod-training-data', role: TRAINING_DATA_ROLE }]],
    ]);
    const mechanisms = environmentBindings(prod).filter((b) => b.name.startsWith('fraud-train')).map(bindingMechanism);
    expect(mechanisms).toEqual(['aks-to-google', 'aks-to-google', 'gke-direct', 'gke-direct']);
  });

  test('both halves read them: the Google stack grants the bucket to each reader\'s principal, on every environment', () => {
    const example = sharedSynth();
    const withReaders = allEnvironments.filter((e) => trainingDataIdentities(e).length > 0);
    expect(withReaders.map((e) => e.name)).toEqual(expect.arrayContaining(['prod', 'qa']));
    for (const env of withReaders) {
      const readers = trainingDataIdentities(env);
      const members = Object.values((stackJson(example, `${env.name}-gcp`).resource?.google_storage_bucket_iam_member ?? {}) as Record<string, { bucket: string; role: string; member: string }>);
      for (const reader of readers) {
        const { bucket } = reader.google!.grants![0] as { bucket: string };
        // GKE: the KSA's direct principal; AKS: the federated subject in the environment's pool.
        const subject = reader.runsOn === 'gcp' ? `/subject/ns/${reader.namespace}/sa/${reader.serviceAccount}` : `/subject/system:serviceaccount:${reader.namespace}:${reader.serviceAccount}`;
        const granted = members.filter((m) => m.bucket === bucket && m.role === TRAINING_DATA_ROLE && m.member.endsWith(subject));
        expect({ reader: reader.name, grants: granted.length }).toEqual({ reader: reader.name, grants: 1 });
      }
    }
  });
});
