// The only file that loads helm provider bindings, through deep paths.
import '../tokens';
export { DataHelmTemplate } from '@cdktf/provider-helm/lib/data-helm-template';
export { HelmProvider } from '@cdktf/provider-helm/lib/provider';
export { Release } from '@cdktf/provider-helm/lib/release';
