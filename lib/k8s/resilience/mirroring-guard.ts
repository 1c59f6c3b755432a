import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { INJECT } from '../../contract/linkerd-annotations';
import { renderedJson } from '../core/rendered-json';

/**
 * Refuses request mirroring at synth. Linkerd 2.20's policy controller rejects the Gateway API RequestMirror filter
 * (`bail!("RequestMirror filter is not supported")`, policy-controller/k8s/index/src/outbound/index/http.rs and
 * grpc.rs) and drops the whole route, so traffic falls back to the plain Service and a canary's weights are lost.
 * Flagger's gatewayapi router writes that filter for `analysis.mirror` and `service.mirror` (pkg/router/gateway_api.go).
 * So on a cluster running Linkerd, none of the three may appear. Shadow-test with `ShadowReplayJob` instead.
 */
export function refuseMirroring(root: IConstruct): void {
  if (guarded.has(root)) return;
  guarded.add(root);
  root.node.addValidation({ validate: () => mirroringProblems(root) });
}

const guarded = new WeakSet<IConstruct>();

/** The parts of a synthesized object the guard reads. */
interface MirrorFields {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: {
    readonly analysis?: { readonly mirror?: boolean; readonly mirrorWeight?: number };
    readonly service?: { readonly mirror?: unknown };
    readonly rules?: readonly RouteRule[];
  };
}
interface RouteFilter { readonly type?: string }
interface RouteRule { readonly filters?: readonly RouteFilter[]; readonly backendRefs?: readonly { readonly filters?: readonly RouteFilter[] }[] }

/** Every mirroring setting in the app, one message each. */
export function mirroringProblems(root: IConstruct): string[] {
  const problems: string[] = [];
  const meshedNamespaces = new Set<string>();
  const objects = root.node.findAll().filter((n): n is ApiObject => n instanceof ApiObject);
  for (const o of objects) {
    if (o.kind === 'Namespace' && (renderedJson(o) as MirrorFields).metadata?.annotations?.[INJECT] === 'enabled') meshedNamespaces.add(o.metadata.name as string);
  }
  const where = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const meshNote = 'Linkerd 2.20 drops any route with a RequestMirror filter, which breaks the canary split; use ShadowReplayJob for shadow testing';
  for (const o of objects) {
    const canary = o.kind === 'Canary' && o.apiVersion.startsWith('flagger.app/');
    const route = o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute';
    // Rendering is the expensive part: only the kinds that can carry mirroring are rendered.
    if (!canary && !route) continue;
    const json = renderedJson(o) as MirrorFields;
    if (canary) {
      if (json.spec?.analysis?.mirror !== undefined) problems.push(`${where(o)}: spec.analysis.mirror = ${JSON.stringify(json.spec?.analysis?.mirror)}: must not be set; ${meshNote}`);
      if (json.spec?.analysis?.mirrorWeight !== undefined) problems.push(`${where(o)}: spec.analysis.mirrorWeight = ${json.spec?.analysis?.mirrorWeight}: must not be set; ${meshNote}`);
      if (json.spec?.service?.mirror !== undefined) problems.push(`${where(o)}: spec.service.mirror: must not be set; ${meshNote}`);
    }
    if (route && meshedNamespaces.has(o.metadata.namespace ?? '')) {
      const rules = json.spec?.rules ?? [];
      rules.forEach((rule, i) => {
        const filters = [...(rule.filters ?? []), ...(rule.backendRefs ?? []).flatMap((b) => b.filters ?? [])];
        if (filters.some((f) => f.type === 'RequestMirror')) problems.push(`${where(o)}: spec.rules[${i}] has a RequestMirror filter: refused on a meshed namespace; ${meshNote}`);
      });
    }
  }
  return problems;
}
