// The only file that loads helm provider bindings, through deep paths.
import '../tokens';
export { HelmProvider } from '@cdktf/provider-helm/lib/provider';
export { Release } from '@cdktf/provider-helm/lib/release';
