// The azapi provider has no prebuilt cdktf binding, so this file declares the two pieces the library uses
// (the provider and `azapi_resource`) over cdktf's raw TerraformProvider/TerraformResource. Like the other
// files in lib/terraform/internal/, it is the only place that knows how the provider is distributed.
import '../tokens';
import { Construct } from 'constructs';
import { TerraformMetaArguments, TerraformProvider, TerraformResource } from 'cdktf';

/**
 * The release written to `required_providers`, exact like azurerm's and helm's: the compute and workspace bodies are
 * validated against the provider's embedded API schemas, which change between minor releases, so a floating `~> 2.0`
 * would let a later `init` validate against other schemas (Azure/terraform-provider-azapi tags: v2.12.0, 2026-08-07,
 * the newest). v2 is the line whose `body` is a dynamic object rather than a JSON string.
 */
export const AZAPI_PROVIDER_VERSION_CONSTRAINT = '2.12.0';

export interface AzapiProviderConfig {
  /** @default ARM_SUBSCRIPTION_ID / the Azure CLI context, as for azurerm */
  readonly subscriptionId?: string;
  /** @default ARM_TENANT_ID / the Azure CLI context */
  readonly tenantId?: string;
  /**
   * Authenticate with an OIDC token from the CI system (no client secret).
   * @default the provider's own default (Azure CLI, managed identity or environment)
   */
  readonly useOidc?: boolean;
  /** @default no alias */
  readonly alias?: string;
}

/** `provider "azapi"`, declared with source Azure/azapi and a pinned major version. */
export class AzapiProvider extends TerraformProvider {
  private readonly config: AzapiProviderConfig;

  constructor(scope: Construct, id: string, config: AzapiProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'azapi',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI_PROVIDER_VERSION_CONSTRAINT },
      terraformProviderSource: 'Azure/azapi',
    });
    this.config = config;
    this.alias = config.alias;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      subscription_id: this.config.subscriptionId,
      tenant_id: this.config.tenantId,
      use_oidc: this.config.useOidc,
      alias: this.alias,
    };
  }
}

/** The `identity` block of an azapi resource. */
export interface AzapiIdentity {
  readonly type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';
  /** Resource IDs of user-assigned identities. @default none */
  readonly identityIds?: readonly string[];
}

export interface AzapiResourceConfig extends TerraformMetaArguments {
  /** `<resource type>@<api version>`, for example `Microsoft.MachineLearningServices/workspaces/computes@2025-06-01`. */
  readonly type: string;
  readonly name: string;
  /** ID of the parent resource (resource group, workspace, cluster...). */
  readonly parentId: string;
  /** @default none (for types without a location) */
  readonly location?: string;
  /** @default no identity */
  readonly identity?: AzapiIdentity;
  /** The request body without name, type, location and identity; a plain object (azapi v2 `body` is dynamic). */
  readonly body: Readonly<Record<string, unknown>>;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Response paths exposed as `output`. @default none */
  readonly responseExportValues?: readonly string[];
  /**
   * Validate `body` against the provider's embedded API schema. Turn off only for API versions newer than the
   * provider build knows.
   * @default true
   */
  readonly schemaValidationEnabled?: boolean;
}

/** `resource "azapi_resource"`: any ARM resource azurerm has no resource for. */
export class AzapiResource extends TerraformResource {
  private readonly config: AzapiResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig) {
    super(scope, id, {
      terraformResourceType: 'azapi_resource',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI_PROVIDER_VERSION_CONSTRAINT },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** The full type including the API version, as given. */
  public get resourceType(): string {
    return this.config.type;
  }

  /** The request body as given (for tests and for composing constructs). */
  public get body(): Readonly<Record<string, unknown>> {
    return this.config.body;
  }

  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** Principal (object) ID of the system-assigned identity, known after apply. */
  public get identityPrincipalId(): string {
    return this.getStringAttribute('identity.0.principal_id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      type: c.type,
      name: c.name,
      parent_id: c.parentId,
      location: c.location,
      identity: c.identity ? [{ type: c.identity.type, identity_ids: c.identity.identityIds ? [...c.identity.identityIds] : undefined }] : undefined,
      body: c.body,
      tags: c.tags ? { ...c.tags } : undefined,
      response_export_values: c.responseExportValues ? [...c.responseExportValues] : undefined,
      schema_validation_enabled: c.schemaValidationEnabled,
    };
  }
}
