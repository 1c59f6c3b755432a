import { Issues } from '../../lib/core/validation';
import { gkeIssuerUrl, kubernetesSubject } from '../../lib/contract/identity/identity-names';
import {
  allowedAudienceRules, attributeConditionRules, federatedCredentialRules, googleSubjectRules, issuerUrlRules, poolOrProviderIdRules,
} from '../../lib/contract/identity/identity-rules';
import { AKS_ISSUER, GKE_ISSUER, TENANT } from './fixtures';

function messages(run: (issues: Issues) => void): string[] {
  const issues = new Issues();
  run(issues);
  return issues.all.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.rule}`);
}

describe('pool and provider IDs', () => {
  it('accepts 4-32 lowercase letters, digits and hyphens', () => {
    expect(messages((i) => poolOrProviderIdRules(i, 'poolId', 'ml-mesh-prod'))).toEqual([]);
  });
  it.each([
    ['abc', 'must be 4-32 characters'],
    ['a'.repeat(33), 'must be 4-32 characters'],
    ['Ml_Mesh', 'lowercase letters, digits or "-"'],
    ['gcp-pool', 'must not start with "gcp-", which Google reserves'],
  ])('rejects %s', (id, rule) => {
    const found = messages((i) => poolOrProviderIdRules(i, 'poolId', id));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`poolId = ${JSON.stringify(id)}`);
    expect(found[0]).toContain(rule);
  });
});

describe('google.subject length', () => {
  it('accepts a subject of exactly 127 bytes and rejects 128', () => {
    // system:serviceaccount:<ns>:<sa> takes 23 bytes of framing; 63 + 41 = 104 bytes of names.
    const fits = kubernetesSubject('n'.repeat(63), 's'.repeat(41));
    expect(Buffer.byteLength(fits)).toBe(127);
    expect(messages((i) => googleSubjectRules(i, 'subject', fits))).toEqual([]);
    const tooLong = kubernetesSubject('n'.repeat(63), 's'.repeat(42));
    expect(messages((i) => googleSubjectRules(i, 'subject', tooLong))).toEqual([
      `subject = ${JSON.stringify(tooLong)}: maps to a google.subject of 128 bytes; Google IAM rejects more than 127 (shorten the namespace or ServiceAccount name)`,
    ]);
  });
});

describe('issuer URL forms', () => {
  it('accepts each issuer exactly as its cloud emits it', () => {
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'aks', AKS_ISSUER))).toEqual([]);
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'aks', 'https://oidc.prod-aks.azure.com/66666666-7777-8888-9999-000000000000/'))).toEqual([]);
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'gke', gkeIssuerUrl('ml-mesh-prod', 'europe-west4-a', 'gke-prod')))).toEqual([]);
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'entra-v2', `https://login.microsoftonline.com/${TENANT}/v2.0`))).toEqual([]);
  });
  it('rejects an AKS issuer without its trailing slash', () => {
    const [found] = messages((i) => issuerUrlRules(i, 'issuer', 'aks', AKS_ISSUER.slice(0, -1)));
    expect(found).toContain('with the trailing "/"');
  });
  it('rejects a GKE issuer with a trailing slash or the /zones/ self link form', () => {
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'gke', `${GKE_ISSUER}/`))[0]).toContain('with no trailing "/"');
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'gke', GKE_ISSUER.replace('/locations/', '/zones/')))).toHaveLength(1);
  });
  it('rejects an Entra v2 issuer with a trailing slash and the v1 issuer', () => {
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'entra-v2', `https://login.microsoftonline.com/${TENANT}/v2.0/`))[0]).toContain('v2.0 with no trailing "/"');
    expect(messages((i) => issuerUrlRules(i, 'issuer', 'entra-v2', `https://sts.windows.net/${TENANT}/`))).toHaveLength(1);
  });
});

describe('federated credentials of one managed identity', () => {
  const credential = (n: number) => ({ name: `cred-${n}`, issuer: AKS_ISSUER, subject: kubernetesSubject('ns', `sa-${n}`), audience: 'api://AzureADTokenExchange' });

  it('allows 20 and rejects the 21st', () => {
    expect(messages((i) => federatedCredentialRules(Array.from({ length: 20 }, (_, n) => credential(n)), i))).toEqual([]);
    const found = messages((i) => federatedCredentialRules(Array.from({ length: 21 }, (_, n) => credential(n)), i));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('federatedCredentials = ');
    expect(found[0]).toContain('has 21 credentials; a managed identity holds at most 20');
  });
  it('rejects a repeated issuer + subject and a repeated name', () => {
    const found = messages((i) => federatedCredentialRules([credential(1), { ...credential(1), name: 'other' }, { ...credential(2), name: 'cred-1' }], i));
    expect(found).toEqual([
      `federatedCredentials[1].subject = "system:serviceaccount:ns:sa-1": issuer + subject must be unique on the identity (already trusted for ${AKS_ISSUER})`,
      'federatedCredentials[2].name = "cred-1": must be unique on the identity',
    ]);
  });
  it('rejects a credential name Azure refuses', () => {
    expect(messages((i) => federatedCredentialRules([{ ...credential(1), name: 'a' }], i))[0]).toContain('must be 3-120 characters');
  });
  it('rejects an audience other than Entra\'s exchange audience', () => {
    const found = messages((i) => federatedCredentialRules([{ ...credential(1), audience: 'https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q' }], i));
    expect(found[0]).toContain('audience');
    expect(found[0]).toContain('must be api://AzureADTokenExchange; a token minted for Entra must not also be accepted by Google');
  });
});

describe('audiences and conditions', () => {
  it('rejects Entra\'s exchange audience on a Google provider', () => {
    expect(messages((i) => allowedAudienceRules(i, 'audiences', ['api://AzureADTokenExchange']))).toEqual([
      'audiences[0] = "api://AzureADTokenExchange": must not be api://AzureADTokenExchange: that audience belongs to Entra ID, and a token both clouds accept can be replayed against either',
    ]);
  });
  it('rejects no audiences', () => {
    expect(messages((i) => allowedAudienceRules(i, 'audiences', []))).toEqual(['audiences = []: must list 1-10 audiences']);
  });
  it('rejects an empty condition', () => {
    expect(messages((i) => attributeConditionRules(i, 'attributeCondition', '  '))).toEqual([
      'attributeCondition = "  ": must not be empty: without a condition every token from the issuer is accepted',
    ]);
  });
});
