import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

// The Pod Security Standard "restricted" profile (kubernetes.io/docs/concepts/security/pod-security-standards):
// non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp. A read-only root
// filesystem is on top of it, so a compromised model server cannot rewrite its own code.

/** UID/GID the platform's containers run as when the image does not say otherwise (the distroless "nonroot"). */
export const NON_ROOT_UID = 65532;

export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: NON_ROOT_UID,
    runAsGroup: NON_ROOT_UID,
    fsGroup: NON_ROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A writable scratch directory for a read-only container: an emptyDir volume plus its mount. */
export interface ScratchDir {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

export function scratchDir(name: string, mountPath: string, sizeLimit: string): ScratchDir {
  return {
    volume: { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } },
    mount: { name, mountPath },
  };
}
