import { linkerdPkiObjects } from '../../lib/contract/linkerd-pki';
import { expectValidManifests } from '../support/k8s-schema';
import { named } from './fixtures';

// The objects the `linkerd-pki` Helm release installs before the control plane (lib/platform/terraform/cluster-addons.ts).
describe('linkerdPkiObjects', () => {
  test('self-signed ECDSA P-256 anchor in cert-manager that keeps its key, rotating issuer in linkerd, public bundle only', () => {
    const objects = linkerdPkiObjects() as any[];
    expectValidManifests(objects);

    const ns = named(objects, 'Namespace', 'linkerd');
    expect(ns.metadata.labels).toMatchObject({ 'linkerd.io/is-control-plane': 'true', 'config.linkerd.io/admission-webhooks': 'disabled', 'pod-security.kubernetes.io/enforce': 'privileged' });

    expect(named(objects, 'Issuer', 'linkerd-trust-root-issuer')).toMatchObject({ metadata: { namespace: 'cert-manager' }, spec: { selfSigned: {} } });
    const anchor = named(objects, 'Certificate', 'linkerd-trust-anchor');
    expect(anchor.metadata.namespace).toBe('cert-manager');
    expect(anchor.spec).toMatchObject({
      isCA: true, commonName: 'root.linkerd.cluster.local', secretName: 'linkerd-trust-anchor', duration: '87600h', renewBefore: '8760h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' },
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
      sources: [
        { secret: { name: 'linkerd-trust-anchor', key: 'tls.crt' } },
        { secret: { selector: { matchLabels: { 'ml-mesh-platform.io/retired-linkerd-anchor': 'true' } }, key: 'tls.crt' } },
      ],
      target: { configMap: { key: 'ca-bundle.crt' }, namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } } },
    });
    // No private key material anywhere in the YAML.
    expect(JSON.stringify(objects)).not.toMatch(/PRIVATE KEY|tls\.key/);
  });

  test('linkerd-cni allows restricted; proxy-init enforces privileged and says why', () => {
    expect(named(linkerdPkiObjects({ trafficRedirect: 'linkerd-cni' }) as any[], 'Namespace', 'linkerd').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const proxyInit = named(linkerdPkiObjects() as any[], 'Namespace', 'linkerd').metadata;
    expect(proxyInit.annotations['ml-mesh-platform.io/pod-security-reason']).toMatch(/proxy-init adds NET_ADMIN and NET_RAW/);
  });

  test('lifetimes come from the contract, and must parse, renew before expiry, alert after renewal is due, and nest', () => {
    expect(() => linkerdPkiObjects({
      certificates: {
        trustAnchor: { duration: '24h', renewBefore: '48h' },
        identityIssuer: { duration: '72h', renewBefore: 'soon' },
      },
    }, 'prod-azure/addons')).toThrow(/prod-azure\/addons[\s\S]*certificates.trustAnchor.renewBefore = "48h": must be shorter than duration \(24h\)[\s\S]*certificates.identityIssuer.renewBefore = "soon": must be a positive Go duration/);
    expect(() => linkerdPkiObjects({ certificates: { trustAnchor: { duration: '240h', renewBefore: '48h' }, identityIssuer: { duration: '300h', renewBefore: '30h' } } }))
      .toThrow('certificates.identityIssuer.duration = "300h": must be shorter than trustAnchor.duration (240h): an issuer cannot outlive the anchor that signs it');
    expect(() => linkerdPkiObjects({ certificates: { identityIssuer: { alertBelow: '25h' } } }))
      .toThrow(/certificates.identityIssuer.alertBelow = "25h": must be shorter than renewBefore \(25h\)/);

    const custom = linkerdPkiObjects({ certificates: { identityIssuer: { duration: '72h', renewBefore: '36h' } } }) as any[];
    expect(named(custom, 'Certificate', 'linkerd-identity-issuer').spec).toMatchObject({ duration: '72h', renewBefore: '36h' });
  });
});
