/**
 * Label keys the serving and training constructs put on their pods.
 *
 * Flagger rewrites the value of the Deployment's selector label (`app`, `name` or `app.kubernetes.io/name`)
 * to `<value>-primary` on the primary it creates, and copies every other pod-template label unchanged
 * (fluxcd/flagger v1.44.0 pkg/canary/util.go makePrimaryLabels; docs/gitbook/usage/how-it-works.md).
 * So mesh and network policies select on `WORKLOAD_LABEL`, which no controller rewrites, and only the
 * Deployment selector of a canaried server uses `FLAGGER_SELECTOR_LABEL`.
 */

/** Names the workload (model-server, feature-store, ...). Stable across Flagger promotions. */
export const WORKLOAD_LABEL = 'ml-mesh-platform.io/workload';

/** The model version a pod serves (v1, v2, ...). */
export const MODEL_VERSION_LABEL = 'ml-mesh-platform.io/model-version';

/** The label Flagger uses to build its primary/canary selectors (one of its default `selectorLabels`). */
export const FLAGGER_SELECTOR_LABEL = 'app.kubernetes.io/name';

/** Recommended label: the component role of the workload. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
