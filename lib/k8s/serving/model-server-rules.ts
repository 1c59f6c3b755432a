import { Issues, rulesAsConfig } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { checkMemoryQuantity, resourceRules, ResourceSpec } from '../../contract/quantities';
import { WorkloadPort } from '../core/workload';
import type { ModelRouteRule, ModelRoutesProps } from '../mesh/model-routes';
import { httpRouteRuleRules, modelRoutesRules } from '../mesh/model-routes-rules';
import { checkNotProxyPort } from '../mesh/proxy-ports';
import { qualityGatesRules, REFERENCE_QUALITY_GATES } from '../quality/quality-gates';
import { failureAccrualRules, MODEL_SERVER_FAILURE_ACCRUAL } from '../resilience/failure-accrual';
import { autoscalingRules } from './autoscaling';
import { canaryPlanGatesRules, canaryPlanRules } from './canary-plan';
import { disruptionRules } from './disruption-rules';
import { gpuAcceleratorRules } from './gpu-placement';
import { GracefulShutdownSpec, gracefulShutdownRules } from './graceful-shutdown';
import { checkPinnedImage } from './image';
import type { ModelServerProps } from './model-server';
import { WorkloadProbes, workloadProbeRules } from './probes';

export const DEFAULT_MODEL_SERVER_RESOURCES: ResourceSpec = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } };
export const DEFAULT_MODEL_SERVER_PROBES: WorkloadProbes = {
  // Triton/KServe load models for minutes; 60 x 10 s = 10 min before the kubelet gives up (research D).
  startup: { path: '/health/ready', periodSeconds: 10, failureThreshold: 60 },
  readiness: { path: '/health/ready', periodSeconds: 5, failureThreshold: 3 },
  liveness: { path: '/health/live', periodSeconds: 10, failureThreshold: 3 },
};
export const DEFAULT_SHUTDOWN: GracefulShutdownSpec = { preStopSleepSeconds: 15, terminationGracePeriodSeconds: 90 };
export const DEFAULT_REPLICAS = 2;

export function serverPorts(props: ModelServerProps): WorkloadPort[] {
  return [
    { name: 'http', port: props.port ?? 8080, protocol: 'http1' },
    { name: 'public', port: props.publicPort ?? 8443, protocol: 'http1' },
  ];
}

export const CATCH_ALL_ROUTE: ModelRouteRule = { name: 'all', path: { type: 'PathPrefix', value: '/' } };

export function splitWeightRules(weights: Readonly<Record<string, number>>, versions: readonly string[], issues: Issues): void {
  for (const [version, weight] of Object.entries(weights)) {
    issues.check(versions.includes(version), version, weight, `names no version of this server (versions: ${versions.join(', ')})`);
  }
  for (const version of versions) {
    issues.check(version in weights, version, undefined, 'every version needs a weight (0 keeps it deployed without traffic)');
  }
}

/** The ModelRoutes a static split becomes: one weighted backend per version, the configured rules. */
export function splitRoutesProps(name: string, props: ModelServerProps, split: Readonly<Record<string, number>>): ModelRoutesProps {
  const publicPort = props.publicPort ?? 8443;
  return {
    service: { name, namespace: props.namespace ?? 'mlops', port: publicPort },
    backends: props.versions.map((v) => ({ name: `${name}-${v.name}`, weight: split[v.name] })),
    rules: props.traffic?.routes ?? [CATCH_ALL_ROUTE],
  };
}

