import { DriftGateProps } from '../../lib/k8s/retraining/drift-gate';
import { ModelServerProps } from '../../lib/k8s/serving/model-server';
import { HttpWorkloadProps } from '../../lib/k8s/serving/http-workload';
import { RetrainingScheduleProps } from '../../lib/k8s/training/retraining-schedule';
import { TrainingJobProps } from '../../lib/k8s/training/training-job';

// Workload definitions both example environments and both clouds share. Images are pinned by tag;
// pin digests in a real deployment.

export const MODEL_IMAGE = 'ghcr.io/ml-mesh-platform/model-server:1.4.2';
export const MODEL_IMAGE_NEXT = 'ghcr.io/ml-mesh-platform/model-server:1.5.0';

/** The reference model server: 3 replicas, port 8080, requests 500m / 1Gi, limits 2 CPU / 4Gi. */
export function modelServer(versions: ModelServerProps['versions'], traffic?: ModelServerProps['traffic']): ModelServerProps {
  return { name: 'model-server', versions, traffic };
}

/** The model server's HPA on both prod clusters: the reference 3 replicas, up to 6 under load (CPU 70 %). */
export const MODEL_AUTOSCALING = { minReplicas: 3, maxReplicas: 6 } as const;

export const V1 = { name: 'v1', image: MODEL_IMAGE, modelPath: '/var/cache/model/fraud/v1', maxBatchSize: 32, replicas: 3 } as const;
export const V2 = { name: 'v2', image: MODEL_IMAGE_NEXT, modelPath: '/var/cache/model/fraud/v2', maxBatchSize: 32, replicas: 3 } as const;

export const FEATURE_STORE: HttpWorkloadProps = { image: 'ghcr.io/ml-mesh-platform/feature-store:2.3.1', replicas: 2 };
export const API_GATEWAY: HttpWorkloadProps = { image: 'ghcr.io/ml-mesh-platform/api-gateway:0.9.4', replicas: 2 };

/**
 * Distributed TensorFlow: a chief, three GPU workers and two parameter servers, reading Cloud Storage. The platform
 * derives the chief's and the workers' read-only identity on the bucket from `dataLocation` (docs/serving.md).
 */
export function trainingJob(gpus: number): TrainingJobProps {
  return {
    name: 'fraud-train',
    image: 'ghcr.io/ml-mesh-platform/trainer:2.16.1',
    dataLocation: 'gs://mlmesh-prod-training-data/fraud',
    args: ['--epochs=20', '--data=$(TRAINING_DATA_LOCATION)'],
    chief: { replicas: 1 },
    workers: { replicas: 3, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' }, gpus } },
    parameterServers: { replicas: 2 },
  };
}

/** The last stage of the reference pipeline: retrain nightly. */
export const NIGHTLY_RETRAINING: RetrainingScheduleProps = {
  name: 'fraud-retrain',
  schedule: '0 2 * * *',
  timeZone: 'Etc/UTC',
  image: 'ghcr.io/ml-mesh-platform/trainer:2.16.1',
  args: ['--retrain', '--model=fraud'],
};

/** Retrain the reference model when its drift score passes 0.15, at most once a day. */
export const DRIFT_GATE: DriftGateProps = {
  name: 'fraud-drift-gate',
  server: 'model-server',
  retrainingCronJob: NIGHTLY_RETRAINING.name,
  threshold: 0.15,
  cooldownHours: 24,
  image: 'ghcr.io/ml-mesh-platform/ops-tools:1.0.3',
};
