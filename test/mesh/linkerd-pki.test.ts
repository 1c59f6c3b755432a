import { linkerdPkiObjects } from '../../lib/contract/linkerd-pki';
import { expectValidManifests } from '../support/k8s-schema';
import { named } from './fixtures';

// The objects the `linkerd-pki` Helm release installs before the control plane (lib/platform/terraform/cluster-addons.ts).
describe('linkerdPkiObjects', () => {
  test('self-signed ECDSA P-256 anchor in cert-manager, rotating issuer in linkerd, public bundle only', () => {
    const objects = linkerdPkiObjects() as any[];
    expectValidManifests(objects);

    const ns = named(objects, 'Namespace', 'linkerd');
    expect(ns.metadata.labels).toMatchObject({ 'linkerd.io/is-control-plane': 'true', 'config.linkerd.io/admission-webhooks': 'disabled', 'pod-security.kubernetes.io/enforce': 'privileged' });

    expect(named(objects, 'Issuer', 'linkerd-trust-root-issuer')).toMatchObject({ metadata: { namespace: 'cert-manager' }, spec: { selfSigned: {} } });
    const anchor = named(objects, 'Certificate', 'linkerd-trust-anchor');
    expect(anchor.metadata.namespace).toBe('cert-manager');
    expect(anchor.spec).toMatchObject({
      isCA: true, commonName: 'root.linkerd.cluster.local', secretName: 'linkerd-trust-anchor', duration: '8760h', renewBefore: '1440h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: { kind: 'Issuer', name: 'linkerd-trust-root-issuer' },
    });
    expect(named(objects, 'ClusterIssuer', 'linkerd-identity-issuer').spec).toEqual({ ca: { secretName: 'linkerd-trust-anchor' } });
    const issuer = named(objects, 'Certificate', 'linkerd-identity-issuer');
    expect(issuer.metadata.namespace).toBe('linkerd');
    expect(issuer.spec).toMatchObject({
      isCA: true, commonName: 'identity.linkerd.cluster.local', secretName: 'linkerd-identity-issuer', duration: '48h', renewBefore: '25h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: { kind: 'ClusterIssuer', name: 'linkerd-identity-issuer' },
    });
    const bundle = named(objects, 'Bundle', 'linkerd-identity-trust-roots');
    expect(bundle.spec).toEqual({
      sources: [{ secret: { name: 'linkerd-trust-anchor', key: 'tls.crt' } }],
      target: { configMap: { key: 'ca-bundle.crt' }, namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } } },
    });
    // No private key material anywhere in the YAML.
    expect(JSON.stringify(objects)).not.toMatch(/PRIVATE KEY|tls\.key/);
  });

  test('during an anchor rotation the previous anchor is bundled too; linkerd-cni allows restricted', () => {
    const objects = linkerdPkiObjects({ previousAnchorSecret: 'linkerd-previous-anchor', trafficRedirect: 'linkerd-cni' }) as any[];
    expect(named(objects, 'Bundle', 'linkerd-identity-trust-roots').spec.sources[1]).toEqual({ secret: { name: 'linkerd-previous-anchor', key: 'tls.crt' } });
    expect(named(objects, 'Namespace', 'linkerd').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('validity windows must parse, renew before expiry, and nest', () => {
    expect(() => linkerdPkiObjects({
      anchorValidity: { duration: '24h', renewBefore: '48h' },
      issuerValidity: { duration: '72h', renewBefore: 'soon' },
    }, 'prod-azure/addons')).toThrow(/prod-azure\/addons[\s\S]*anchorValidity.renewBefore = "48h": must be shorter than duration \(24h\)[\s\S]*issuerValidity.renewBefore = "soon": must be a positive Go duration[\s\S]*issuerValidity.duration = "72h": must be shorter than anchorValidity.duration \(24h\)/);
  });
});
