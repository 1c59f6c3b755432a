/**
 * Google Cloud regions and the zone letters of each. Source: the Compute Engine zone list as published in
 * skypilot-org/skypilot-catalog catalogs/v8/gcp/vms.csv (generated from the Compute Engine API), commit 8427bbff,
 * rows of the e2 machine series, which every public region offers; copied 2026-12-07. A region or zone Google opened
 * since then is refused until it is added here.
 */
export const GCP_ZONES_BY_REGION: Readonly<Record<string, readonly string[]>> = {
  'africa-south1': ['a', 'b', 'c'],
  'asia-east1': ['a', 'b', 'c'],
  'asia-east2': ['a', 'b', 'c'],
  'asia-northeast1': ['a', 'b', 'c'],
  'asia-northeast2': ['a', 'b', 'c'],
  'asia-northeast3': ['a', 'b', 'c'],
  'asia-south1': ['a', 'b', 'c'],
  'asia-south2': ['a', 'b', 'c'],
  'asia-southeast1': ['a', 'b', 'c'],
  'asia-southeast2': ['a', 'b', 'c'],
  'australia-southeast1': ['a', 'b', 'c'],
  'australia-southeast2': ['a', 'b', 'c'],
  'europe-central2': ['a', 'b', 'c'],
  'europe-north1': ['a', 'b', 'c'],
  'europe-north2': ['a', 'b', 'c'],
  'europe-southwest1': ['a', 'b', 'c'],
  'europe-west1': ['b', 'c', 'd'],
  'europe-west10': ['a', 'b', 'c'],
  'europe-west12': ['a', 'b', 'c'],
  'europe-west2': ['a', 'b', 'c'],
  'europe-west3': ['a', 'b', 'c'],
  'europe-west4': ['a', 'b', 'c'],
  'europe-west6': ['a', 'b', 'c'],
  'europe-west8': ['a', 'b', 'c'],
  'europe-west9': ['a', 'b', 'c'],
  'me-central1': ['a', 'b', 'c'],
  'me-central2': ['a', 'b', 'c'],
  'me-west1': ['a', 'b', 'c'],
  'northamerica-northeast1': ['a', 'b', 'c'],
  'northamerica-northeast2': ['a', 'b', 'c'],
  'northamerica-south1': ['a', 'b', 'c'],
  'southamerica-east1': ['a', 'b', 'c'],
  'southamerica-west1': ['a', 'b', 'c'],
  'us-central1': ['a', 'b', 'c', 'f'],
  'us-east1': ['b', 'c', 'd'],
  'us-east4': ['a', 'b', 'c'],
  'us-east5': ['a', 'b', 'c'],
  'us-south1': ['a', 'b', 'c'],
  'us-west1': ['a', 'b', 'c'],
  'us-west2': ['a', 'b', 'c'],
  'us-west3': ['a', 'b', 'c'],
  'us-west4': ['a', 'b', 'c'],
};

export function isKnownGcpRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(GCP_ZONES_BY_REGION, region);
}

/** True for `<known region>-<one of its zone letters>`. */
export function isKnownGcpZone(zone: string): boolean {
  const dash = zone.lastIndexOf('-');
  const region = zone.slice(0, dash);
  return dash > 0 && isKnownGcpRegion(region) && GCP_ZONES_BY_REGION[region].includes(zone.slice(dash + 1));
}

/** The zones of a known region, for messages (`europe-west4-a, europe-west4-b, europe-west4-c`). */
export function zonesOf(region: string): string[] {
  return isKnownGcpRegion(region) ? GCP_ZONES_BY_REGION[region].map((letter) => `${region}-${letter}`) : [];
}
