import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { linkerdPkiObjects, LinkerdPkiProps } from '../../contract/linkerd-pki';

export type LinkerdTrustAnchorProps = LinkerdPkiProps;
export type { CertificateValidity } from '../../contract/linkerd-pki';
export { linkerdPkiRules as linkerdTrustAnchorRules } from '../../contract/linkerd-pki';

/** Linkerd's trust chain (`linkerdPkiObjects` in lib/contract/linkerd-pki.ts) as cdk8s objects. */
export class LinkerdTrustAnchor extends Construct {
  public readonly controlPlaneNamespace: string;

  constructor(scope: Construct, id: string, props: LinkerdTrustAnchorProps = {}) {
    super(scope, id);
    this.controlPlaneNamespace = props.controlPlaneNamespace ?? 'linkerd';
    for (const object of linkerdPkiObjects(props, this.node.path)) new ApiObject(this, `${object.kind}-${object.metadata.name}`, object);
  }
}