export function modelServerRules(props: ModelServerProps, issues: Issues): void {
  const name = props.name ?? 'model-server';
  checkDnsLabel(issues, 'name', name);
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  const ports = serverPorts(props);
  for (const [field, port] of [['port', ports[0].port], ['publicPort', ports[1].port]] as const) {
    if (issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, field, port, 'must be a TCP port 1-65535')) checkNotProxyPort(issues, field, port);
  }
  issues.check(ports[0].port !== ports[1].port, 'publicPort', ports[1].port, `must differ from port (${ports[0].port})`);
  workloadProbeRules(props.probes ?? DEFAULT_MODEL_SERVER_PROBES, ports.map((p) => p.name), issues.at('probes'));
  gracefulShutdownRules(props.shutdown ?? DEFAULT_SHUTDOWN, issues.at('shutdown'));

  // Environments may come from JSON, where a missing list is not a type error until it is read.
  if (!issues.check(Array.isArray(props.versions) && props.versions.length > 0, 'versions', props.versions, 'must list at least one model version')) return;
  if (props.modelCacheSize !== undefined) checkMemoryQuantity(issues, 'modelCacheSize', props.modelCacheSize);
  const seen = new Set<string>();
  props.versions.forEach((version, i) => {
    const at = issues.at('versions').at(i);
    if (checkDnsLabel(at, 'name', version.name)) {
      at.check(!seen.has(version.name), 'name', version.name, 'must be unique among the versions');
      at.check(`${name}-${version.name}`.length <= 63, 'name', version.name, `makes the Deployment name "${name}-${version.name}" longer than 63 characters`);
    }
    seen.add(version.name);
    checkPinnedImage(at, 'image', version.image);
    at.check(version.modelPath.length > 0, 'modelPath', version.modelPath, 'must name where the model is loaded from');
    const batch = version.maxBatchSize ?? 32;
    at.check(Number.isInteger(batch) && batch >= 1, 'maxBatchSize', batch, 'must be a whole number >= 1');
    const replicas = version.replicas ?? DEFAULT_REPLICAS;
    at.check(Number.isInteger(replicas) && replicas >= 1, 'replicas', replicas, 'must be a whole number >= 1');
    resourceRules(version.resources ?? DEFAULT_MODEL_SERVER_RESOURCES, at.at('resources'));
    if (version.autoscaling) autoscalingRules(version.autoscaling, at.at('autoscaling'));
    disruptionRules(replicas, version.autoscaling, version.minAvailable, at);
    gpuAcceleratorRules(version.gpuAccelerator, at);
  });

  const accrual = props.failureAccrual ?? MODEL_SERVER_FAILURE_ACCRUAL;
  if (accrual !== 'none') failureAccrualRules(accrual, issues.at('failureAccrual'));

  const traffic = props.traffic ?? {};
  const versionNames = props.versions.map((v) => v.name);
  if (traffic.split && traffic.canary) {
    issues.add('traffic', 'split and canary', 'choose one: a static split and a Flagger canary cannot both drive the same Service');
  }
  if (traffic.split) {
    const weightsAt = issues.at('traffic').at('split');
    splitWeightRules(traffic.split, versionNames, weightsAt);
    // The split becomes ModelRoutes at synth: run its rules now, reported at traffic.split / traffic.routes.
    rulesAsConfig(modelRoutesRules, splitRoutesProps(name, props, traffic.split), issues, (field) => {
      const backend = /^backends\[(\d+)\]\.weight$/.exec(field);
      if (backend) return `traffic.split.${versionNames[Number(backend[1])]}`;
      if (field === 'backends') return 'traffic.split';
      const rule = /^rules(.*)$/.exec(field);
      return rule ? `traffic.routes${rule[1]}` : undefined;
    });
  } else if (traffic.routes) {
    // A canary carries the rules too (Canary service.match and apex annotations, canary-route-table.ts).
    const at = issues.at('traffic');
    if (at.check(traffic.canary !== undefined, 'routes', traffic.routes.map((r) => r.name),
      'apply only to a split or a canary: a single version without either is reached through its Service alone')) {
      at.check(traffic.routes.length > 0, 'routes', traffic.routes, 'must hold at least one rule, or be left unset');
      const names = traffic.routes.map((r) => r.name);
      names.forEach((n, i) => at.check(names.indexOf(n) === i, `routes[${i}].name`, n, 'must name each rule once'));
      traffic.routes.forEach((rule, i) => {
        checkDnsLabel(at.at('routes').at(i), 'name', `${name}-${rule.name}`);
        httpRouteRuleRules(rule, at.at('routes').at(i));
      });
    }
  }
  if (traffic.qualityGates && !traffic.canary) {
    issues.add('traffic.qualityGates', traffic.qualityGates, 'only a canary is gated: set traffic.canary, or remove the gates');
  }
  if (traffic.canary) {
    const gates = traffic.qualityGates ?? REFERENCE_QUALITY_GATES;
    canaryPlanRules(traffic.canary, issues.at('traffic').at('canary'));
    qualityGatesRules(gates, issues.at('traffic').at('qualityGates'));
    canaryPlanGatesRules(traffic.canary, gates.rollback, issues.at('traffic'));
    issues.check(props.versions.length === 1, 'versions', versionNames,
      'a canary rolls out one version at a time: Flagger keeps the running one as <name>-primary and promotes the Deployment\'s new pod spec, so list only the version to roll out');
    issues.at('versions').at(0).check(props.versions[0].autoscaling !== undefined, 'autoscaling', undefined,
      'a canaried version needs autoscaling (an HPA, which becomes the Canary\'s autoscalerRef): Flagger scales the Deployment to 0 between rollouts, so a replica count in Git fights it under GitOps, and without one Flagger gives the primary a single replica (fluxcd/flagger#1504; pkg/canary/deployment_controller.go, v1.44.0)');
  }
  if (!traffic.split && !traffic.canary && props.versions.length > 1) {
    issues.add('traffic', undefined, `${props.versions.length} versions need traffic.split weights; without them the Service would share requests by pod count`);
  }
}
