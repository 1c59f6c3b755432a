// The hashicorp/time provider has no cdktf binding among this package's dependencies, so this file declares the one
// resource the library uses (`time_sleep`) over cdktf's raw TerraformProvider/TerraformResource, like azapi.ts.
import '../tokens';
import { Construct } from 'constructs';
import { TerraformMetaArguments, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';

/** The release pinned in `required_providers` (releases.hashicorp.com/terraform-provider-time: 0.13.1 is the newest). */
export const TIME_PROVIDER_VERSION = '0.13.1';

/** `provider "time"`: no settings. */
export class TimeProvider extends TerraformProvider {
  /** The stack's time provider, created on first use: a stack holds one unaliased provider per type. */
  public static of(scope: Construct): TimeProvider {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild('time') as TimeProvider | undefined) ?? new TimeProvider(stack, 'time');
  }

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'time',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME_PROVIDER_VERSION },
      terraformProviderSource: 'hashicorp/time',
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }
}

export interface TimeSleepConfig extends TerraformMetaArguments {
  /** How long creating the resource waits, a Go duration such as "300s". */
  readonly createDuration: string;
  /** Values whose change replaces the sleep, so the wait runs again (the thing waited for was recreated). */
  readonly triggers?: Readonly<Record<string, string>>;
}

/** `resource "time_sleep"`: waits on create, for eventual consistency nothing else can wait for. */
export class TimeSleep extends TerraformResource {
  private readonly config: TimeSleepConfig;

  constructor(scope: Construct, id: string, config: TimeSleepConfig) {
    super(scope, id, {
      terraformResourceType: 'time_sleep',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME_PROVIDER_VERSION },
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
    this.config = config;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { create_duration: this.config.createDuration, triggers: this.config.triggers ? { ...this.config.triggers } : undefined };
  }
}
