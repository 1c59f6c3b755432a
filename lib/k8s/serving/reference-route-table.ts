import { ModelRouteRule } from '../mesh/model-routes';

/**
 * The reference route table of a model server's public port (docs/mesh.md): predict 5 s and never retried (a POST
 * is not idempotent), health 2 s retried, batch predictions 30 s, model metadata 3 s retried. Requests matching no
 * rule get a 404 from the caller's proxy.
 */
export const REFERENCE_ROUTE_TABLE: readonly ModelRouteRule[] = [
  { name: 'predict', method: 'POST', path: { type: 'Exact', value: '/v1/predict' }, timeouts: { request: '5s' } },
  { name: 'health', method: 'GET', path: { type: 'Exact', value: '/health' }, timeouts: { request: '2s' }, retry: { on: ['5xx'], limit: 2, timeout: '500ms' } },
  { name: 'batch-predict', method: 'POST', path: { type: 'Exact', value: '/v1/batch-predict' }, timeouts: { request: '30s' } },
  { name: 'metadata', method: 'GET', path: { type: 'RegularExpression', value: '/v1/models/.*' }, timeouts: { request: '3s' }, retry: { on: ['gateway-error', '500'], limit: 2, timeout: '1s' } },
];
