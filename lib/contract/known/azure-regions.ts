import { Issues } from '../../core/validation';
import { isUnresolved } from '../../core/unresolved';

/**
 * Azure's physical regions, by the name ARM and Terraform use (`westeurope`, not "West Europe").
 * Source: ARM `Microsoft.Resources/locations` (regionType Physical), as cached in
 * Azure/terraform-azurerm-avm-utl-regions modules/cached-data/locations.tf.json, commit e9d62409 of 2026-03-12;
 * copied 2026-12-07. A region Azure opened since then is refused until it is added here.
 */
export const AZURE_REGIONS: ReadonlySet<string> = new Set([
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast', 'belgiumcentral',
  'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralindia', 'centralus', 'centraluseuap',
  'chilecentral', 'denmarkeast', 'eastasia', 'eastus', 'eastus2', 'eastus2euap', 'eastusstg', 'francecentral',
  'francesouth', 'germanynorth', 'germanywestcentral', 'indonesiacentral', 'israelcentral', 'italynorth', 'japaneast',
  'japanwest', 'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth', 'malaysiawest', 'mexicocentral',
  'newzealandnorth', 'northcentralus', 'northeurope', 'norwayeast', 'norwaywest', 'polandcentral', 'qatarcentral',
  'southafricanorth', 'southafricawest', 'southcentralus', 'southcentralusstg', 'southeastasia', 'southindia',
  'spaincentral', 'swedencentral', 'switzerlandnorth', 'switzerlandwest', 'uaecentral', 'uaenorth', 'uksouth', 'ukwest',
  'westcentralus', 'westeurope', 'westindia', 'westus', 'westus2', 'westus3',
]);

/** Checks an Azure location against the region list; the rule says where the list lives when a region is new. */
export function checkAzureRegion(issues: Issues, field: string, value: string): boolean {
  if (isUnresolved(value)) return true;
  const hint = typeof value === 'string' ? value.toLowerCase().replace(/[\s-]/g, '') : '';
  const suggestion = value !== hint && AZURE_REGIONS.has(hint) ? ` (did you mean "${hint}"?)` : '';
  return issues.check(AZURE_REGIONS.has(value), field, value,
    `must be an Azure region name such as westeurope (lowercase, no spaces)${suggestion}; the known regions are listed in lib/contract/known/azure-regions.ts`);
}
