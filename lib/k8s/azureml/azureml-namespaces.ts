import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../../contract/azure-ml/azure-ml-names';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { DEFAULT_INBOUND_POLICY, INJECT, InboundPolicy, PROXY_ENABLE_NATIVE_SIDECAR } from '../../contract/linkerd-annotations';
import { MeshTrafficRedirect } from '../../contract/linkerd';
import { podSecurityMetadata, PodSecurityStatement } from '../../contract/pod-security';

/** Pod Security levels an Azure ML namespace may enforce; the extension supports at most Baseline. */
export type AzureMlPodSecurityLevel = 'baseline' | 'privileged';

// Linkerd's opaque-ports annotation (linkerd.io/2-edge/features/protocol-detection): SSH for Azure ML's MPI
// launcher (server speaks first) and torch.distributed's default rendezvous port.
const OPAQUE_PORTS = 'config.linkerd.io/opaque-ports';
const TRAINING_OPAQUE_PORTS = '22,29500';

export interface AzureMlComputeNamespaceProps {
  /** Namespace name; the compute's `namespace`. */
  readonly name: string;
  /** What the compute runs here; decides the mesh default. */
  readonly purpose: 'inference' | 'training';
  /**
   * Inject the Linkerd proxy through namespace annotations (Azure ML owns the pod specs, so nothing else can).
   * @default true for inference, false for training (collective traffic on random ports gains nothing from the proxy)
   */
  readonly meshed?: boolean;
  /**
   * How the mesh redirects traffic; must match the cluster's Linkerd install. With `proxy-init` the injected init
   * container needs NET_ADMIN/NET_RAW, which Baseline forbids.
   * @default 'proxy-init'
   */
  readonly trafficRedirect?: MeshTrafficRedirect;
  /**
   * Pod Security level enforced. The extension supports the Baseline standard
   * (how-to-attach-kubernetes-anywhere, "Limitations"), so `restricted` is refused.
   * @default 'baseline', or 'privileged' for a namespace meshed with proxy-init (warn and audit stay baseline)
   */
  readonly podSecurity?: AzureMlPodSecurityLevel | 'restricted';
  /** @default 'deny' — every path in is named; azureml-fe's is authorized by AzureMlInferenceAccess */
  readonly defaultInboundPolicy?: InboundPolicy;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export function azureMlComputeNamespaceRules(props: AzureMlComputeNamespaceProps, issues: Issues): void {
  checkDnsLabel(issues, 'name', props.name);
  issues.check(props.name !== AZURE_ML_SYSTEM_NAMESPACE, 'name', props.name, `must not be "${AZURE_ML_SYSTEM_NAMESPACE}", the extension's own namespace`);
  const meshed = props.meshed ?? props.purpose === 'inference';
  const redirect = props.trafficRedirect ?? 'proxy-init';
  const level = props.podSecurity;
  issues.check(level !== 'restricted', 'podSecurity', level,
    'Azure ML supports the Kubernetes Baseline Pod Security Standard at most (how-to-attach-kubernetes-anywhere); its pods fail under restricted');
  if (meshed && redirect === 'proxy-init') {
    issues.check(level !== 'baseline', 'podSecurity', level,
      'a meshed namespace with trafficRedirect proxy-init runs linkerd-init with NET_ADMIN/NET_RAW, which baseline forbids; use linkerd-cni, or accept privileged (the documented exception)');
  }
}

/** The level enforced once defaults apply. */
export function azureMlEnforcedLevel(props: AzureMlComputeNamespaceProps): AzureMlPodSecurityLevel {
  const meshed = props.meshed ?? props.purpose === 'inference';
  if (props.podSecurity === 'baseline' || props.podSecurity === 'privileged') return props.podSecurity;
  return meshed && (props.trafficRedirect ?? 'proxy-init') === 'proxy-init' ? 'privileged' : 'baseline';
}

// how-to-attach-kubernetes-anywhere, "Limitations": the extension "supports Kubernetes Baseline Pod Security Standard".
const AZURE_ML_BASELINE_REASON = 'Azure ML writes the pod specs in a compute namespace and supports the Baseline Pod Security Standard at most (how-to-attach-kubernetes-anywhere, Limitations)';

/** The statement of a compute namespace: its level, why, and baseline warnings for what Azure ML writes. */
export function azureMlComputePodSecurity(props: AzureMlComputeNamespaceProps): PodSecurityStatement {
  const enforce = azureMlEnforcedLevel(props);
  const reason = enforce === 'privileged'
    ? `${AZURE_ML_BASELINE_REASON}; meshed with Linkerd proxy-init, whose init container adds NET_ADMIN and NET_RAW, which baseline forbids`
    : AZURE_ML_BASELINE_REASON;
  return { enforce, reason, warnAndAudit: 'baseline' };
}

/**
 * The namespace an Azure ML Kubernetes compute runs in, created before the compute is attached (attach does not
 * create it, and workloads fail without it). Only namespace-level settings: Azure ML writes the pod specs.
 */
export class AzureMlComputeNamespace extends Construct {
  public readonly name: string;
  public readonly meshed: boolean;
  public readonly purpose: 'inference' | 'training';

  constructor(scope: Construct, id: string, props: AzureMlComputeNamespaceProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlComputeNamespaceRules(props, issues);
    issues.throwIfAny(this.node.path);
    this.name = props.name;
    this.purpose = props.purpose;
    this.meshed = props.meshed ?? props.purpose === 'inference';

    const annotations: Record<string, string> = { [INJECT]: this.meshed ? 'enabled' : 'disabled' };
    if (this.meshed) {
      annotations[DEFAULT_INBOUND_POLICY] = props.defaultInboundPolicy ?? 'deny';
      // Native sidecars start the proxy before init containers, so Azure ML's model download gets a network.
      annotations[PROXY_ENABLE_NATIVE_SIDECAR] = 'true';
      if (this.purpose === 'training') annotations[OPAQUE_PORTS] = TRAINING_OPAQUE_PORTS;
    }
    const podSecurity = podSecurityMetadata(azureMlComputePodSecurity(props), this.node.path);
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: { ...(props.labels ?? {}), ...podSecurity.labels },
        annotations: { ...annotations, ...podSecurity.annotations },
      },
    });
  }
}

/**
 * The extension's own namespace, pre-created to mark it unmeshed (its pods are a Helm release the library cannot
 * change, with their own Envoy) and to state its Pod Security level. It enforces `privileged`, said outright rather
 * than left to the cluster default: the extension's DaemonSets (NVIDIA device plugin, DCGM exporter) mount host
 * paths, and the library does not own those pod specs. `warn` and `audit` are `baseline`, so the audit log shows what
 * runs above it. Apply it before the extension installs; the extension creates the namespace only when it is missing.
 */
export class AzureMlSystemNamespace extends Construct {
  public readonly name = AZURE_ML_SYSTEM_NAMESPACE;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const podSecurity = podSecurityMetadata({
      enforce: 'privileged',
      warnAndAudit: 'baseline',
      reason: 'the AzureML extension\'s own Helm release: its NVIDIA device plugin and DCGM exporter DaemonSets mount host paths, and the extension, not the platform, writes these pod specs',
    }, this.node.path);
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: AZURE_ML_SYSTEM_NAMESPACE,
        labels: podSecurity.labels,
        annotations: { [INJECT]: 'disabled', ...podSecurity.annotations },
      },
    });
  }
}
