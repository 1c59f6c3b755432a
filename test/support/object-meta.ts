import type { PointerProblem } from './crd-validator';
import { escapePointer } from './problem-format';

// Name and label rules of the API server, from k8s.io/apimachinery/pkg/util/validation/validation.go
// (IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label, IsQualifiedName, IsValidLabelValue) and
// k8s.io/apimachinery/pkg/api/validation/path (IsValidPathSegmentName). No OpenAPI schema carries them.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024; // TotalAnnotationSizeLimitB

type NameRule = (name: string) => string | undefined;

const dns1123Subdomain = (max = 253): NameRule => (name) =>
  name.length <= max && DNS1123_SUBDOMAIN.test(name) ? undefined : `must be a lowercase RFC 1123 subdomain of at most ${max} characters`;
const dns1123Label: NameRule = (name) =>
  name.length <= 63 && DNS1123_LABEL.test(name) ? undefined : 'must be a lowercase RFC 1123 label of at most 63 characters';
const dns1035Label: NameRule = (name) =>
  name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : 'must be a lowercase RFC 1035 label (starts with a letter) of at most 63 characters';
const pathSegment: NameRule = (name) =>
  name !== '.' && name !== '..' && !/[/%]/.test(name) ? undefined : 'must not be "." or ".." or contain "/" or "%"';

// Core kinds whose name rule is not the default DNS subdomain (pkg/apis/core/validation: Service,
// Namespace; pkg/apis/rbac/validation: ValidateRBACName; pkg/apis/batch/validation: CronJob names
// leave 11 characters for the Job suffix). Custom resources always use the DNS subdomain rule.
const CORE_NAME_RULES: Record<string, NameRule> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
  Role: pathSegment,
  ClusterRole: pathSegment,
  RoleBinding: pathSegment,
  ClusterRoleBinding: pathSegment,
  CronJob: dns1123Subdomain(52),
};

// Cluster-scoped core kinds (`kubectl api-resources --namespaced=false`, Kubernetes 1.33), for the
// metadata.namespace check below; custom resources take their scope from the CRD.
const CLUSTER_SCOPED_CORE_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
  'IngressClass', 'RuntimeClass', 'PriorityClass',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass',
  'DeviceClass', 'TokenReview', 'SelfSubjectReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview',
]);

/** Whether a kind is cluster-scoped: from the CRD for custom resources, from a fixed list for core kinds. */
export function isClusterScopedCoreKind(kind: string): boolean {
  return CLUSTER_SCOPED_CORE_KINDS.has(kind);
}

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return 'key prefix must be a lowercase DNS subdomain';
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return 'key name must be 1-63 alphanumerics, "-", "_" or "." and start and end with an alphanumeric';
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * metadata checks the API server makes and no schema describes: a name (or generateName), name
 * syntax per kind, namespace syntax (and no namespace on cluster-scoped kinds), label keys and
 * values, annotation keys and total size.
 * Field types and unknown metadata fields are checked against the ObjectMeta model elsewhere.
 */
export function objectMetaProblems(kind: string, metadata: unknown, isCustomResource: boolean, clusterScoped: boolean): PointerProblem[] {
  const problems: PointerProblem[] = [];
  const meta = asRecord(metadata);
  if (!meta) return [{ pointer: '/metadata', message: 'is required (metadata.name at least)' }];

  const nameRule = isCustomResource ? dns1123Subdomain() : (CORE_NAME_RULES[kind] ?? dns1123Subdomain());
  if (typeof meta.name === 'string') {
    const problem = nameRule(meta.name);
    if (problem) problems.push({ pointer: '/metadata/name', message: `${JSON.stringify(meta.name)} ${problem}` });
  } else if (typeof meta.generateName !== 'string') {
    problems.push({ pointer: '/metadata/name', message: 'is required' });
  }

  if (typeof meta.namespace === 'string' && clusterScoped) {
    // The API server drops it; GitOps tools then report drift (a cdk8s Chart with `namespace` stamps every object).
    problems.push({ pointer: '/metadata/namespace', message: `${kind} is cluster-scoped; the API server drops metadata.namespace` });
  } else if (typeof meta.namespace === 'string' && dns1123Label(meta.namespace)) {
    problems.push({ pointer: '/metadata/namespace', message: `${JSON.stringify(meta.namespace)} ${dns1123Label(meta.namespace)}` });
  }

  for (const [key, value] of Object.entries(asRecord(meta.labels) ?? {})) {
    const pointer = `/metadata/labels/${escapePointer(key)}`;
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push({ pointer, message: `label ${keyProblem}` });
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
      problems.push({ pointer, message: `label value ${JSON.stringify(value)} must be at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric` });
    }
  }

  let annotationBytes = 0;
  for (const [key, value] of Object.entries(asRecord(meta.annotations) ?? {})) {
    // ValidateAnnotations lowercases keys before the qualified-name check.
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) problems.push({ pointer: `/metadata/annotations/${escapePointer(key)}`, message: `annotation ${keyProblem}` });
    annotationBytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (annotationBytes > ANNOTATIONS_MAX_BYTES) {
    problems.push({ pointer: '/metadata/annotations', message: `total size ${annotationBytes} B exceeds ${ANNOTATIONS_MAX_BYTES} B` });
  }
  return problems;
}
