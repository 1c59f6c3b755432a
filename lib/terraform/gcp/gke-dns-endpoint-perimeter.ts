import { Construct } from 'constructs';
import { AccessContextManagerServicePerimeterResource } from '../internal/google';

export interface GkeDnsEndpointPerimeterProps {
  /** The perimeter that restricts container.googleapis.com and kubernetesmetadata.googleapis.com. */
  readonly perimeterName: string;
  /** Number of the cluster's project (a perimeter lists projects by number). */
  readonly projectNumber: string;
}

/**
 * Puts the cluster's project inside a VPC Service Controls perimeter, the network boundary of a DNS endpoint that
 * accepts traffic from outside the VPC. That endpoint "resolves to an endpoint that is accessible from any network
 * reachable by Google Cloud APIs"; with the project in a perimeter that restricts `container.googleapis.com` and
 * `kubernetesmetadata.googleapis.com`, only callers the perimeter's access levels and ingress rules admit reach it
 * (GKE "About network isolation", VPC Service Controls). The perimeter itself, its restricted services and its
 * ingress rules belong to the organization's security team; this resource only adds the project.
 */
export class GkeDnsEndpointPerimeter extends Construct {
  public readonly membership: AccessContextManagerServicePerimeterResource;

  constructor(scope: Construct, id: string, props: GkeDnsEndpointPerimeterProps) {
    super(scope, id);
    this.membership = new AccessContextManagerServicePerimeterResource(this, 'project', {
      perimeterName: props.perimeterName,
      resource: `projects/${props.projectNumber}`,
    });
  }
}
