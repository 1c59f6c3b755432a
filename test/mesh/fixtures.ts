import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Workload, WorkloadPort } from '../../lib/k8s/core/workload';

/** A Workload plus the ServiceAccount and Deployment it stands for, so reference and port checks can see them. */
export function deployWorkload(chart: Chart, name: string, namespace: string, ports: readonly WorkloadPort[]): Workload {
  const selector = { 'app.kubernetes.io/name': name };
  new k8s.KubeServiceAccount(chart, `${namespace}-${name}-sa`, { metadata: { name, namespace } });
  new k8s.KubeDeployment(chart, `${namespace}-${name}-deploy`, {
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: name,
          containers: [{ name: 'main', image: 'registry.example/app:1.0.0', ports: ports.map((p) => ({ name: p.name, containerPort: p.port })) }],
        },
      },
    },
  });
  return { name, namespace, serviceAccountName: name, selector, ports };
}

export function kinds(objects: Record<string, any>[], kind: string): Record<string, any>[] {
  return objects.filter((o) => o.kind === kind);
}

export function named(objects: Record<string, any>[], kind: string, name: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
