import { allClusterObjects,ExampleSynth,sharedSynth,stackJson } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';
import {
defaultDenyDirections,defaultDenyFindings,deletionProtectionFindings,forbiddenResourceFindings,formatFindings,imageFindings,
isPinnedImageReference,Json,namespacePodSecurityFindings,namespacesOf,podSecurityFindings,podSpecs,resourceFindings,
} from './security-rules';

/**
 * Namespaces that may lack a default deny, each with the reason (docs/reliability.md). Only namespaces we
 * do not own belong here: a deny there would cut the cloud's own agents, and their policy is the cloud's job.
 */
const DEFAULT_DENY_EXCEPTIONS: Readonly<Record<string, string>> = {
  'kube-system': 'owned by AKS/GKE; CoreDNS, konnectivity and the managed metrics agents run there with their own rules',
  'gke-gmp-system': 'owned by GKE managed Prometheus',
  'gke-managed-system': 'owned by GKE',
};

/**
 * Findings reported and not fixed yet: namespaces our YAML deploys into (cert-manager Issuer and Certificate,
 * the Linkerd identity issuer Certificate) whose control planes come from Helm without a default deny
 * (docs/network-policy.md "Not done yet"). A test below fails once a gap is closed, so the entry goes.
 */
const DEFAULT_DENY_GAPS: Readonly<Record<string, string>> = {};

/** Whether the environment that owns a stack (`<env>-azure`, `<env>-gcp`) is production, read from its config. */
function stackIsProduction(stack: string): boolean {
  const env = allEnvironments.find((e) => stack === `${e.name}-azure` || stack === `${e.name}-gcp`);
  if (!env) throw new Error(`stack ${stack} belongs to no known environment`);
  return env.production ?? false;
}

/** A hardened container, as the platform writes them; samples below break one field at a time. */
function container(overrides: Json = {}): Json {
  return {
    name: 'app',
    image: 'ghcr.io/acme/app:1.2.3',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    ...overrides,
  };
}

function deployment(podSpec: Json = {}, containerOverrides: Json = {}): Json {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'ml' },
    spec: { template: { metadata: { labels: { app: 'app' } }, spec: { containers: [container(containerOverrides)], ...podSpec } } },
  };
}

const withSecurityContext = (sc: Json): Json => ({ securityContext: { ...container().securityContext, ...sc } });

