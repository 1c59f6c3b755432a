import { Token } from 'cdktf';
// What every Terraform-side caller has loaded: the registration of cdktf's token test (lib/core/unresolved.ts).
import '../../lib/terraform/tokens';
import { formatIssue, Issues } from '../../lib/core/validation';
import {
  checkGkeName,
  checkKmsKeyName,
  checkLocation,
  checkProjectId,
  checkRegion,
  checkServiceAccountId,
  checkZone,
  isRegion,
  parseKmsKeyName,
  zoneRegion,
} from '../../lib/contract/gcp-names';
import { defaultNodeServiceAccountId } from '../../lib/terraform/gcp/gke-cluster-rules';

function run(check: (issues: Issues) => unknown): string[] {
  const issues = new Issues();
  check(issues);
  return issues.all.map((i) => formatIssue('', i));
}

describe('Google Cloud name and location shapes', () => {
  test.each(['ml-dev-123', 'abcdef', 'a'.repeat(30)])('project ID %s is accepted', (id) => {
    expect(run((i) => checkProjectId(i, 'project', id))).toEqual([]);
  });

  test.each(['short', 'a'.repeat(31), '1project', 'project-', 'My-project'])('project ID %s is refused', (id) => {
    expect(run((i) => checkProjectId(i, 'project', id))).toEqual([
      `project = "${id}": must be a Google Cloud project ID: 6-30 lowercase letters, digits or "-", starting with a letter and not ending with "-"`,
    ]);
  });

  test('regions and zones', () => {
    expect(run((i) => checkRegion(i, 'region', 'northamerica-northeast1'))).toEqual([]);
    expect(run((i) => checkRegion(i, 'region', 'europe-west4-a'))).toEqual([
      'region = "europe-west4-a": must be a Google Cloud region such as europe-west4 (lowercase, "<area>-<direction><number>")',
    ]);
    expect(run((i) => checkZone(i, 'zone', 'europe-west4-b', 'europe-west4'))).toEqual([]);
    expect(run((i) => checkZone(i, 'zone', 'europe-west1-b', 'europe-west4'))).toEqual(['zone = "europe-west1-b": must be a zone of region europe-west4']);
    expect(zoneRegion('us-central1-f')).toBe('us-central1');
    expect(isRegion('us-central1')).toBe(true);
    expect(isRegion('us-central1-f')).toBe(false);
    expect(run((i) => checkLocation(i, 'location', 'us-central1-f'))).toEqual([]);
  });

  test('GKE names: 40 characters at most, letter first, no trailing hyphen', () => {
    expect(run((i) => checkGkeName(i, 'name', `a${'1'.repeat(39)}`))).toEqual([]);
    for (const bad of [`a${'1'.repeat(40)}`, '1abc', 'abc-', 'ab_c', '']) {
      expect(run((i) => checkGkeName(i, 'name', bad))).toHaveLength(1);
    }
  });

  test('service account IDs and the derived node account', () => {
    expect(run((i) => checkServiceAccountId(i, 'id', 'gke-nodes'))).toEqual([]);
    expect(run((i) => checkServiceAccountId(i, 'id', 'a'.repeat(31)))).toHaveLength(1);
    const derived = defaultNodeServiceAccountId(`${'x'.repeat(23)}-abcdefgh`);
    expect(derived).toBe(`${'x'.repeat(23)}-nodes`);
    expect(run((i) => checkServiceAccountId(i, 'id', defaultNodeServiceAccountId('a'.repeat(40))))).toEqual([]);
  });

  test('KMS key names', () => {
    const key = 'projects/ml-prod-123/locations/europe-west4/keyRings/gke/cryptoKeys/secrets';
    expect(run((i) => checkKmsKeyName(i, 'key', key))).toEqual([]);
    expect(parseKmsKeyName(key)).toEqual({ project: 'ml-prod-123', location: 'europe-west4' });
    expect(run((i) => checkKmsKeyName(i, 'key', `${key}/cryptoKeyVersions/1`))).toHaveLength(1);
  });

  test('unresolved tokens are not checked', () => {
    expect(run((i) => checkProjectId(i, 'project', Token.asString({ Ref: 'x' })))).toEqual([]);
  });
});
