import { Construct } from 'constructs';
import { ProjectIamMember, ServiceAccount } from '../internal/google';

/**
 * What GKE nodes need and nothing more. GKE's "Configure GKE node service accounts" names
 * roles/container.defaultNodeServiceAccount as the minimum: one predefined role that Google keeps in step
 * with the node agents, holding what logging.logWriter, monitoring.metricWriter, monitoring.viewer,
 * stackdriver.resourceMetadata.writer and autoscaling.metricsWriter used to grant one by one.
 */
export const GKE_NODE_SERVICE_ACCOUNT_ROLES: readonly string[] = ['roles/container.defaultNodeServiceAccount'];

/** Lets nodes pull images from Artifact Registry repositories in a project. */
export const ARTIFACT_REGISTRY_READER_ROLE = 'roles/artifactregistry.reader';

export interface GkeNodeServiceAccountProps {
  readonly project: string;
  /** Service account ID (the part before the "@"). */
  readonly accountId: string;
  readonly clusterName: string;
  /** Projects to grant roles/artifactregistry.reader on. */
  readonly registryProjects: readonly string[];
}

/**
 * A dedicated identity for a cluster's nodes, so they never run as the Compute Engine default service
 * account (Editor on the project). Workloads do not inherit it: GKE_METADATA hides it from pods.
 */
export class GkeNodeServiceAccount extends Construct {
  public readonly email: string;
  public readonly member: string;
  /** The role grants; node pools depend on them so nodes boot able to write logs and metrics. */
  public readonly grants: readonly ProjectIamMember[];

  constructor(scope: Construct, id: string, props: GkeNodeServiceAccountProps) {
    super(scope, id);
    const account = new ServiceAccount(this, 'account', {
      project: props.project,
      accountId: props.accountId,
      displayName: `GKE nodes of ${props.clusterName}`,
      description: 'Node identity for logging, monitoring and image pulls; managed by ml-mesh-platform.',
    });
    this.email = account.email;
    this.member = account.member;
    const roleGrants = GKE_NODE_SERVICE_ACCOUNT_ROLES.map(
      (role) => new ProjectIamMember(this, role.replace(/^roles\//, ''), { project: props.project, role, member: account.member }),
    );
    const registryGrants = props.registryProjects.map((registryProject) => new ProjectIamMember(this, `artifactregistry-reader-${registryProject}`, {
      project: registryProject,
      role: ARTIFACT_REGISTRY_READER_ROLE,
      member: account.member,
    }));
    this.grants = [...roleGrants, ...registryGrants];
  }
}
