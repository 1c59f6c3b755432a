// The floor plus the provider bindings the example's stacks use (lib/internal/), loaded and not used:
// the part of the example's time that only a smaller provider surface could remove.
import 'cdktf';
import 'cdk8s';
import 'cdk8s-plus-28';
import '../lib/internal/azapi';
import '../lib/internal/azuread';
import '../lib/internal/azurerm';
import '../lib/internal/google';
import '../lib/internal/helm';
