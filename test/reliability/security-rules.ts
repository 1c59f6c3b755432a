import { findForbiddenResources } from '../../lib/core/forbidden-resources';

/**
 * Security checks over synthesized output, written independently of the constructs that produce it
 * (a check that reused the construct's own helper would share its bugs). Each function returns
 * findings, one sentence each, naming the object and the field; an empty list means compliant.
 */

export type Json = Record<string, any>;

/** A finding: which object, which field, what is wrong. */
export interface Finding {
  readonly object: string;
  readonly field: string;
  readonly problem: string;
}

export function describeObject(obj: Json): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(unnamed)'}`;
}

/** A pod spec found inside an object, with its JSON path. */
export interface PodSpecAt {
  readonly path: string;
  readonly spec: Json;
  /** Annotations of the pod template that holds the spec (AppArmor is still set there on older clusters). */
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * Every pod spec in an object: any mapping with a `containers` list. Walking generically covers Deployment,
 * StatefulSet, DaemonSet, Job, CronJob, Pod, JobSet replicatedJobs and any custom resource that embeds a
 * pod template, including kinds added after this was written.
 */
export function podSpecs(obj: Json): PodSpecAt[] {
  const found: PodSpecAt[] = [];
  const walk = (node: unknown, path: string, annotations: Record<string, string>): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, annotations));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Json;
    if (Array.isArray(record.containers)) {
      found.push({ path, spec: record, annotations });
      return;
    }
    // A pod template is {metadata, spec}; its annotations apply to the spec below it.
    const own = record.spec && record.metadata?.annotations ? (record.metadata.annotations as Record<string, string>) : annotations;
    for (const [key, value] of Object.entries(record)) {
      if (path === '' && key === 'metadata') continue;
      walk(value, `${path}.${key}`, key === 'spec' ? own : annotations);
    }
  };
  walk(obj, '', {});
  return found;
}

interface ContainerAt {
  readonly field: string;
  readonly container: Json;
}

function containersOf(pod: PodSpecAt): ContainerAt[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((list) =>
    ((pod.spec[list] ?? []) as Json[]).map((container, i) => ({ field: `${pod.path}.${list}[${i}]`, container })),
  );
}

// Pod Security Standards, restricted profile, version "latest" (kubernetes.io/docs/concepts/security/pod-security-standards).
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_RESTRICTED = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Violations of the restricted Pod Security Standard (baseline controls included) in one object,
 * evaluated as the PodSecurity admission plugin does: pod-level settings are inherited by containers
 * unless a container overrides them.
 */
