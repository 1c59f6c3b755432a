import { EnvironmentConfig } from '../../lib/config/environment';
import { clusterObjects,ExampleSynth,sharedSynth,stackJson } from '../support/example-synth';
import { allEnvironments } from '../support/test-environments';
import { Json } from './security-rules';

// Least privilege, private and encrypted paths, and audit, read from what every environment synthesizes (the
// examples and the test environments). Each rule is derived from the environment's config and the output, never
// from names: identities are found by what references them, namespaces by what the config binds there.

/** `${azurerm_x.name.attr}` -> `name` of a resource of `type`. */
const refName = (value: unknown, type: string): string | undefined =>
  typeof value === 'string' ? new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.[a-z_.0-9]+\\}$`).exec(value)?.[1] : undefined;

/** The managed identity a cross-stack reference in the GCP stack points at (`...azurerm_user_assigned_identity<name>principal_id}`). */
const crossStackIdentity = (value: string): string | undefined => /azurerm_user_assigned_identity([^}]+?)principal_id\}/.exec(value)?.[1];

const resources = (json: Json, type: string): [string, Json][] => Object.entries<Json>(json.resource?.[type] ?? {});

/** The pipeline's two ServiceAccounts, when the environment publishes to Google. */
function pipelineSubjects(env: EnvironmentConfig): Record<'publisher' | 'deployer', string> | undefined {
  const ns = env.azure?.azureMl?.google?.publisher.namespace;
  return ns ? { publisher: `system:serviceaccount:${ns}:model-publisher`, deployer: `system:serviceaccount:${ns}:model-deployer` } : undefined;
}

/** Managed identities (by resource name) trusting each subject, from the federated credentials. */
function identitiesTrusting(json: Json): Map<string, string[]> {
  const bySubject = new Map<string, string[]>();
  for (const [, credential] of resources(json, 'azurerm_federated_identity_credential')) {
    const identity = refName(credential.parent_id, 'azurerm_user_assigned_identity');
    if (identity) bySubject.set(credential.subject, [...(bySubject.get(credential.subject) ?? []), identity]);
  }
  return bySubject;
}

const azureEnvs = allEnvironments.filter((e) => e.azure);
const amlEnvs = allEnvironments.filter((e) => e.azure?.azureMl);
const pipelineEnvs = allEnvironments.filter((e) => pipelineSubjects(e) && e.gcp);

describe('least privilege, private paths and audit in every environment', () => {
  let example: ExampleSynth;
  const cluster = (env: EnvironmentConfig, cloud: 'azure' | 'gcp'): Json[] =>
    clusterObjects(example, env.name, cloud === 'azure' ? env.azure!.cluster.name : env.gcp!.cluster.name);

  beforeAll(() => {
    example = sharedSynth();
  });

  test('the environments cover what the rules are about', () => {
    expect(amlEnvs.length).toBeGreaterThan(1);
    expect(pipelineEnvs.length).toBeGreaterThan(1);
    expect(allEnvironments.some((e) => e.production && e.gcp?.cluster.controlPlane?.dnsEndpoint)).toBe(true);
  });

  describe.each(amlEnvs.map((e) => [e.name, e] as const))('%s: one identity per job', (_name, env) => {
    test('no ServiceAccount may sign in as an Azure ML compute identity', () => {
      const json = stackJson(example, `${env.name}-azure`);
      const computeIdentities = resources(json, 'azapi_resource')
        .filter(([, r]) => r.body?.properties?.computeType === 'Kubernetes')
        .map(([, r]) => refName(r.identity[0].identity_ids[0], 'azurerm_user_assigned_identity'));
      expect(computeIdentities).toHaveLength(env.azure!.azureMl!.computes.length);
      const trusted = [...identitiesTrusting(json).values()].flat();
      expect(computeIdentities.filter((id) => trusted.includes(id!))).toEqual([]);
    });
  });

  describe.each(pipelineEnvs.map((e) => [e.name, e] as const))('%s: the pipeline identities', (_name, env) => {
    const subjects = () => pipelineSubjects(env)!;
    const trusting = (subject: string): string[] => identitiesTrusting(stackJson(example, `${env.name}-azure`)).get(subject) ?? [];

    test('the publisher and the deployer each have an identity of their own, trusting only their ServiceAccount', () => {
      const publisher = trusting(subjects().publisher);
      const deployer = trusting(subjects().deployer);
      expect([publisher.length, deployer.length]).toEqual([1, 1]);
      expect(publisher[0]).not.toBe(deployer[0]);
      const all = identitiesTrusting(stackJson(example, `${env.name}-azure`));
      const subjectsOf = (identity: string) => [...all.entries()].filter(([, ids]) => ids.includes(identity)).map(([s]) => s);
      expect(subjectsOf(publisher[0])).toEqual([subjects().publisher]);
      expect(subjectsOf(deployer[0])).toEqual([subjects().deployer]);
    });

    test('in Azure, the publisher may only pull from the workspace registry, and the deployer nothing', () => {
      const json = stackJson(example, `${env.name}-azure`);
      const [[, workspace]] = resources(json, 'azapi_resource').filter(([, r]) => r.type.startsWith('Microsoft.MachineLearningServices/workspaces@'));
      const grantsOf = (identity: string) => resources(json, 'azurerm_role_assignment')
        .filter(([, r]) => refName(r.principal_id, 'azurerm_user_assigned_identity') === identity)
        .map(([, r]) => [r.role_definition_name, r.scope]);
      expect(grantsOf(trusting(subjects().publisher)[0])).toEqual([['AcrPull', workspace.body.properties.containerRegistry]]);
      expect(grantsOf(trusting(subjects().deployer)[0])).toEqual([]);
    });

    test('Google admits only those two: Artifact Registry writer for the publisher, deployer impersonation for the deployer', () => {
      const gcp = stackJson(example, `${env.name}-gcp`);
      const publisher = trusting(subjects().publisher)[0];
      const deployer = trusting(subjects().deployer)[0];
      const entra = resources(gcp, 'google_iam_workload_identity_pool_provider').filter(([, p]) => p.oidc.issuer_uri.startsWith('https://login.microsoftonline.com/'));
      expect(entra).toHaveLength(1);
      const admitted = [...entra[0][1].attribute_condition.matchAll(/'([^']*principal_id\})'/g)].map((m) => crossStackIdentity(m[1]));
      expect(admitted.sort()).toEqual([deployer, publisher].sort());
      const members = (type: string, role: string) => resources(gcp, type).filter(([, m]) => m.role === role).map(([, m]) => crossStackIdentity(m.member));
      expect(members('google_artifact_registry_repository_iam_member', 'roles/artifactregistry.writer')).toEqual([publisher]);
      expect(members('google_service_account_iam_member', 'roles/iam.workloadIdentityUser')).toEqual([deployer]);
      expect(resources(gcp, 'azuread_app_role_assignment').map(([, a]) => crossStackIdentity(a.principal_object_id)).sort()).toEqual([deployer, publisher].sort());
    });

    test('the publisher script holds no config or deploy value, and crane runs under its debug shell', () => {
      const job = cluster(env, 'azure').find((o) => o.kind === 'Job' && o.metadata.namespace === env.azure!.azureMl!.google!.publisher.namespace)!;
      const pod = job.spec.template.spec;
      const containers: Json[] = [...pod.initContainers, ...pod.containers];
      const scripts = containers.map((c) => c.command[2]).join('\n');
      const values = [env.azure!.azureMl!.google!.publisher.sourceImage, env.gcp!.project, env.azure!.azureMl!.workspaceName.replace(/[^a-z0-9]/gi, '').toLowerCase(), 'PLACEHOLDER'];
      expect(values.filter((v) => scripts.includes(v))).toEqual([]);
      expect(containers.map((c) => c.command[0])).toEqual(['/bin/sh', '/bin/sh', '/busybox/sh']);
      expect(scripts).toMatch(/printf %s "\$[a-z_]+" > \/tokens\/entra/);
    });
  });

  describe.each(allEnvironments.map((e) => [e.name, e] as const))('%s: no external deployer beside an identity-bearing ServiceAccount', (_name, env) => {
    const WRITE = new Set(['create', 'update', 'patch', '*']);
    const WORKLOADS = new Set(['deployments', 'pods', 'jobs', 'cronjobs', 'statefulsets', 'daemonsets', 'replicasets', '*']);

    test.each(['azure', 'gcp'] as const)('on %s', (cloud) => {
      if (!(cloud === 'azure' ? env.azure : env.gcp)) return;
      const objects = cluster(env, cloud);
      const writableRoles = new Set(objects.filter((o) => o.kind === 'Role' && (o.rules as Json[]).some((r) =>
        (r.verbs as string[]).some((v) => WRITE.has(v)) && (r.resources as string[]).some((res) => WORKLOADS.has(res))))
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      // Namespaces where a principal from outside the cluster may write workloads: RoleBindings to users or groups...
      const deployerNamespaces = objects.filter((o) => o.kind === 'RoleBinding' && writableRoles.has(`${o.metadata.namespace}/${o.roleRef.name}`)
        && (o.subjects as Json[]).some((s) => s.kind !== 'ServiceAccount')).map((o) => o.metadata.namespace as string);
      // ... and, on AKS, the Azure ML compute namespaces, where the workspace creates the pods.
      if (cloud === 'azure') deployerNamespaces.push(...(env.azure?.azureMl?.computes ?? []).map((c) => c.namespace));
      // Identity-bearing ServiceAccounts: those the config binds on this cluster, and those carrying an identity annotation.
      const bound = (env.identities ?? []).filter((i) => i.runsOn === cloud).map((i) => `${i.namespace}/${i.serviceAccount}`);
      const annotated = objects.filter((o) => o.kind === 'ServiceAccount' && Object.keys(o.metadata.annotations ?? {})
        .some((a) => a === 'azure.workload.identity/client-id' || a === 'iam.gke.io/gcp-service-account')).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
      const bearers = [...bound, ...annotated];
      expect(deployerNamespaces.flatMap((ns) => bearers.filter((b) => b.startsWith(`${ns}/`)).map((b) => `${b} in a namespace an external deployer writes to`))).toEqual([]);
    });
  });

  describe.each(azureEnvs.map((e) => [e.name, e] as const))('%s: AKS audit and Container Insights', (_name, env) => {
    const json = () => stackJson(example, `${env.name}-azure`);

    test('Container Insights has a data collection rule associated with the cluster', () => {
      const clusters = resources(json(), 'azurerm_kubernetes_cluster');
      const rules = new Map(resources(json(), 'azurerm_monitor_data_collection_rule'));
      for (const [name, aks] of clusters) {
        if (!aks.oms_agent) continue;
        const associated = resources(json(), 'azurerm_monitor_data_collection_rule_association')
          .filter(([, a]) => refName(a.target_resource_id, 'azurerm_kubernetes_cluster') === name)
          .map(([, a]) => rules.get(refName(a.data_collection_rule_id, 'azurerm_monitor_data_collection_rule')!));
        expect(associated.filter((r) => r?.data_sources?.extension?.some((e: Json) => e.extension_name === 'ContainerInsights'))).toHaveLength(1);
      }
    });

    test('a production cluster sends its audit log and guard to Log Analytics', () => {
      const settings = resources(json(), 'azurerm_monitor_diagnostic_setting');
      for (const [name] of resources(json(), 'azurerm_kubernetes_cluster')) {
        const categories = settings.filter(([, s]) => refName(s.target_resource_id, 'azurerm_kubernetes_cluster') === name && s.log_analytics_workspace_id)
          .flatMap(([, s]) => (s.enabled_log as Json[]).map((l) => l.category));
        if (!env.production) continue;
        expect(categories).toEqual(expect.arrayContaining(['guard']));
        expect(categories.some((c) => c === 'kube-audit' || c === 'kube-audit-admin')).toBe(true);
      }
    });
  });

  describe.each(amlEnvs.map((e) => [e.name, e] as const))('%s: Azure ML is private and reachable, and serves TLS in production', (_name, env) => {
    const json = () => stackJson(example, `${env.name}-azure`);

    test('a workspace closed to the internet has private endpoints for it and its dependencies, each with linked DNS', () => {
      const [[name, workspace]] = resources(json(), 'azapi_resource').filter(([, r]) => r.type.startsWith('Microsoft.MachineLearningServices/workspaces@'));
      expect(workspace.body.properties.systemDatastoresAuthMode).toBe('identity');
      if (env.production) expect(workspace.body.properties.publicNetworkAccess).toBe('Disabled');
      if (workspace.body.properties.publicNetworkAccess !== 'Disabled') return;
      const props = workspace.body.properties;
      const targets = resources(json(), 'azurerm_private_endpoint').map(([, e]) => `${e.private_service_connection.subresource_names[0]} ${e.private_service_connection.private_connection_resource_id}`);
      expect(targets.sort()).toEqual([
        `amlworkspace \${azapi_resource.${name}.id}`, `blob ${props.storageAccount}`, `file ${props.storageAccount}`, `registry ${props.containerRegistry}`, `vault ${props.keyVault}`,
      ]);
      const zones = new Map(resources(json(), 'azurerm_private_dns_zone'));
      const linked = new Set(resources(json(), 'azurerm_private_dns_zone_virtual_network_link').map(([, l]) => refName(l.private_dns_zone_name, 'azurerm_private_dns_zone')));
      for (const [, endpoint] of resources(json(), 'azurerm_private_endpoint')) {
        const ids: string[] = endpoint.private_dns_zone_group.private_dns_zone_ids;
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(linked.has(refName(id, 'azurerm_private_dns_zone'))).toBe(true);
      }
      expect(zones.size).toBe(linked.size);
      expect(resources(json(), 'azurerm_storage_account_network_rules').map(([, r]) => r.default_action)).toEqual(['Deny']);
    });

    test('production inference is TLS at azureml-fe, from a certificate issued in the cluster into the Secret the extension reads', () => {
      if (!env.production || env.azure!.azureMl!.enableInference === false) return;
      const [[, extension]] = resources(json(), 'azurerm_kubernetes_cluster_extension');
      const settings = extension.configuration_settings;
      expect(settings.allowInsecureConnections).toBe('False');
      expect(extension.configuration_protected_settings).toBeUndefined();
      const objects = cluster(env, 'azure');
      const secret = settings.sslSecret as string;
      const certificate = objects.find((o) => o.kind === 'Certificate' && o.metadata.namespace === 'azureml' && (o.spec.dnsNames as string[]).includes(settings.sslCname));
      expect(certificate).toBeDefined();
      const exporter = objects.find((o) => o.kind === 'CronJob' && o.metadata.namespace === 'azureml')!;
      const projected = exporter.spec.jobTemplate.spec.template.spec.volumes.flatMap((v: Json) => v.projected?.sources ?? []);
      expect(projected).toContainEqual({ secret: { name: certificate!.spec.secretName, items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }] } });
      const kustomization = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'azureml' && o.data?.['kustomization.yaml'])!.data['kustomization.yaml'];
      expect(kustomization).toContain(`- name: ${secret}\n`);
    });
  });

  describe.each(allEnvironments.filter((e) => e.gcp).map((e) => [e.name, e] as const))('%s: the GKE DNS endpoint', (_name, env) => {
    test('open to outside traffic in production only with the project inside a VPC Service Controls perimeter, joined first', () => {
      const json = stackJson(example, `${env.name}-gcp`);
      const perimeters = resources(json, 'google_access_context_manager_service_perimeter_resource');
      for (const [, gke] of resources(json, 'google_container_cluster')) {
        if (!env.production || gke.control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic !== true) continue;
        expect(perimeters).toHaveLength(1);
        expect(gke.depends_on).toContain(`google_access_context_manager_service_perimeter_resource.${perimeters[0][0]}`);
      }
    });
  });
});
