import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { NO_POD_IDENTITY, PodIdentity } from './pod-identity';

export interface WorkloadServiceAccountProps {
  readonly name: string;
  readonly namespace: string;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Its `serviceAccountAnnotations` go on the ServiceAccount. @default none */
  readonly identity?: PodIdentity;
}

/**
 * The ServiceAccount a workload's pods run as, which is also their mesh identity. The API token is not mounted:
 * pods get only the tokens they ask for (projected by the identity, or by the Azure webhook).
 */
export function workloadServiceAccount(scope: Construct, id: string, props: WorkloadServiceAccountProps): k8s.KubeServiceAccount {
  const annotations = (props.identity ?? NO_POD_IDENTITY).serviceAccountAnnotations;
  return new k8s.KubeServiceAccount(scope, id, {
    metadata: {
      name: props.name,
      namespace: props.namespace,
      labels: props.labels ? { ...props.labels } : undefined,
      annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
    },
    automountServiceAccountToken: false,
  });
}
