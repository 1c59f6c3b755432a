import { clusterInstallPlan } from '../../lib/config/cluster-install-plan';
import { clusterTarget } from '../../lib/config/cluster-targets';
import { API_SERVER_CALLED_PORTS } from '../../lib/contract/chart-components';
import { GKE_DEFAULT_MASTER_CIDR } from '../../lib/contract/gke-control-plane';
import { GKE_FORCE_NEW_RULES } from '../../lib/terraform/gcp/gke-force-new';
import { sharedSynth, stackJson } from '../support/example-synth';
import { dependsOn, named, resources } from '../support/terraform-json';
import { allEnvironments } from '../support/test-environments';

// What would fail when a Google Cloud stack is applied to a fresh project, or at first use of the cluster, checked on
// every environment with a GKE cluster.

const synth = sharedSynth();
const gcpEnvs = allEnvironments.filter((env) => env.gcp);

describe.each(gcpEnvs.map((env) => [`${env.name}-gcp`, env] as const))('%s', (stackName, env) => {
  const gcp = env.gcp!;
  const stack = stackJson(synth, stackName);
  const cluster = resources(stack, 'google_container_cluster')[0];
  const nodeAccount = resources(stack, 'google_service_account').find((a) => a.body.display_name === `GKE nodes of ${gcp.cluster.name}`)!;

  test('the control plane reaches every port it calls on pods: a firewall rule from its range to the nodes', () => {
    const firewall = resources(stack, 'google_compute_firewall');
    expect(firewall).toHaveLength(1);
    expect(firewall[0].body).toMatchObject({
      direction: 'INGRESS',
      source_ranges: [gcp.cluster.network.masterIpv4CidrBlock ?? GKE_DEFAULT_MASTER_CIDR],
      target_service_accounts: [`\${${nodeAccount.address}.email}`],
      allow: [{ protocol: 'tcp', ports: API_SERVER_CALLED_PORTS.map(String) }],
    });
    expect(cluster.body.private_cluster_config.master_ipv4_cidr_block).toBe(firewall[0].body.source_ranges[0]);
    // Each release whose pods serve such a port waits for the rule.
    const plan = clusterInstallPlan(clusterTarget(env, 'gcp'));
    for (const release of plan.releases.filter((r) => r.webhookPorts.length > 0)) {
      expect({ release: release.name, deps: dependsOn(named(stack, 'helm_release', release.name)) }).toEqual({ release: release.name, deps: expect.arrayContaining([firewall[0].address]) });
    }
  });

  test('a VPC-peering cluster, whose private endpoint the replacement guard refuses to switch in place', () => {
    expect(cluster.body.private_cluster_config.master_ipv4_cidr_block).toMatch(/\/28$/);
    const rule = GKE_FORCE_NEW_RULES.find((r) => r.resourceType === 'google_container_cluster')!;
    expect(rule.attributes).toContainEqual(expect.objectContaining({ path: 'private_cluster_config.enable_private_endpoint', effect: 'refused-in-place' }));
  });

  test('no retired vulnerability scanning mode', () => {
    expect(cluster.body.security_posture_config.vulnerability_mode).toBe('VULNERABILITY_DISABLED');
  });

  test('the default pool GKE creates first runs as the dedicated node service account, after its roles', () => {
    expect(cluster.body.node_config).toMatchObject({ service_account: `\${${nodeAccount.address}.email}`, workload_metadata_config: { mode: 'GKE_METADATA' } });
    const roles = resources(stack, 'google_project_iam_member').filter((m) => m.body.member === `\${${nodeAccount.address}.member}`);
    expect(roles.length).toBeGreaterThan(0);
    expect(dependsOn(cluster)).toEqual(expect.arrayContaining(roles.map((r) => r.address)));
  });

  test('the configured project number is checked against the project before anything uses it', () => {
    const project = stack.data.google_project.project;
    if (gcp.projectNumber === undefined) {
      expect(project.lifecycle).toBeUndefined();
      return;
    }
    expect(project.lifecycle.postcondition).toEqual([{ condition: `\${self.number == "${gcp.projectNumber}"}`, error_message: expect.stringContaining(`gcp.projectNumber ${gcp.projectNumber}`) }]);
  });

  test('the APIs the stack calls are switched on and never off, and every google resource waits for them', () => {
    const services = resources(stack, 'google_project_service');
    const apis = services.map((s) => s.body.service);
    for (const api of ['container', 'compute', 'iam', 'iamcredentials', 'sts', 'monitoring', 'logging', 'cloudresourcemanager']) expect(apis).toContain(`${api}.googleapis.com`);
    expect(apis.includes('artifactregistry.googleapis.com')).toBe(gcp.modelRegistry !== undefined);
    expect(apis.includes('cloudkms.googleapis.com')).toBe(gcp.cluster.secretsEncryptionKey !== undefined);
    expect(apis.includes('binaryauthorization.googleapis.com')).toBe(gcp.cluster.binaryAuthorization ?? env.production ?? false);
    for (const s of services) expect(s.body).toMatchObject({ disable_on_destroy: false, project: gcp.project });
    const wait = resources(stack, 'time_sleep').find((t) => (t.body.depends_on ?? []).some((d: string) => d.startsWith('google_project_service.')))!;
    expect(dependsOn(wait).sort()).toEqual(services.map((s) => s.address).sort());
    for (const r of resources(stack).filter((x) => x.type.startsWith('google_') && x.type !== 'google_project_service')) {
      expect({ resource: r.address, deps: dependsOn(r) }).toEqual({ resource: r.address, deps: expect.arrayContaining([wait.address]) });
    }
  });
});
