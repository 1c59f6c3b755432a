import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import {
  MonitorDataCollectionEndpoint,
  MonitorDataCollectionRule,
  MonitorDataCollectionRuleAssociation,
  MonitorWorkspace,
} from '../internal/azurerm';
import { isUnresolved } from '../../core/unresolved';

export interface AzureManagedPrometheusProps {
  /** Base of the resource names, e.g. the AKS cluster name. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Resource ID of the AKS cluster whose metrics add-on sends here. The cluster needs `monitor_metrics {}`. */
  readonly clusterId: string;
  /** Send to this Azure Monitor workspace (resource ID) instead of creating one. @default a new workspace */
  readonly existingWorkspaceId?: string;
  /**
   * Public network access to the workspace's query endpoint and to the collection endpoint. Queries need an Entra
   * token with Monitoring Data Reader either way; turning it off requires private endpoints (an AMPLS), which this
   * construct does not create.
   * @default true
   */
  readonly publicNetworkAccess?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

// Stream and destination names of the managed Prometheus pipeline, as Azure's own template writes them
// (Azure/prometheus-collector AddonTerraformTemplate/main.tf).
const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';
const DESTINATION = 'MonitoringAccount1';
// Data collection rule and endpoint names: 3-44 characters of letters, digits and '-' (ARM naming rules for
// Microsoft.Insights/dataCollectionRules, dataCollectionEndpoints); the longest suffix added below is 5.
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{1,37}[a-zA-Z0-9]$/;

export function azureManagedPrometheusRules(props: AzureManagedPrometheusProps, issues: Issues): void {
  if (!isUnresolved(props.name)) {
    issues.check(NAME.test(props.name), 'name', props.name, 'must be 3-39 letters, digits or "-", starting and ending with a letter or digit (data collection rule names take at most 44 characters with the "-prom" suffix)');
  }
  if (props.existingWorkspaceId !== undefined && !isUnresolved(props.existingWorkspaceId)) {
    issues.check(/\/providers\/microsoft\.monitor\/accounts\/[^/]+$/i.test(props.existingWorkspaceId), 'existingWorkspaceId', props.existingWorkspaceId,
      'must be an Azure Monitor workspace resource ID (.../providers/Microsoft.Monitor/accounts/<name>)');
  }
}

/**
 * Azure Monitor managed Prometheus for one AKS cluster: the Azure Monitor workspace (the metrics store and PromQL
 * endpoint), a data collection endpoint, a data collection rule that forwards the `Microsoft-PrometheusMetrics` stream
 * to the workspace, and the rule's association with the cluster. This is the pipeline the AKS metrics add-on
 * (ama-metrics) writes through; it authenticates with the cluster's managed identity, so no key is involved.
 * Source: learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable (Terraform tab) and
 * the Azure template named above.
 */
export class AzureManagedPrometheus extends Construct {
  /** Resource ID of the workspace: rule groups and Grafana scope to it. */
  public readonly workspaceId: string;
  /** The created workspace, when one was created; `queryEndpoint` is its PromQL API base. */
  public readonly workspace?: MonitorWorkspace;
  public readonly dataCollectionRule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: AzureManagedPrometheusProps) {
    super(scope, id);
    const issues = new Issues();
    azureManagedPrometheusRules(props, issues);
    issues.throwIfAny(this.node.path);
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: { ...(props.tags ?? {}) } };
    const publicAccess = props.publicNetworkAccess ?? true;

    if (props.existingWorkspaceId !== undefined) {
      this.workspaceId = props.existingWorkspaceId;
    } else {
      this.workspace = new MonitorWorkspace(this, 'workspace', { ...common, name: `${props.name}-amw`, publicNetworkAccessEnabled: publicAccess });
      this.workspaceId = this.workspace.id;
    }
    const endpoint = new MonitorDataCollectionEndpoint(this, 'endpoint', {
      ...common,
      name: `${props.name}-prom`,
      kind: 'Linux',
      publicNetworkAccessEnabled: publicAccess,
    });
    this.dataCollectionRule = new MonitorDataCollectionRule(this, 'rule', {
      ...common,
      name: `${props.name}-prom`,
      kind: 'Linux',
      dataCollectionEndpointId: endpoint.id,
      destinations: { monitorAccount: [{ monitorAccountId: this.workspaceId, name: DESTINATION }] },
      dataFlow: [{ streams: [PROMETHEUS_STREAM], destinations: [DESTINATION] }],
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: [PROMETHEUS_STREAM] }] },
      description: `Managed Prometheus of AKS cluster ${props.name}`,
    });
    new MonitorDataCollectionRuleAssociation(this, 'association', {
      name: `${props.name}-prom`,
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.dataCollectionRule.id,
      description: 'Sends the cluster metrics add-on samples to the Azure Monitor workspace',
    });
  }
}
