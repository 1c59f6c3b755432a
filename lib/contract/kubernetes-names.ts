import { Issues } from '../core/validation';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: what Kubernetes requires of namespace, Service and most object names. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

export function checkDnsLabel(issues: Issues, field: string, name: string): boolean {
  return issues.check(isDnsLabel(name), field, name, 'must be an RFC 1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit');
}

/** One label of a DNS subdomain: lowercase letters, digits and "-", starting and ending alphanumeric. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label name, and a non-empty label value: letters, digits, "-", "_" and ".", starting and ending alphanumeric. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Kubernetes label key: an optional prefix (a DNS subdomain of at most 253 characters) and "/", then a name
 * of at most 63 characters (kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
 */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !(prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/** Kubernetes label value: empty, or at most 63 characters of the label-name alphabet. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

/**
 * Checks every key and value of a label map. A bad key is reported at `field` itself (the map holds the key),
 * a bad value at `<field>.<key>`.
 */
export function checkLabels(issues: Issues, field: string, labels: Readonly<Record<string, string>>): boolean {
  let ok = true;
  for (const [key, value] of Object.entries(labels)) {
    ok = issues.check(isLabelKey(key), field, key,
      'must hold Kubernetes label keys: an optional DNS subdomain prefix (at most 253 characters) and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit') && ok;
    ok = issues.check(typeof value === 'string' && isLabelValue(value), `${field}.${key}`, value,
      'must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit') && ok;
  }
  return ok;
}
