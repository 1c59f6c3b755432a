import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleRoleGrant } from '../../contract/identity/workload-identity-binding';
import { ArtifactRegistryRepositoryIamMember, SecretManagerSecretIamMember, StorageBucketIamMember } from '../internal/google';

/**
 * Grants each role on its one resource to `member` (a `serviceAccount:` or `principal://` member).
 * Members, not bindings or policies: `*_iam_member` adds one member and leaves the others on the
 * resource alone, so two stacks granting on one bucket do not overwrite each other.
 */
export function grantGoogleRoles(scope: Construct, idPrefix: string, member: string, grants: readonly GoogleRoleGrant[], dependsOn: readonly ITerraformDependable[] = []): void {
  const after = dependsOn.length > 0 ? [...dependsOn] : undefined;
  grants.forEach((grant, i) => {
    const id = `${idPrefix}-${i}`;
    switch (grant.kind) {
      case 'storage-bucket':
        new StorageBucketIamMember(scope, id, { bucket: grant.bucket, role: grant.role, member, dependsOn: after });
        break;
      case 'artifact-registry-repository':
        new ArtifactRegistryRepositoryIamMember(scope, id, { project: grant.project, location: grant.location, repository: grant.repository, role: grant.role, member, dependsOn: after });
        break;
      case 'secret-manager-secret':
        new SecretManagerSecretIamMember(scope, id, { project: grant.project, secretId: grant.secretId, role: grant.role, member, dependsOn: after });
        break;
    }
  });
}
