import { expectValidManifests } from '../support/k8s-schema';
import { clusterChart, synthObjects } from '../support/cluster-app';
import { NamespaceNetworkPolicies } from '../../lib/k8s/network/namespace-network-policies';
import { CloudEndpoint } from '../../lib/k8s/network/cloud-endpoints';
import { CloudEgressOptions } from '../../lib/k8s/network/cloud-egress-policy';

const gke = { cloud: 'gcp' as const, dataplane: 'gke-dataplane-v2' as const };

function egress(context: object, endpoints: CloudEndpoint[], options: CloudEgressOptions = {}) {
  const { chart } = clusterChart(context);
  const net = new NamespaceNetworkPolicies(chart, 'net', { namespace: 'mlops', meshed: true });
  net.allowCloudEgress(endpoints, options);
  const objects = synthObjects(chart);
  expectValidManifests(objects);
  return objects.find((o) => o.metadata.name === (options.name ?? 'allow-cloud-egress'));
}

describe('allowCloudEgress on AKS with ACNS: FQDN rules', () => {
  const policy = egress({ acnsSecurity: true }, ['google-sts', 'google-iam-credentials', 'gcs', 'entra-login',
    { service: 'artifact-registry', region: 'europe-west4' }, { service: 'key-vault', vaultName: 'kv-mlops-prod' }]);

  test('names each endpoint on TCP 443 and nothing wider', () => {
    expect(policy?.kind).toBe('CiliumNetworkPolicy');
    const fqdnRule = policy?.spec.egress.find((r: any) => r.toFQDNs);
    expect(fqdnRule.toFQDNs.map((f: any) => f.matchName)).toEqual([
      'sts.googleapis.com', 'iamcredentials.googleapis.com', 'storage.googleapis.com', 'login.microsoftonline.com',
      'europe-west4-docker.pkg.dev', 'kv-mlops-prod.vault.azure.net']);
    expect(fqdnRule.toPorts).toEqual([{ ports: [{ port: '443', protocol: 'TCP' }] }]);
    expect(JSON.stringify(policy)).not.toContain('world');
  });

  test('sends DNS through the Cilium DNS proxy, in the same policy, for kube-dns and LocalDNS', () => {
    const dnsRules = policy?.spec.egress.filter((r: any) => r.toPorts?.[0]?.rules?.dns);
    expect(dnsRules).toHaveLength(2);
    expect(dnsRules[0].toEndpoints).toEqual([{ matchLabels: { 'k8s-app': 'kube-dns', 'k8s:io.kubernetes.pod.namespace': 'kube-system' } }]);
    expect(dnsRules[1].toCIDRSet).toEqual([{ cidr: '169.254.10.10/32' }, { cidr: '169.254.10.11/32' }]);
    for (const r of dnsRules) expect(r.toPorts[0].rules.dns).toEqual([{ matchPattern: '*' }]);
  });
});

test('a registry and its storage: the login server by name, the storage account by pattern; multi-region Artifact Registry', () => {
  const policy = egress({ acnsSecurity: true }, ['azure-resource-manager', { service: 'container-registry', registry: 'mlwProdAcr' }, { service: 'container-registry-storage' }, { service: 'artifact-registry', region: 'us' }]);
  expect(policy?.spec.egress.find((r: any) => r.toFQDNs).toFQDNs).toEqual([
    { matchName: 'management.azure.com' }, { matchName: 'mlwprodacr.azurecr.io' }, { matchPattern: '*.blob.core.windows.net' }, { matchName: 'us-docker.pkg.dev' }]);
});

