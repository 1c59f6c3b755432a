// The floor plus the provider bindings the example's stacks use (lib/terraform/internal/), loaded and not used:
// the part of the example's time that only a smaller provider surface could remove.
import 'cdktf';
import 'cdk8s';
import 'cdk8s-plus-28';
import '../lib/terraform/internal/azapi';
import '../lib/terraform/internal/azuread';
import '../lib/terraform/internal/azurerm';
import '../lib/terraform/internal/google';
import '../lib/terraform/internal/helm';
