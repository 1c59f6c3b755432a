import { Issues } from '../core/validation';
import { isUnresolved } from '../core/unresolved';
import { isKnownGcpRegion, isKnownGcpZone, zonesOf } from './known/gcp-locations';

// Name and location shapes of Google Cloud, checked before Terraform sees them so that a typo fails
// at synth with the rule in the message instead of as an API 400 in the middle of an apply.

/** Project IDs: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter, not ending
 *  with a hyphen (Resource Manager "Creating and managing projects", project ID requirements). */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Compute Engine regions are `<area>-<direction><n>`, e.g. us-central1, europe-west4, northamerica-northeast1. */
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
/** Zones are the region plus a one-letter suffix, e.g. europe-west4-a. */
const ZONE = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/;
/** GKE cluster and node pool names: 1-40 characters, lowercase letters, digits and hyphens, starting with a
 *  letter and ending with a letter or digit (GKE API; the console states the same rule). */
const GKE_NAME = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
/** Service account IDs: 6-30 characters, `[a-z]([-a-z0-9]*[a-z0-9])` (IAM serviceAccounts.create, accountId). */
const SERVICE_ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
/** Cloud KMS key resource name; key ring and key IDs are 1-63 of `[a-zA-Z0-9_-]` (Cloud KMS resource naming). */
const KMS_KEY_NAME = /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z0-9-]+)\/keyRings\/[a-zA-Z0-9_-]{1,63}\/cryptoKeys\/[a-zA-Z0-9_-]{1,63}$/;

/** Records an issue unless `value` is unresolved or matches `shape`. */
function checkShape(issues: Issues, field: string, value: string, shape: RegExp, rule: string): boolean {
  if (isUnresolved(value)) return true;
  return issues.check(shape.test(value), field, value, rule);
}

export function checkProjectId(issues: Issues, field: string, value: string): boolean {
  return checkShape(issues, field, value, PROJECT_ID, 'must be a Google Cloud project ID: 6-30 lowercase letters, digits or "-", starting with a letter and not ending with "-"');
}

export function checkRegion(issues: Issues, field: string, value: string): boolean {
  if (!checkShape(issues, field, value, REGION, 'must be a Google Cloud region such as europe-west4 (lowercase, "<area>-<direction><number>")')) return false;
  return isUnresolved(value) || checkKnownRegion(issues, field, value);
}

function checkKnownRegion(issues: Issues, field: string, region: string): boolean {
  return issues.check(isKnownGcpRegion(region), field, region, 'is not a Google Cloud region (the known regions are listed in lib/contract/known/gcp-locations.ts)');
}

function checkKnownZone(issues: Issues, field: string, zone: string): boolean {
  const region = zoneRegion(zone) ?? '';
  if (!isKnownGcpRegion(region)) return issues.check(false, field, zone, `is not a Google Cloud zone: ${region} is not a region (the known regions are listed in lib/contract/known/gcp-locations.ts)`);
  return issues.check(isKnownGcpZone(zone), field, zone, `is not a zone of ${region} (its zones: ${zonesOf(region).join(', ')})`);
}

/** Checks a zone's shape, that Google Cloud has it and, when `region` is known, that the zone lies in it. */
export function checkZone(issues: Issues, field: string, value: string, region?: string): boolean {
  if (!checkShape(issues, field, value, ZONE, 'must be a Google Cloud zone such as europe-west4-a (a region plus "-<letter>")')) return false;
  if (isUnresolved(value)) return true;
  if (region !== undefined && !isUnresolved(region) && !issues.check(zoneRegion(value) === region, field, value, `must be a zone of region ${region}`)) return false;
  return checkKnownZone(issues, field, value);
}

/** The region a zone belongs to (`europe-west4-a` -> `europe-west4`), or undefined for anything else. */
export function zoneRegion(zone: string): string | undefined {
  return ZONE.exec(zone)?.[1];
}

/** True for a region, false for a zone; regional clusters replicate the control plane across zones. */
export function isRegion(location: string): boolean {
  return REGION.test(location);
}

/** A cluster location is a region (regional cluster) or a zone (zonal cluster). */
export function checkLocation(issues: Issues, field: string, value: string): boolean {
  if (!checkShape(issues, field, value, new RegExp(`^(${REGION.source.slice(1, -1)}|${ZONE.source.slice(1, -1)})$`), 'must be a Google Cloud region (europe-west4) or zone (europe-west4-a)')) return false;
  if (isUnresolved(value)) return true;
  return isRegion(value) ? checkKnownRegion(issues, field, value) : checkKnownZone(issues, field, value);
}

export function checkGkeName(issues: Issues, field: string, value: string): boolean {
  return checkShape(issues, field, value, GKE_NAME, 'must be 1-40 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit (GKE names)');
}

export function checkServiceAccountId(issues: Issues, field: string, value: string): boolean {
  return checkShape(issues, field, value, SERVICE_ACCOUNT_ID, 'must be a service account ID: 6-30 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit');
}

/** The parts of a Cloud KMS key name, or undefined when it is not one. */
export function parseKmsKeyName(value: string): { readonly project: string; readonly location: string } | undefined {
  const m = KMS_KEY_NAME.exec(value);
  return m ? { project: m[1], location: m[2] } : undefined;
}

export function checkKmsKeyName(issues: Issues, field: string, value: string): boolean {
  return checkShape(issues, field, value, KMS_KEY_NAME, 'must be a Cloud KMS key name: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>');
}