export function podSecurityFindings(obj: Json): Finding[] {
  const object = describeObject(obj);
  const out: Finding[] = [];
  const add = (field: string, problem: string): void => void out.push({ object, field, problem });
  for (const pod of podSpecs(obj)) {
    const spec = pod.spec;
    const podSc: Json = spec.securityContext ?? {};
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[key] === true) add(`${pod.path}.${key}`, `${key} shares the node's namespaces (baseline forbids it)`);
    }
    ((spec.volumes ?? []) as Json[]).forEach((volume, i) => {
      const type = Object.keys(volume).find((k) => k !== 'name');
      if (type === 'hostPath') add(`${pod.path}.volumes[${i}].hostPath`, 'hostPath volumes expose the node filesystem (baseline forbids them)');
      else if (type === undefined || !RESTRICTED_VOLUME_TYPES.has(type)) add(`${pod.path}.volumes[${i}]`, `volume type ${type ?? '(none)'} is not in the restricted list (${[...RESTRICTED_VOLUME_TYPES].join(', ')})`);
    });
    ((podSc.sysctls ?? []) as Json[]).forEach((s, i) => {
      if (!SAFE_SYSCTLS.has(s.name)) add(`${pod.path}.securityContext.sysctls[${i}]`, `sysctl ${s.name} is not in the safe set`);
    });
    if (podSc.windowsOptions?.hostProcess === true) add(`${pod.path}.securityContext.windowsOptions.hostProcess`, 'host process pods are privileged');
    if (podSc.runAsUser === 0) add(`${pod.path}.securityContext.runAsUser`, 'runs as root (UID 0)');
    checkSeLinux(podSc.seLinuxOptions, `${pod.path}.securityContext.seLinuxOptions`, add);
    if (podSc.appArmorProfile?.type === 'Unconfined') add(`${pod.path}.securityContext.appArmorProfile`, 'AppArmor Unconfined');
    if (podSc.seccompProfile?.type === 'Unconfined') add(`${pod.path}.securityContext.seccompProfile`, 'seccomp Unconfined');

    for (const { field, container } of containersOf(pod)) {
      const sc: Json = container.securityContext ?? {};
      if (sc.privileged === true) add(`${field}.securityContext.privileged`, 'privileged container');
      if (sc.windowsOptions?.hostProcess === true) add(`${field}.securityContext.windowsOptions.hostProcess`, 'host process container');
      if (sc.procMount !== undefined && sc.procMount !== 'Default') add(`${field}.securityContext.procMount`, `procMount ${sc.procMount} unmasks /proc`);
      if (sc.allowPrivilegeEscalation !== false) add(`${field}.securityContext.allowPrivilegeEscalation`, 'must be false');
      const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      if (nonRoot !== true) add(`${field}.securityContext.runAsNonRoot`, 'must be true (on the container or the pod)');
      if (sc.runAsUser === 0) add(`${field}.securityContext.runAsUser`, 'runs as root (UID 0)');
      const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
      if (!SECCOMP_RESTRICTED.has(seccomp)) add(`${field}.securityContext.seccompProfile`, `must be RuntimeDefault or Localhost (on the container or the pod), not ${seccomp ?? 'unset'}`);
      const drop: string[] = sc.capabilities?.drop ?? [];
      if (!drop.includes('ALL')) add(`${field}.securityContext.capabilities.drop`, 'must include ALL');
      const added: string[] = sc.capabilities?.add ?? [];
      for (const cap of added.filter((c) => c !== 'NET_BIND_SERVICE')) add(`${field}.securityContext.capabilities.add`, `adds ${cap}; only NET_BIND_SERVICE may be added`);
      checkSeLinux(sc.seLinuxOptions, `${field}.securityContext.seLinuxOptions`, add);
      if (sc.appArmorProfile?.type === 'Unconfined') add(`${field}.securityContext.appArmorProfile`, 'AppArmor Unconfined');
      const apparmor = pod.annotations[`${APPARMOR_ANNOTATION}${container.name}`];
      if (apparmor !== undefined && apparmor !== 'runtime/default' && !apparmor.startsWith('localhost/')) add(`${field} (AppArmor annotation)`, `AppArmor profile ${apparmor}`);
      ((container.ports ?? []) as Json[]).forEach((p, i) => {
        if (p.hostPort !== undefined && p.hostPort !== 0) add(`${field}.ports[${i}].hostPort`, `binds node port ${p.hostPort}`);
      });
    }
  }
  return out;
}

function checkSeLinux(options: Json | undefined, field: string, add: (field: string, problem: string) => void): void {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? '')) add(`${field}.type`, `SELinux type ${options.type} is not allowed`);
  if (options.user !== undefined || options.role !== undefined) add(field, 'SELinux user and role must not be set');
}

/** Every container, init container included, must set cpu and memory requests and limits. */
export function resourceFindings(obj: Json): Finding[] {
  const object = describeObject(obj);
  const out: Finding[] = [];
  for (const pod of podSpecs(obj)) {
    for (const { field, container } of containersOf(pod).filter((c) => !c.field.includes('ephemeralContainers'))) {
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory'] as const) {
          const value = container.resources?.[kind]?.[resource];
          if (value === undefined || value === null || value === '') out.push({ object, field: `${field}.resources.${kind}.${resource}`, problem: 'missing' });
        }
      }
    }
  }
  return out;
}

