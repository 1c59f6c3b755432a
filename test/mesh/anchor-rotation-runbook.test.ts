import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { linkerdPkiRelease, sharedSynth } from '../support/example-synth';
import { expectValidManifests } from '../support/k8s-schema';
import { resolveTrustBundle, SecretObject } from '../support/trust-bundle';

// The "Anchor key rotation" runbook of docs/mesh.md, step by step, against the Bundle every cluster's stack installs:
// the Secret step 1 tells the operator to apply is read from the doc itself, and the trust-manager model
// (test/support/trust-bundle.ts) says what linkerd-identity-trust-roots then carries.

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'mesh.md'), 'utf8');
const runbook = doc.slice(doc.indexOf('#### Anchor key rotation'));
const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(`anchor ${name}`).toString('base64')}\n-----END CERTIFICATE-----\n`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The retired-anchor Secret of step 1, with the value the command of step 1 prints (the anchor's tls.crt, base64). */
function retiredAnchorSecret(anchorCertificateBase64: string): SecretObject {
  const block = /```yaml\n( *# runbook: retired anchor\n[\s\S]*?) *```/.exec(runbook);
  if (!block) throw new Error('docs/mesh.md: no "# runbook: retired anchor" YAML block in the key rotation runbook');
  const yaml = block[1].replace(/^ {3}/gm, '').replace('<the value printed above>', anchorCertificateBase64);
  return parse(yaml) as SecretObject;
}

/** The `kubectl ...` command of a step: the first inline code span of the numbered item. */
function command(step: number): string {
  const item = new RegExp(`^${step}\\. [\\s\\S]*?(?=^\\d\\. |$(?![\\s\\S]))`, 'm').exec(runbook);
  const code = item && /`(kubectl [^`]+)`/.exec(item[0].replace(/\n\s+/g, ' '));
  if (!code) throw new Error(`docs/mesh.md: step ${step} of the key rotation runbook has no kubectl command`);
  return code[1];
}

const example = sharedSynth();
// Every stack creates one cluster, and every cluster gets the trust chain.
const stacks = example.stacks;

test('every cluster has a mesh PKI', () => {
  expect(stacks.length).toBeGreaterThanOrEqual(5);
  for (const stack of stacks) expect(linkerdPkiRelease(example, stack).length).toBeGreaterThan(0);
});

describe.each(stacks)('anchor key rotation on the cluster of %s', (stack) => {
  const objects = linkerdPkiRelease(example, stack);
  const bundle = objects.find((o) => o.kind === 'Bundle');
  const anchor = objects.find((o) => o.kind === 'Certificate' && o.spec.isCA && o.spec.issuerRef.kind === 'Issuer');
  const trustNamespace = anchor.metadata.namespace;
  const anchorSecret = (certificate: string): SecretObject => ({
    metadata: { name: anchor.spec.secretName, namespace: trustNamespace },
    data: { 'tls.crt': b64(certificate), 'tls.key': b64('PRIVATE') },
  });
  const retired = retiredAnchorSecret(b64(pem('A')));

  test('step 1 creates a schema-valid Secret in the trust namespace holding only the certificate', () => {
    expectValidManifests([retired as unknown as Record<string, unknown>]);
    expect(retired.metadata.namespace).toBe(trustNamespace);
    expect(Object.keys(retired.data ?? {})).toEqual(['tls.crt']);
    expect(command(1)).toBe(`kubectl -n ${trustNamespace} get secret ${anchor.spec.secretName} -o jsonpath='{.data.tls\\.crt}'`);
  });

  test('before and after step 1 the mesh trusts the current root only', () => {
    expect(resolveTrustBundle(bundle.spec, [anchorSecret(pem('A'))], trustNamespace)).toEqual([pem('A').trim()]);
    expect(resolveTrustBundle(bundle.spec, [anchorSecret(pem('A')), retired], trustNamespace)).toEqual([pem('A').trim()]);
  });

  test('after step 2 (new key) the bundle carries both roots, so old and new pods trust each other', () => {
    expect(command(2)).toBe(`kubectl -n ${trustNamespace} delete secret ${anchor.spec.secretName}`);
    expect(anchor.spec.privateKey.rotationPolicy).toBe('Never');
    const roots = resolveTrustBundle(bundle.spec, [anchorSecret(pem('B')), retired], trustNamespace);
    expect(roots.sort()).toEqual([pem('A').trim(), pem('B').trim()].sort());
    expect(runbook).toContain(`kubectl -n linkerd get configmap ${bundle.metadata.name} -o jsonpath='{.data.${bundle.spec.target.configMap.key.replace('.', '\\.')}}'`);
  });

  test('step 6 removes exactly the retired roots', () => {
    const selector = /delete secret -l ([\w./-]+)=(\w+)/.exec(command(6));
    expect(selector).not.toBeNull();
    const remaining = [anchorSecret(pem('B')), retired].filter((s) => s.metadata.labels?.[selector![1]] !== selector![2]);
    expect(command(6)).toContain(`-n ${trustNamespace}`);
    expect(resolveTrustBundle(bundle.spec, remaining, trustNamespace)).toEqual([pem('B').trim()]);
  });
});
