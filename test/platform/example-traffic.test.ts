import { join } from 'path';
import { loadYamlDir } from '../support/k8s-schema';
import { sharedSynth } from '../support/example-synth';
import { meshAllows, networkAllows, Pod } from '../network/policy-evaluator';

// The reference policy, read back from the example's YAML on every cluster:
// - every workload in the serving namespace may call the model servers' internal port (http, 8080);
// - only api-gateway may call their public port (8443);
// - the model servers and the retraining job may call the feature store (8081).

const PROXY_INBOUND = 4143;
const example = sharedSynth();

interface Workload {
  readonly pod: Pod;
  readonly ports: readonly { readonly name: string; readonly port: number }[];
}

/** Pods of every Deployment and CronJob in the namespace, as the policies see them. */
function workloadsOf(objects: Record<string, any>[], namespace: string): Map<string, Workload> {
  const workloads = new Map<string, Workload>();
  for (const o of objects.filter((x) => x.metadata?.namespace === namespace)) {
    const template = o.kind === 'Deployment' ? o.spec.template : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : undefined;
    if (!template) continue;
    const ports = (template.spec.containers as any[]).flatMap((c) => (c.ports ?? []).map((p: any) => ({ name: p.name, port: p.containerPort })));
    workloads.set(o.metadata.name, {
      pod: { name: o.metadata.name, namespace, labels: template.metadata.labels, serviceAccount: template.spec.serviceAccountName, meshed: true },
      ports,
    });
  }
  return workloads;
}

function clusterDirs(): string[] {
  return ['dev/aks-mlmesh-dev', 'prod/aks-mlmesh-prod', 'prod/gke-mlmesh-prod'];
}

describe.each(clusterDirs())('the reference policy on %s', (cluster) => {
  const objects = loadYamlDir(join(example.dir, 'dist', cluster)) as Record<string, any>[];
  const workloads = workloadsOf(objects, 'mlops');
  const servers = [...workloads.keys()].filter((name) => name.startsWith('model-server'));
  const reaches = (src: Workload, dst: Workload, port: number) => networkAllows(objects, src.pod, dst.pod, port) && networkAllows(objects, src.pod, dst.pod, PROXY_INBOUND);
  const authorized = (src: Workload, dst: Workload, portName: string) => meshAllows(objects, src.pod, dst.pod, dst.ports.find((p) => p.name === portName)!);

  test('the namespace runs the reference workloads', () => {
    expect(servers.length).toBeGreaterThan(0);
    expect(workloads.has('feature-store')).toBe(true);
    expect(workloads.has('api-gateway')).toBe(true);
  });

  test('every workload of the namespace may call each model server on http; only the gateway on public', () => {
    const gateway = workloads.get('api-gateway')!;
    for (const server of servers.map((s) => workloads.get(s)!)) {
      for (const caller of workloads.values()) {
        if (caller === server) continue;
        expect({ caller: caller.pod.name, server: server.pod.name, http: authorized(caller, server, 'http') }).toEqual({ caller: caller.pod.name, server: server.pod.name, http: true });
        const publicAllowed = caller === gateway;
        expect({ caller: caller.pod.name, server: server.pod.name, public: authorized(caller, server, 'public') }).toEqual({ caller: caller.pod.name, server: server.pod.name, public: publicAllowed });
      }
    }
  });

  test('the feature store admits exactly the model servers and the retraining jobs', () => {
    const featureStore = workloads.get('feature-store')!;
    const expected = [...workloads.values()]
      .filter((w) => w.pod.name.startsWith('model-server') || w.pod.labels['app.kubernetes.io/component'] === 'retraining')
      .map((w) => w.pod.name).sort();
    const admitted = [...workloads.values()].filter((w) => w !== featureStore && authorized(w, featureStore, 'http')).map((w) => w.pod.name).sort();
    expect(admitted).toEqual(expected);
  });

  test('network policy lets through exactly the peers the mesh authorizes', () => {
    for (const target of workloads.values()) {
      if (target.ports.length === 0) continue;
      const sources = [...workloads.values()].filter((w) => w !== target);
      const byNetwork = sources.filter((src) => target.ports.some((p) => reaches(src, target, p.port))).map((s) => s.pod.name).sort();
      const byMesh = sources.filter((src) => target.ports.some((p) => authorized(src, target, p.name))).map((s) => s.pod.name).sort();
      expect({ target: target.pod.name, peers: byNetwork }).toEqual({ target: target.pod.name, peers: byMesh });
    }
  });

  test('a pod outside the namespace reaches nothing in it', () => {
    const stranger: Pod = { name: 'stranger', namespace: 'default', labels: { app: 'stranger' }, serviceAccount: 'default', meshed: true };
    for (const target of workloads.values()) {
      for (const port of [...target.ports.map((p) => p.port), PROXY_INBOUND]) expect({ target: target.pod.name, port, open: networkAllows(objects, stranger, target.pod, port) }).toEqual({ target: target.pod.name, port, open: false });
    }
  });
});
