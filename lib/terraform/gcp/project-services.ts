import { Aspects, dependable, IAspect, ITerraformDependable, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ProjectService } from '../internal/google';
import { TimeProvider, TimeSleep } from '../internal/time';

/** What the stack's resources need switched on, beyond what every project has. */
export interface GoogleApiNeeds {
  /** An Artifact Registry repository in the project. */
  readonly artifactRegistry: boolean;
  /** GKE wraps Secrets with a Cloud KMS key. */
  readonly kmsSecretsEncryption: boolean;
  /** The cluster enforces the project's Binary Authorization policy. */
  readonly binaryAuthorization: boolean;
}

/**
 * The APIs (`<name>.googleapis.com`) a GKE platform stack calls: the cluster and pools (container), VPC, subnet, NAT
 * and firewall (compute), service accounts and workload identity pools (iam), token exchange and impersonation (sts,
 * iamcredentials), project IAM and `data.google_project` (cloudresourcemanager), managed Prometheus, alert policies
 * and the dashboard (monitoring), cluster logs (logging), the security posture (containersecurity: "enable the
 * Container Security API", GKE security posture docs), and per config Artifact Registry, Cloud KMS and Binary
 * Authorization. serviceusage.googleapis.com itself is the one the project must have before the first apply.
 */
export function googleApis(needs: GoogleApiNeeds): string[] {
  return [
    'cloudresourcemanager', 'compute', 'container', 'containersecurity', 'iam', 'iamcredentials', 'logging', 'monitoring', 'sts',
    ...(needs.artifactRegistry ? ['artifactregistry'] : []),
    ...(needs.kmsSecretsEncryption ? ['cloudkms'] : []),
    ...(needs.binaryAuthorization ? ['binaryauthorization'] : []),
  ].sort();
}

export interface GoogleProjectServicesProps {
  readonly project: string;
  /** API names without the domain, e.g. `container`. */
  readonly apis: readonly string[];
}

/** Activation settles this long after the call returns (terraform-provider-google guide "Newly activated service errors"). */
const ACTIVATION_SETTLE = '60s';

/**
 * The project's APIs, switched on and never off: `disable_on_destroy = false` (the provider's docs: "Most
 * configurations should set this to false"), since a destroy that disables an API breaks whatever else in the project
 * uses it. Every google resource of the stack waits for them (an aspect adds the edge, so a resource added later
 * cannot miss it), through a short wait, because activation "is eventually consistent".
 */
export class GoogleProjectServices extends Construct {
  public readonly services: readonly ProjectService[];
  /** Done once the APIs are on and settled. */
  public readonly ready: ITerraformDependable;

  constructor(scope: Construct, id: string, props: GoogleProjectServicesProps) {
    super(scope, id);
    this.services = props.apis.map((api) => new ProjectService(this, api, {
      project: props.project,
      service: `${api}.googleapis.com`,
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
    const stack = TerraformStack.of(this);
    this.ready = new TimeSleep(this, 'activation', {
      provider: TimeProvider.of(this),
      createDuration: ACTIVATION_SETTLE,
      triggers: { services: props.apis.join(',') },
      dependsOn: [...this.services],
    });
    Aspects.of(stack).add(new WaitForServices(this.ready));
  }
}

/** Adds `depends_on` the services' wait to every google_* resource except the services themselves. */
class WaitForServices implements IAspect {
  constructor(private readonly ready: ITerraformDependable) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    if (!type.startsWith('google_') || type === 'google_project_service') return;
    node.dependsOn = [...(node.dependsOn ?? []), dependable(this.ready)];
  }
}
