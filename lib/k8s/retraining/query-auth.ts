import { PrometheusQueryEndpoint, queryBaseUrl } from '../observability/analysis-endpoint';

/**
 * Shell that sets `$auth` to the curl arguments authenticating a query to `endpoint`, from the pod's workload identity
 * only: nothing is stored, every token is fetched per run and lives about an hour.
 * - in-cluster: none; the mesh authorizes the pod's mTLS identity.
 * - azure-monitor: Entra client-credentials with the federated service-account token as client assertion, the flow
 *   Azure Workload Identity documents (learn.microsoft.com/entra/workload-id/workload-identities-overview); the
 *   webhook injects AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_AUTHORITY_HOST and AZURE_FEDERATED_TOKEN_FILE. Scope
 *   https://prometheus.monitor.azure.com/.default (learn.microsoft.com/azure/azure-monitor/metrics/prometheus-api-promql).
 * - google-managed: the GKE metadata server's token for the pod's Workload Identity (needs roles/monitoring.viewer).
 */
export function queryAuthShell(endpoint: PrometheusQueryEndpoint): string {
  switch (endpoint.kind) {
    case 'in-cluster':
      return 'auth=""';
    case 'azure-monitor':
      return [
        'token=$(curl -sS --fail-with-body --max-time 10 -X POST "${AZURE_AUTHORITY_HOST%/}/${AZURE_TENANT_ID}/oauth2/v2.0/token" \\',
        '  -d grant_type=client_credentials -d "client_id=${AZURE_CLIENT_ID}" \\',
        '  --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\',
        '  --data-urlencode "client_assertion=$(cat "$AZURE_FEDERATED_TOKEN_FILE")" \\',
        '  --data-urlencode scope=https://prometheus.monitor.azure.com/.default | jq -er .access_token)',
        'auth="Authorization: Bearer $token"',
      ].join('\n');
    case 'google-managed':
      return [
        "token=$(curl -sS --fail-with-body --max-time 10 -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token | jq -er .access_token)",
        'auth="Authorization: Bearer $token"',
      ].join('\n');
  }
}

/**
 * Shell function `q QUERY` printing the first sample's value. It fails, with the reason on stderr, on an HTTP error
 * (`--fail-with-body` keeps the server's answer, such as Linkerd's 403), on a non-success status and on an empty
 * result: a score that cannot be read must never pass for "nothing to judge" (review D3).
 */
export function queryFunctionShell(endpoint: PrometheusQueryEndpoint): string {
  const url = `${queryBaseUrl(endpoint)}/api/v1/query`;
  return [
    'q() {',
    `  body=$(curl -sS --fail-with-body --max-time 10 -G \${auth:+-H "$auth"} '${url}' --data-urlencode "query=$1") || { echo "query failed: $body" >&2; return 1; }`,
    `  printf '%s' "$body" | jq -er 'if .status != "success" then error("query status \\(.status)") elif (.data.result | length) == 0 then error("no series") else .data.result[0].value[1] end'`,
    '}',
  ].join('\n');
}