describe('security checkers flag bad samples', () => {
  test('a hardened Deployment passes every pod check', () => {
    expect(podSecurityFindings(deployment())).toEqual([]);
    expect(resourceFindings(deployment())).toEqual([]);
    expect(imageFindings(deployment())).toEqual([]);
  });

  test.each<[string, Json, string]>([
    ['privileged: true', deployment({}, withSecurityContext({ privileged: true })), 'containers[0].securityContext.privileged'],
    ['hostNetwork', deployment({ hostNetwork: true }), '.spec.template.spec.hostNetwork'],
    ['hostPID', deployment({ hostPID: true }), '.spec.template.spec.hostPID'],
    ['hostIPC', deployment({ hostIPC: true }), '.spec.template.spec.hostIPC'],
    ['a hostPath volume', deployment({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'volumes[0].hostPath'],
    ['a volume type outside the restricted list', deployment({ volumes: [{ name: 'n', nfs: { server: 'x', path: '/' } }] }), 'volumes[0]'],
    ['a hostPort', deployment({}, { ports: [{ containerPort: 80, hostPort: 80 }] }), 'ports[0].hostPort'],
    ['allowPrivilegeEscalation unset', deployment({}, withSecurityContext({ allowPrivilegeEscalation: undefined })), 'allowPrivilegeEscalation'],
    ['runAsNonRoot false', deployment({}, withSecurityContext({ runAsNonRoot: false })), 'runAsNonRoot'],
    ['runAsUser 0', deployment({}, withSecurityContext({ runAsUser: 0 })), 'runAsUser'],
    ['seccomp Unconfined', deployment({}, withSecurityContext({ seccompProfile: { type: 'Unconfined' } })), 'seccompProfile'],
    ['no seccomp profile anywhere', deployment({}, withSecurityContext({ seccompProfile: undefined })), 'seccompProfile'],
    ['capabilities not dropped', deployment({}, withSecurityContext({ capabilities: {} })), 'capabilities.drop'],
    ['NET_ADMIN added', deployment({}, withSecurityContext({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } })), 'capabilities.add'],
    ['procMount Unmasked', deployment({}, withSecurityContext({ procMount: 'Unmasked' })), 'procMount'],
    ['an unsafe sysctl', deployment({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }), 'sysctls[0]'],
    ['an SELinux user', deployment({}, withSecurityContext({ seLinuxOptions: { user: 'root' } })), 'seLinuxOptions'],
    ['AppArmor unconfined', deployment({}, withSecurityContext({ appArmorProfile: { type: 'Unconfined' } })), 'appArmorProfile'],
    ['an init container that is not hardened', deployment({ initContainers: [container({ name: 'init', securityContext: {} })] }), 'initContainers[0].securityContext.allowPrivilegeEscalation'],
  ])('pod security: %s is flagged', (_what, obj, field) => {
    const fields = podSecurityFindings(obj).map((f) => f.field);
    expect(fields.some((f) => f.includes(field))).toBe(true);
  });

  test('pod-level runAsNonRoot and seccomp are inherited by containers', () => {
    const obj = deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
      withSecurityContext({ runAsNonRoot: undefined, seccompProfile: undefined }));
    expect(podSecurityFindings(obj)).toEqual([]);
  });

  test('finds pod templates in CronJob, JobSet and bare Pod', () => {
    const bad = container({ securityContext: { privileged: true } });
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [bad] } } } } } };
    const jobSet = { apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', metadata: { name: 'j' }, spec: { replicatedJobs: [{ name: 'w', template: { spec: { template: { spec: { containers: [bad] } } } } }] } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [bad] } };
    for (const obj of [cronJob, jobSet, pod]) expect(podSpecs(obj)).toHaveLength(1);
    expect(podSecurityFindings(jobSet).map((f) => f.field)).toContain('.spec.replicatedJobs[0].template.spec.template.spec.containers[0].securityContext.privileged');
  });

  test('a container without a memory limit or cpu request is flagged, init containers too', () => {
    const noLimit = deployment({}, { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1' } } });
    expect(resourceFindings(noLimit).map((f) => f.field)).toEqual(['.spec.template.spec.containers[0].resources.limits.memory']);
    const init = deployment({ initContainers: [container({ name: 'init', resources: {} })] });
    expect(resourceFindings(init)).toHaveLength(4);
  });

  test.each([
    ['ghcr.io/acme/app', false],
    ['ghcr.io/acme/app:latest', false],
    ['registry:5000/acme/app', false],
    ['registry:5000/acme/app:1.0', true],
    ['app:1.0 ', false],
    [`ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, true],
    [`ghcr.io/acme/app:latest@sha256:${'a'.repeat(64)}`, true],
    ['ghcr.io/acme/app:1.4.2', true],
  ])('image %p pinned: %p', (image, pinned) => {
    expect(isPinnedImageReference(image)).toBe(pinned);
  });

  test('an unpinned image is flagged', () => {
    expect(imageFindings(deployment({}, { image: 'nginx' }))).toHaveLength(1);
  });

  test('default deny: NetworkPolicy and CiliumNetworkPolicy forms, and what is not one', () => {
    const np = (spec: Json): Json => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'd', namespace: 'ml' }, spec });
    const cnp = (spec: Json): Json => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'd', namespace: 'ml' }, spec });
    expect([...defaultDenyDirections(np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }))].sort()).toEqual(['egress', 'ingress']);
    expect([...defaultDenyDirections(np({ podSelector: {} }))]).toEqual(['ingress']);
    expect([...defaultDenyDirections(np({ podSelector: { matchLabels: { a: 'b' } }, policyTypes: ['Ingress', 'Egress'] }))]).toEqual([]);
    expect([...defaultDenyDirections(np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{}] }))]).toEqual(['ingress']);
    expect([...defaultDenyDirections(cnp({ endpointSelector: {}, ingress: [{}], egress: [{}] }))].sort()).toEqual(['egress', 'ingress']);
    expect([...defaultDenyDirections(cnp({ endpointSelector: {}, ingress: [{}], egress: [{}], enableDefaultDeny: { egress: false } }))]).toEqual(['ingress']);
    expect([...defaultDenyDirections(cnp({ endpointSelector: {}, ingress: [{ fromEntities: ['world'] }] }))]).toEqual([]);

    const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } }, np({ podSelector: {} }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'other' } }];
    expect(namespacesOf(objects)).toEqual(['ml', 'other']);
    expect(formatFindings(defaultDenyFindings(objects, {}))).toEqual([
      'Namespace ml: default-deny: no policy selecting every pod denies egress by default',
      'Namespace other: default-deny: no policy selecting every pod denies ingress and egress by default',
    ]);
    expect(defaultDenyFindings(objects, { ml: 'x', other: 'y' })).toEqual([]);
  });

  test('a namespace states its level, says why when it is less than restricted, and warns and audits at least at it', () => {
    const ns = (labels: Json, annotations: Json = {}): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml', labels, annotations } });
    const modes = (level: string): Json => ({ 'pod-security.kubernetes.io/warn': level, 'pod-security.kubernetes.io/audit': level });
    const reason = { 'ml-mesh-platform.io/pod-security-reason': 'proxy-init adds NET_ADMIN' };
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'restricted', ...modes('restricted') })])).toEqual([]);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'privileged', ...modes('restricted') }, reason)])).toEqual([]);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'baseline', ...modes('baseline') }, reason)])).toEqual([]);
    expect(formatFindings(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'privileged', ...modes('restricted') })])))
      .toEqual(['Namespace ml: metadata.annotations["ml-mesh-platform.io/pod-security-reason"]: enforces privileged without saying why']);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'baseline', ...modes('baseline') }, { 'ml-mesh-platform.io/pod-security-reason': ' ' })])).toHaveLength(1);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'baseline', ...modes('privileged') }, reason)])).toHaveLength(2);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'restricted' })])).toHaveLength(2);
    expect(formatFindings(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/warn': 'baseline' })])))
      .toEqual(['Namespace ml: metadata.labels["pod-security.kubernetes.io/enforce"]: states no Pod Security level (unset); the cluster default would apply']);
    expect(namespacePodSecurityFindings([ns({ 'pod-security.kubernetes.io/enforce': 'lenient', ...modes('restricted') })])).toHaveLength(1);
  });

  test('key- and secret-creating Terraform resources are flagged', () => {
    const stack = { resource: { google_service_account_key: { k: {} }, azuread_application_password: { p: {} }, google_service_account: { sa: {} } }, data: { azurerm_key_vault_secret: { s: {} } } };
    expect(forbiddenResourceFindings('dev-gcp', stack).map((f) => f.field)).toEqual(['azuread_application_password.p', 'google_service_account_key.k', 'data.azurerm_key_vault_secret.s']);
  });

  test('deletion protection: GKE flag, and the production AKS lock or prevent_destroy', () => {
    expect(deletionProtectionFindings('dev-gcp', { resource: { google_container_cluster: { c: { deletion_protection: false } } } }, false)).toHaveLength(1);
    expect(deletionProtectionFindings('dev-gcp', { resource: { google_container_cluster: { c: { deletion_protection: true } } } }, false)).toEqual([]);
    const aks = { resource_group_name: '${azurerm_resource_group.rg.name}' };
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: aks } } }, true)).toHaveLength(1);
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: aks } } }, false)).toEqual([]);
    const lock = (scope: string, level = 'CanNotDelete'): Json => ({ azurerm_management_lock: { l: { scope, lock_level: level } } });
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: aks }, ...lock('${azurerm_kubernetes_cluster.c.id}') } }, true)).toEqual([]);
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: aks }, ...lock('${azurerm_resource_group.rg.id}') } }, true)).toEqual([]);
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: aks }, ...lock('${azurerm_kubernetes_cluster.c.id}', 'ReadOnly') } }, true)).toHaveLength(1);
    expect(deletionProtectionFindings('live-azure', { resource: { azurerm_kubernetes_cluster: { c: { ...aks, lifecycle: { prevent_destroy: true } } } } }, true)).toEqual([]);
  });
});

describe('security of everything the example platform synthesizes', () => {
  let example: ExampleSynth;
  let objects: Json[];

  beforeAll(() => {
    example = sharedSynth();
    objects = allClusterObjects(example);
  });

  const all = (check: (obj: Json) => ReturnType<typeof podSecurityFindings>): string[] => formatFindings(objects.flatMap(check));

  test('the example synthesizes pod templates to check', () => {
    expect(objects.flatMap(podSpecs).length).toBeGreaterThan(0);
  });

  test('every pod template meets Pod Security restricted: no privileged, host namespaces, hostPath or hostPorts', () => {
    expect(all(podSecurityFindings)).toEqual([]);
  });

  test('the mesh proxy and proxy-init are injected at admission, never written into our YAML', () => {
    const injected = objects.flatMap(podSpecs).flatMap((p) => [...(p.spec.initContainers ?? []), ...p.spec.containers])
      .filter((c: Json) => /^linkerd-(init|proxy|network-validator)$/.test(c.name));
    expect(injected).toEqual([]);
  });

  test('every namespace states its Pod Security level, with the reason when it is less than restricted', () => {
    expect(objects.filter((o) => o.kind === 'Namespace').length).toBeGreaterThan(0);
    expect(formatFindings(namespacePodSecurityFindings(objects))).toEqual([]);
  });

  test('every image is pinned by tag or digest', () => {
    expect(all(imageFindings)).toEqual([]);
  });

  test('every container, init containers included, sets cpu and memory requests and limits', () => {
    expect(all(resourceFindings)).toEqual([]);
  });

  test('every namespace we create or deploy into denies ingress and egress by default', () => {
    expect(namespacesOf(objects).length).toBeGreaterThan(0);
    expect(formatFindings(defaultDenyFindings(objects, { ...DEFAULT_DENY_EXCEPTIONS, ...DEFAULT_DENY_GAPS }))).toEqual([]);
  });

  test('the reported default-deny gaps are still open (remove an entry once it is fixed)', () => {
    const open = defaultDenyFindings(objects, DEFAULT_DENY_EXCEPTIONS).map((f) => f.object);
    expect(Object.keys(DEFAULT_DENY_GAPS).filter((ns) => !open.includes(`Namespace ${ns}`))).toEqual([]);
  });

  test('no Terraform stack creates or reads a key or secret', () => {
    expect(example.stacks.length).toBeGreaterThan(0);
    expect(formatFindings(example.stacks.flatMap((s) => forbiddenResourceFindings(s, stackJson(example, s))))).toEqual([]);
  });

  test('every cluster has deletion protection', () => {
    const stacks = example.stacks.map((s) => [s, stackJson(example, s)] as const);
    const clusters = stacks.flatMap(([, json]) => [...Object.keys(json.resource?.azurerm_kubernetes_cluster ?? {}), ...Object.keys(json.resource?.google_container_cluster ?? {})]);
    expect(clusters.length).toBeGreaterThan(0);
    expect(formatFindings(stacks.flatMap(([s, json]) => deletionProtectionFindings(s, json, stackIsProduction(s))))).toEqual([]);
  });
});
