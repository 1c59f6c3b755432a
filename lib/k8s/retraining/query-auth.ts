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
        'token=$(curl -sf --max-time 10 -X POST "${AZURE_AUTHORITY_HOST%/}/${AZURE_TENANT_ID}/oauth2/v2.0/token" \\',
        '  -d grant_type=client_credentials -d "client_id=${AZURE_CLIENT_ID}" \\',
        '  --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\',
        '  --data-urlencode "client_assertion=$(cat "$AZURE_FEDERATED_TOKEN_FILE")" \\',
        '  --data-urlencode scope=https://prometheus.monitor.azure.com/.default | jq -er .access_token)',
        'auth="Authorization: Bearer $token"',
      ].join('\n');
    case 'google-managed':
      return [
        "token=$(curl -sf --max-time 10 -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token | jq -er .access_token)",
        'auth="Authorization: Bearer $token"',
      ].join('\n');
  }
}

/** Shell function `q QUERY` printing the first sample's value, or nothing when the result is empty. */
export function queryFunctionShell(endpoint: PrometheusQueryEndpoint): string {
  const url = `${queryBaseUrl(endpoint)}/api/v1/query`;
  return `q() { curl -sfG --max-time 10 \${auth:+-H "$auth"} '${url}' --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }`;
}
