/**
 * Linkerd annotation keys and values the platform writes, in one place so a rename upstream is one edit.
 * Source: linkerd/linkerd2 pkg/k8s/labels.go (tag version-2.20) and linkerd.io/2-edge/reference.
 */

/** Proxy injection: `enabled` on a namespace meshes every pod created in it. */
export const INJECT = 'linkerd.io/inject';

/** Inbound policy for ports without a Server; read once at proxy start (features/server-policy). */
export const DEFAULT_INBOUND_POLICY = 'config.linkerd.io/default-inbound-policy';

/** Proxy container resources (pkg/k8s/labels.go ProxyCPURequestAnnotation, ...). */
export const PROXY_CPU_REQUEST = 'config.linkerd.io/proxy-cpu-request';
export const PROXY_CPU_LIMIT = 'config.linkerd.io/proxy-cpu-limit';
export const PROXY_MEMORY_REQUEST = 'config.linkerd.io/proxy-memory-request';
export const PROXY_MEMORY_LIMIT = 'config.linkerd.io/proxy-memory-limit';

/**
 * Run the proxy as a native sidecar (an init container with restartPolicy Always), so Jobs complete.
 * 2.20 stabilised the key under `config.linkerd.io`; the alpha and beta keys are deprecated aliases.
 */
export const PROXY_ENABLE_NATIVE_SIDECAR = 'config.linkerd.io/proxy-enable-native-sidecar';

/** Client-side timeouts on a Service or a route whose parent is a Service (reference/timeouts). */
export const TIMEOUT_REQUEST = 'timeout.linkerd.io/request';
export const TIMEOUT_RESPONSE = 'timeout.linkerd.io/response';
export const TIMEOUT_IDLE = 'timeout.linkerd.io/idle';

/** Client-side retries (reference/retries): `http` only on HTTPRoute/Service, `grpc` only on GRPCRoute/Service. */
export const RETRY_HTTP = 'retry.linkerd.io/http';
export const RETRY_GRPC = 'retry.linkerd.io/grpc';
export const RETRY_LIMIT = 'retry.linkerd.io/limit';
export const RETRY_TIMEOUT = 'retry.linkerd.io/timeout';

/** Default inbound policies a proxy understands (features/server-policy). */
export type InboundPolicy = 'deny' | 'all-authenticated' | 'cluster-authenticated' | 'all-unauthenticated' | 'cluster-unauthenticated' | 'audit';
