import { ApiObject } from 'cdk8s';

// Synth-time validations read objects as they will be written, and so does the writer: within one render of a
// finished app the same object was rendered (resolved, sanitized, converted from its props) up to three times.
let session: WeakMap<ApiObject, unknown> | undefined;

/** The object's manifest: rendered once per `renderingOnce` session and reused there; outside one, rendered now. */
export function renderedJson(object: ApiObject): unknown {
  if (!session) return object.toJson();
  let json = session.get(object);
  if (json === undefined) {
    json = object.toJson();
    session.set(object, json);
  }
  return json;
}

/**
 * Runs `render` with every object rendered at most once. Only for an app that no longer changes (its validations and
 * its writing); callers read the manifests and never change them, as they are shared.
 */
export function renderingOnce<T>(render: () => T): T {
  const outer = session;
  session ??= new WeakMap();
  try {
    return render();
  } finally {
    session = outer;
  }
}