/**
 * True when the reference names an exact image: a sha256 digest, or a tag other than `latest`.
 * The tag is what follows the last ":" after the last "/", so a registry port (`host:5000/img`) is no tag.
 */
export function isPinnedImageReference(image: string): boolean {
  if (/\s/.test(image) || image === '') return false;
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return /^[\w][\w.-]{0,127}$/.test(tag) && tag !== 'latest';
}

export function imageFindings(obj: Json): Finding[] {
  const object = describeObject(obj);
  return podSpecs(obj).flatMap((pod) => containersOf(pod))
    .filter(({ container }) => typeof container.image !== 'string' || !isPinnedImageReference(container.image))
    .map(({ field, container }) => ({ object, field: `${field}.image`, problem: `${JSON.stringify(container.image)} has no pinned tag or digest` }));
}

const isEmptySelector = (selector: Json | undefined): boolean =>
  selector !== undefined && selector !== null && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;

const isEmptyRule = (rule: unknown): boolean => typeof rule === 'object' && rule !== null && Object.keys(rule).length === 0;

/** Which directions an object denies by default for every pod of its namespace. */
export function defaultDenyDirections(obj: Json): Set<'ingress' | 'egress'> {
  const directions = new Set<'ingress' | 'egress'>();
  const spec: Json = obj.spec ?? {};
  if (obj.kind === 'NetworkPolicy' && obj.apiVersion === 'networking.k8s.io/v1') {
    // A policy selecting every pod for a direction, with no rule for it, admits nothing in that direction.
    if (!isEmptySelector(spec.podSelector)) return directions;
    const types: string[] = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    if (types.includes('Ingress') && (spec.ingress ?? []).length === 0) directions.add('ingress');
    if (types.includes('Egress') && (spec.egress ?? []).length === 0) directions.add('egress');
  } else if (obj.kind === 'CiliumNetworkPolicy' && obj.apiVersion === 'cilium.io/v2') {
    // Cilium: an endpoint selected by a rule with an ingress (egress) section is default-deny in that direction,
    // unless enableDefaultDeny turns that off; `[{}]` allows no peer (cilium examples/policies/l3/*-default-deny).
    if (!isEmptySelector(spec.endpointSelector)) return directions;
    for (const direction of ['ingress', 'egress'] as const) {
      const rules: unknown[] | undefined = spec[direction];
      if (rules !== undefined && rules.every(isEmptyRule) && spec.enableDefaultDeny?.[direction] !== false) directions.add(direction);
    }
  }
  return directions;
}

/** The namespaces the objects create or are deployed into. */
export function namespacesOf(objects: readonly Json[]): string[] {
  const names = new Set<string>();
  for (const obj of objects) {
    if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') names.add(obj.metadata.name);
    else if (obj.metadata?.namespace) names.add(obj.metadata.namespace);
  }
  return [...names].sort();
}

/** Namespaces without a default deny for both ingress and egress, each with the missing directions. */
export function defaultDenyFindings(objects: readonly Json[], exceptions: Readonly<Record<string, string>>): Finding[] {
  const covered = new Map<string, Set<string>>();
  for (const obj of objects) {
    const ns = obj.metadata?.namespace;
    if (!ns) continue;
    for (const d of defaultDenyDirections(obj)) covered.set(ns, (covered.get(ns) ?? new Set()).add(d));
  }
  return namespacesOf(objects)
    .filter((ns) => exceptions[ns] === undefined)
    .flatMap((ns) => {
      const missing = ['ingress', 'egress'].filter((d) => !covered.get(ns)?.has(d));
      return missing.length === 0 ? [] : [{ object: `Namespace ${ns}`, field: 'default-deny', problem: `no policy selecting every pod denies ${missing.join(' and ')} by default` }];
    });
}

const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';

/** A namespace whose pods carry Linkerd's proxy-init: injected ones, and the control plane's own (its chart adds it). */
function runsProxyInit(ns: Json): boolean {
  return ns.metadata?.annotations?.['linkerd.io/inject'] === 'enabled' || ns.metadata?.labels?.['linkerd.io/is-control-plane'] === 'true';
}

