import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { gkeDirectPrincipal, gkeServiceAccountMember, googleServiceAccountEmail } from '../../contract/identity/identity-names';
import { GoogleRoleGrant } from '../../contract/identity/workload-identity-binding';
import { DataGoogleProject, ServiceAccount, ServiceAccountIamMember } from '../internal/google';
import { checkProjectId, checkServiceAccountId } from '../../contract/gcp-names';
import { grantGoogleRoles } from './google-workload-identity-grants';
import { isUnresolved } from '../../core/unresolved';

/** Lets a federated identity impersonate a service account: the only role Google's federation docs grant for it. */
export const WORKLOAD_IDENTITY_USER_ROLE = 'roles/iam.workloadIdentityUser';

export interface GoogleWorkloadIdentityProps {
  readonly projectId: string;
  /**
   * The federated workload as an IAM member: `serviceAccount:<project>.svc.id.goog[<ns>/<sa>]` or a
   * `principal://iam.googleapis.com/...` of a workload identity pool.
   */
  readonly workloadMember: string;
  /**
   * Account ID of a Google service account to create and let the workload impersonate. Unset grants the
   * roles to `workloadMember` directly (Google's recommendation where the product supports federated principals).
   * @default direct access, no service account
   */
  readonly serviceAccountId?: string;
  /** Roles, each on one resource. @default [] */
  readonly grants?: readonly GoogleRoleGrant[];
  /** @default the service account ID */
  readonly displayName?: string;
  /**
   * Resources the bindings wait for. For GKE members, the cluster: `<project>.svc.id.goog` exists only once a
   * cluster with workload identity does, and a binding before that fails with "Identity Pool does not exist".
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export function googleWorkloadIdentityRules(props: GoogleWorkloadIdentityProps, issues: Issues): void {
  checkProjectId(issues, 'projectId', props.projectId);
  // IAM members name their type: a GKE ServiceAccount as `serviceAccount:<project>.svc.id.goog[<ns>/<sa>]`, a
  // federated identity as `principal://` or `principalSet://` (cloud.google.com/iam/docs/principal-identifiers).
  if (!isUnresolved(props.workloadMember)) {
    issues.check(/^(serviceAccount:|principal:\/\/|principalSet:\/\/)./.test(props.workloadMember), 'workloadMember', props.workloadMember,
      'must be an IAM member starting with "serviceAccount:", "principal://" or "principalSet://"');
  }
  if (props.serviceAccountId !== undefined) checkServiceAccountId(issues, 'serviceAccountId', props.serviceAccountId);
}

/**
 * A federated workload's access to Google: roles granted either to the workload's principal itself or to
 * a Google service account it may impersonate (`roles/iam.workloadIdentityUser`), never through a key.
 */
export class GoogleWorkloadIdentity extends Construct {
  /** The member that holds the resource roles. */
  public readonly member: string;
  /** The impersonated service account's email, derived (`<id>@<project>.iam.gserviceaccount.com`). */
  public readonly serviceAccountEmail?: string;
  public readonly serviceAccount?: ServiceAccount;

  constructor(scope: Construct, id: string, props: GoogleWorkloadIdentityProps) {
    super(scope, id);
    const issues = new Issues();
    googleWorkloadIdentityRules(props, issues);
    issues.throwIfAny(this.node.path);

    const dependsOn = [...(props.dependsOn ?? [])];
    if (props.serviceAccountId === undefined) {
      this.member = props.workloadMember;
    } else {
      this.serviceAccount = new ServiceAccount(this, 'service-account', {
        project: props.projectId,
        accountId: props.serviceAccountId,
        displayName: props.displayName ?? props.serviceAccountId,
        description: `Impersonated by ${props.workloadMember} (workload identity, no keys)`,
      });
      this.serviceAccountEmail = googleServiceAccountEmail(props.serviceAccountId, props.projectId);
      new ServiceAccountIamMember(this, 'workload-identity-user', {
        serviceAccountId: this.serviceAccount.name,
        role: WORKLOAD_IDENTITY_USER_ROLE,
        member: props.workloadMember,
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      });
      this.member = `serviceAccount:${this.serviceAccountEmail}`;
    }
    // A service account exists independently of the pool; a direct principal grant needs the pool first.
    grantGoogleRoles(this, 'grant', this.member, props.grants ?? [], props.serviceAccountId === undefined ? dependsOn : []);
  }
}

export interface GkeWorkloadIdentityProps {
  readonly projectId: string;
  /** @default read with a google_project data source */
  readonly projectNumber?: string;
  readonly namespace: string;
  /** Kubernetes ServiceAccount name. */
  readonly serviceAccount: string;
  /** @default direct principal access */
  readonly serviceAccountId?: string;
  /** @default [] */
  readonly grants?: readonly GoogleRoleGrant[];
  /** The GKE cluster, so the project's workload pool exists before the bindings. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Workload Identity Federation for GKE: a Kubernetes ServiceAccount on a GKE cluster gets Google roles,
 * as `principal://.../<project>.svc.id.goog/subject/ns/<ns>/sa/<sa>` or by impersonating a service account
 * granted to `serviceAccount:<project>.svc.id.goog[<ns>/<sa>]` (GKE "Authenticate to Google Cloud APIs from GKE workloads").
 */
export function gkeWorkloadIdentity(scope: Construct, id: string, props: GkeWorkloadIdentityProps): GoogleWorkloadIdentity {
  const impersonate = props.serviceAccountId !== undefined;
  let member: string;
  if (impersonate) {
    member = gkeServiceAccountMember(props.projectId, props.namespace, props.serviceAccount);
  } else {
    const projectNumber = props.projectNumber ?? new DataGoogleProject(scope, `${id}-project`, { projectId: props.projectId }).number;
    member = gkeDirectPrincipal(projectNumber, props.projectId, props.namespace, props.serviceAccount);
  }
  return new GoogleWorkloadIdentity(scope, id, {
    projectId: props.projectId,
    workloadMember: member,
    serviceAccountId: props.serviceAccountId,
    grants: props.grants,
    dependsOn: props.dependsOn,
  });
}
