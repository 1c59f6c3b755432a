import { run } from '@bufbuild/cel';
import { Testing } from 'cdktf';
import { GoogleFederationPool } from '../../lib/terraform/federation/google-federation-pool';
import { AKS_ISSUER, TENANT } from './fixtures';

const MI_OBJECT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('GoogleFederationPool', () => {
  it('trusts Entra ID v2 tokens of one tenant for named principals only', () => {
    const json = JSON.parse(Testing.synthScope((scope) => {
      const pool = new GoogleFederationPool(scope, 'pool', { projectId: 'ml-mesh-prod', poolId: 'ml-mesh-prod' });
      const provider = pool.trustEntraId({ providerId: 'entra-pipeline', tenantId: TENANT, audiences: ['99999999-0000-0000-0000-000000000001'], principalObjectIds: [MI_OBJECT_ID] });
      expect(provider.principal(MI_OBJECT_ID)).toMatch(new RegExp(`^principal://iam\\.googleapis\\.com/\\$\\{TfToken\\[TOKEN\\.\\d+\\]\\}/subject/${MI_OBJECT_ID}$`));
      expect(provider.stsAudience).toMatch(/^\/\/iam\.googleapis\.com\/.*\/providers\/entra-pipeline$/);
    }));
    const [provider] = Object.values(json.resource.google_iam_workload_identity_pool_provider) as any[];
    expect(provider.oidc).toEqual({ issuer_uri: `https://login.microsoftonline.com/${TENANT}/v2.0`, allowed_audiences: ['99999999-0000-0000-0000-000000000001'] });
    expect(provider.attribute_mapping).toEqual({ 'google.subject': 'assertion.sub', 'attribute.tenant_id': 'assertion.tid' });
    expect(provider.attribute_condition).toBe(`assertion.tid == '${TENANT}' && assertion.sub in ['${MI_OBJECT_ID}']`);
    // Evaluated as CEL: the identity from this tenant passes; another tenant or principal does not.
    expect(run(provider.attribute_condition, { assertion: { tid: TENANT, sub: MI_OBJECT_ID } })).toBe(true);
    expect(run(provider.attribute_condition, { assertion: { tid: '00000000-0000-0000-0000-000000000000', sub: MI_OBJECT_ID } })).toBe(false);
    expect(run(provider.attribute_condition, { assertion: { tid: TENANT, sub: '00000000-0000-0000-0000-000000000001' } })).toBe(false);
  });

  it('rejects a provider that would admit everyone, reusing Entra\'s audience, or a taken provider ID', () => {
    expect(() => Testing.synthScope((scope) => {
      const pool = new GoogleFederationPool(scope, 'pool', { projectId: 'ml-mesh-prod', poolId: 'ml-mesh-prod' });
      pool.trustEntraId({ providerId: 'entra', tenantId: TENANT, audiences: ['api://AzureADTokenExchange'], principalObjectIds: [] });
    })).toThrow(/audiences\[0\] = "api:\/\/AzureADTokenExchange": must not be api:\/\/AzureADTokenExchange.*principalObjectIds = \[\]: must name at least one principal.*attributeCondition = "": must not be empty/s);

    expect(() => Testing.synthScope((scope) => {
      const pool = new GoogleFederationPool(scope, 'pool', { projectId: 'ml-mesh-prod', poolId: 'ml-mesh-prod' });
      pool.trustKubernetesIssuer({ providerId: 'aks-prod', issuerUrl: AKS_ISSUER, serviceAccounts: [{ namespace: 'mlops', serviceAccount: 'a' }] });
      pool.trustKubernetesIssuer({ providerId: 'aks-prod', issuerUrl: AKS_ISSUER, serviceAccounts: [] });
    })).toThrow(/providerId = "aks-prod": must be unique in the pool.*serviceAccounts = \[\]: must name at least one ServiceAccount/s);
  });

  it('rejects a reserved pool ID at construction', () => {
    expect(() => Testing.synthScope((scope) => new GoogleFederationPool(scope, 'pool', { projectId: 'ml-mesh-prod', poolId: 'gcp-ml' })))
      .toThrow('poolId = "gcp-ml": must not start with "gcp-", which Google reserves');
  });
});
