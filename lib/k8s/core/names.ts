import { Issues } from '../../core/validation';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: what Kubernetes requires of namespace, Service and most object names. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

export function checkDnsLabel(issues: Issues, field: string, name: string): boolean {
  return issues.check(isDnsLabel(name), field, name, 'must be an RFC 1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit');
}
