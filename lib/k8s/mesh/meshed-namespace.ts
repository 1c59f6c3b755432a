import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../core/names';

export interface MeshedNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A namespace whose pods get the Linkerd proxy injected, so every connection between them is mTLS. */
export class MeshedNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: MeshedNamespaceProps) {
    super(scope, id);
    const issues = new Issues();
    checkDnsLabel(issues, 'name', props.name);
    issues.throwIfAny(this.node.path);
    this.name = props.name;

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: { ...(props.labels ?? {}) },
        // Linkerd's proxy injector acts on this annotation (linkerd.io/2-edge/features/proxy-injection).
        annotations: { 'linkerd.io/inject': 'enabled' },
      },
    });
  }
}