describe('allowCloudEgress where the dataplane cannot filter by name', () => {
  test('AKS without ACNS refuses, naming the endpoint and the reason', () => {
    expect(() => egress({}, ['entra-login'])).toThrow(
      /endpoints\[0\] = "entra-login": needs FQDN egress to login\.microsoftonline\.com, but AKS blocks FQDN and L7 Cilium policies unless Advanced Container Networking Services security is enabled/);
  });

  test('AKS without ACNS with allowUnfilteredHttps opens HTTPS to world, and says so in the YAML', () => {
    const policy = egress({}, ['entra-login', { service: 'key-vault', vaultName: 'kv-mlops' }], { allowUnfilteredHttps: true });
    expect(policy?.spec.egress).toEqual([{ toEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }]);
    expect(policy?.metadata.annotations['ml-mesh-platform.io/purpose']).toMatch(/NOT filtered by name/);
  });

  test('GKE reaches Google APIs through the Private Google Access VIP', () => {
    const policy = egress(gke, ['google-sts', 'gcs', { service: 'artifact-registry', region: 'us-central1' }], { googleApiVip: 'restricted.googleapis.com' });
    expect(policy?.kind).toBe('NetworkPolicy');
    expect(policy?.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '199.36.153.4/30' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('GKE refuses Google APIs without a VIP, and Azure endpoints unless unfiltered HTTPS is allowed', () => {
    expect(() => egress(gke, ['google-sts'])).toThrow(/endpoints\[0\] = "google-sts": needs FQDN egress to sts\.googleapis\.com, but GKE Dataplane V2 enforces Kubernetes NetworkPolicy only.*set googleApiVip \(Private Google Access\), or set allowUnfilteredHttps/);
    expect(() => egress(gke, ['google-sts', 'entra-login'], { googleApiVip: 'private.googleapis.com' })).toThrow(/endpoints\[1\] = "entra-login": needs FQDN egress/);
    const policy = egress(gke, ['google-sts', 'entra-login'], { googleApiVip: 'private.googleapis.com', allowUnfilteredHttps: true });
    expect(policy?.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '199.36.153.8/30' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  test('the GKE metadata server is reached by its fixed addresses, and only on GKE', () => {
    const policy = egress(gke, ['gke-metadata-server'], { podSelector: { app: 'trainer' } });
    expect(policy?.spec.podSelector).toEqual({ matchLabels: { app: 'trainer' } });
    expect(policy?.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ port: 988, protocol: 'TCP' }] },
    ]);
    expect(() => egress({ acnsSecurity: true }, ['gke-metadata-server'])).toThrow(/endpoints\[0\] = "gke-metadata-server": the GKE metadata server exists only on GKE clusters/);
  });
});

describe('allowCloudEgress input rules', () => {
  test.each([
    [[{ service: 'artifact-registry', region: 'Europe West' }], {}, /endpoints\[0\]\.region = "Europe West": must be a Google Cloud region/],
    [[{ service: 'key-vault', vaultName: 'kv--bad' }], {}, /endpoints\[0\]\.vaultName = "kv--bad": must be a Key Vault name/],
    [[{ service: 'container-registry', registry: 'my-acr' }], {}, /endpoints\[0\]\.registry = "my-acr": must be a container registry name: 5-50 letters or digits/],
    [[], {}, /endpoints = \[\]: must name at least one endpoint/],
    [['gcs'], { googleApiVip: 'private.googleapis.com' }, /googleApiVip = "private.googleapis.com": applies only to GKE clusters/],
    [['gcs'], { name: 'Cloud' }, /name = "Cloud": must be an RFC 1123 label/],
  ] as const)('%j %j', (endpoints, options, message) => {
    expect(() => egress({ acnsSecurity: true }, endpoints as unknown as CloudEndpoint[], options as CloudEgressOptions)).toThrow(message);
  });

  test('two egress policies in one namespace need distinct names', () => {
    const { chart } = clusterChart({ acnsSecurity: true });
    const net = new NamespaceNetworkPolicies(chart, 'net', { namespace: 'mlops', meshed: true });
    net.allowCloudEgress(['gcs'], { podSelector: { app: 'a' }, name: 'allow-gcs' });
    net.allowCloudEgress(['entra-login'], { podSelector: { app: 'b' }, name: 'allow-entra' });
    const names = synthObjects(chart).map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['allow-gcs', 'allow-entra']));
    expect(() => net.allowCloudEgress(['gcs'], { name: 'allow-gcs' })).toThrow(/allowCloudEgress\.name = "allow-gcs": is already used in namespace mlops/);
  });
});