/**
 * Namespaces that enforce less than `restricted`. The reason accepted without listing is Linkerd's proxy-init,
 * which adds NET_ADMIN and NET_RAW at admission (lib/contract/pod-security.ts podSecurityLabels): such a
 * namespace must still `warn` and `audit` at `restricted`, so our own templates are held to the profile. Any
 * other namespace needs an entry in `exceptions` (name -> reason).
 */
export function namespacePodSecurityFindings(objects: readonly Json[], exceptions: Readonly<Record<string, string>> = {}): Finding[] {
  const out: Finding[] = [];
  for (const ns of objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1')) {
    const labels: Record<string, string> = ns.metadata?.labels ?? {};
    const enforce = labels[POD_SECURITY_ENFORCE];
    if (enforce === 'restricted' || exceptions[ns.metadata?.name] !== undefined) continue;
    const object = describeObject(ns);
    if (!runsProxyInit(ns)) {
      out.push({ object, field: `metadata.labels["${POD_SECURITY_ENFORCE}"]`, problem: `enforces ${enforce ?? 'nothing'} without the mesh (proxy-init) as a reason` });
      continue;
    }
    for (const mode of ['warn', 'audit'] as const) {
      if (labels[`pod-security.kubernetes.io/${mode}`] !== 'restricted') {
        out.push({ object, field: `metadata.labels["pod-security.kubernetes.io/${mode}"]`, problem: 'a meshed namespace that cannot enforce restricted must still warn and audit at restricted' });
      }
    }
  }
  return out;
}

/** Key- or secret-creating resources and data sources in one Terraform stack. */
export function forbiddenResourceFindings(stackName: string, stack: Json): Finding[] {
  return findForbiddenResources(stack).map((f) => ({ object: `stack ${stackName}`, field: `${f.kind === 'data' ? 'data.' : ''}${f.type}.${f.name}`, problem: f.reason }));
}

/** `${azurerm_x.name.attr}` -> `azurerm_x.name` */
const referencedResource = (value: unknown): string | undefined => (typeof value === 'string' ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value)?.[1] : undefined);

/**
 * Deletion protection of clusters in one stack:
 * - google_container_cluster: `deletion_protection` not false (the provider's default is true);
 * - azurerm_kubernetes_cluster in a production stack (`prod-*`): a CanNotDelete azurerm_management_lock on the
 *   cluster or on its resource group, or `lifecycle.prevent_destroy`.
 */
export function deletionProtectionFindings(stackName: string, stack: Json): Finding[] {
  const out: Finding[] = [];
  const resources: Json = stack.resource ?? {};
  for (const [name, cluster] of Object.entries<Json>(resources.google_container_cluster ?? {})) {
    if (cluster.deletion_protection === false) out.push({ object: `stack ${stackName} google_container_cluster.${name}`, field: 'deletion_protection', problem: 'is false' });
  }
  if (!stackName.startsWith('prod-')) return out;
  const locked = new Set(Object.values<Json>(resources.azurerm_management_lock ?? {})
    .filter((lock) => lock.lock_level === 'CanNotDelete')
    .map((lock) => referencedResource(lock.scope))
    .filter((r): r is string => r !== undefined));
  for (const [name, cluster] of Object.entries<Json>(resources.azurerm_kubernetes_cluster ?? {})) {
    const group = referencedResource(cluster.resource_group_name);
    const protectedByLock = locked.has(`azurerm_kubernetes_cluster.${name}`) || (group !== undefined && locked.has(group));
    if (!protectedByLock && cluster.lifecycle?.prevent_destroy !== true) {
      out.push({ object: `stack ${stackName} azurerm_kubernetes_cluster.${name}`, field: 'azurerm_management_lock / lifecycle.prevent_destroy', problem: 'a production cluster needs a CanNotDelete lock or prevent_destroy' });
    }
  }
  return out;
}

export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.object}: ${f.field}: ${f.problem}`);
}
