import { podSecurityMetadata } from '../../lib/contract/pod-security';
import { validationMessageOf } from '../support/validation-message';

describe('podSecurityMetadata', () => {
  test('restricted needs no reason; every mode is labelled at latest', () => {
    expect(podSecurityMetadata({ enforce: 'restricted' }, 'ns')).toEqual({
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'latest',
      },
      annotations: {},
    });
  });

  test('a weaker level carries its reason, and may warn and audit higher', () => {
    const { labels, annotations } = podSecurityMetadata({ enforce: 'baseline', warnAndAudit: 'restricted', reason: 'vendor pods' }, 'ns');
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(labels['pod-security.kubernetes.io/audit']).toBe('restricted');
    expect(annotations).toEqual({ 'ml-mesh-platform.io/pod-security-reason': 'vendor pods' });
  });

  test('a weaker level without a reason, or warnings below the enforced level, are refused', () => {
    expect(validationMessageOf(() => podSecurityMetadata({ enforce: 'privileged' }, 'test/ns')))
      .toContain('test/ns.reason = (unset): a namespace enforcing privileged (less than restricted) must say why');
    expect(validationMessageOf(() => podSecurityMetadata({ enforce: 'restricted', warnAndAudit: 'baseline' }, 'test/ns')))
      .toContain('warnAndAudit = "baseline": must be at least the enforced level (restricted)');
  });
});
