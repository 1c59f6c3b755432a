// The only file that loads azuread provider bindings, each through its deep path (the package root
// costs seconds and hundreds of MB per synth). Moving to another provider distribution edits this file.
// Azure ML -> Google (lib/terraform/azure/ml): an App ID URI the compute identity can get Entra tokens for.
import '../tokens';
export { ApplicationRegistration } from '@cdktf/provider-azuread/lib/application-registration';
export { ApplicationIdentifierUri } from '@cdktf/provider-azuread/lib/application-identifier-uri';
// The binding names the resource class ApplicationAppRoleA (the A avoids a clash with a generated type).
export { ApplicationAppRoleA as ApplicationAppRole } from '@cdktf/provider-azuread/lib/application-app-role';
export { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
export { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
export { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
