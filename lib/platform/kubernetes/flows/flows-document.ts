import { ReviewDocument } from '../cluster-output';
import { ClusterFlowReport } from './cluster-flows';
import { blockingLayers, describeEndpoint, Endpoint, FlowFamily, FlowVerdict, LayerName, LAYERS, LayerVerdict } from './flow';
import { textOrder } from '../../../core/text-order';

/** The review document written beside each cluster's manifests. */
export const FLOWS_DOCUMENT = 'FLOWS.md';

const FAMILIES: readonly { readonly family: FlowFamily; readonly title: string }[] = [
  { family: 'ingress', title: 'Ingress to the serving entry point' },
  { family: 'service', title: 'Service calls' },
  { family: 'training', title: 'Training peers' },
  { family: 'cloud', title: 'Cloud APIs' },
  { family: 'prometheus', title: 'Prometheus readers and canary webhooks' },
  { family: 'scrape', title: 'Scrapes' },
  { family: 'probe', title: 'Kubelet probes' },
  { family: 'webhook', title: 'API server to webhooks and APIServices' },
  { family: 'api-server', title: 'Pods to the API server' },
  { family: 'mesh-control', title: 'Linkerd proxies to the control plane' },
  { family: 'dns', title: 'DNS' },
];

/** Families drawn from a namespace as a whole: every pod has them, one edge per namespace says as much. */
const PER_NAMESPACE: readonly FlowFamily[] = ['dns', 'mesh-control', 'api-server', 'probe'];

const MARK: Readonly<Record<LayerVerdict['result'], string>> = { allowed: '✅', blocked: '⛔', 'n/a': '—', chart: 'chart' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function verdictCell(verdict: LayerVerdict): string {
  return verdict.result === 'n/a' ? '—' : `${MARK[verdict.result]} ${cell(verdict.by)}`;
}

function namespaceOf(endpoint: Endpoint): string | undefined {
  return endpoint.kind === 'pod' ? endpoint.namespace : undefined;
}

/** A Mermaid node id: letters, digits and underscores only. */
function nodeId(text: string): string {
  return `n_${text.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

function nodeLabel(endpoint: Endpoint): string {
  const label = endpoint.kind === 'pod' ? endpoint.name.replace(`${endpoint.namespace}/`, '') : describeEndpoint(endpoint);
  return label.replace(/"/g, "'");
}

/** Workloads grouped by namespace (anything outside the pod network in one group), flows as edges labelled with ports. */
function graph(report: ClusterFlowReport): string[] {
  const nodes = new Map<string, { readonly label: string; readonly group: string }>();
  const edges = new Map<string, Set<string>>();
  // Flows share their endpoints: each endpoint's id and node are derived once.
  const derived = new Map<Endpoint, { readonly id: string; readonly node: { readonly label: string; readonly group: string } }>();
  const node = (endpoint: Endpoint): string => {
    let d = derived.get(endpoint);
    if (!d) derived.set(endpoint, (d = { id: nodeId(describeEndpoint(endpoint)), node: { label: nodeLabel(endpoint), group: namespaceOf(endpoint) ?? 'outside the cluster' } }));
    nodes.set(d.id, d.node);
    return d.id;
  };
  for (const { flow } of report.required) {
    const source = PER_NAMESPACE.includes(flow.family) && flow.source.kind === 'pod' ? nodeId(`ns ${flow.source.namespace}`) : node(flow.source);
    if (PER_NAMESPACE.includes(flow.family) && flow.source.kind === 'pod') node(flow.source);
    const key = `${source} ${node(flow.destination)}`;
    const ports = edges.get(key) ?? new Set<string>();
    ports.add(flow.protocol === 'UDP' ? `${flow.port}/udp` : String(flow.port));
    edges.set(key, ports);
  }
  const groups = [...new Set([...nodes.values()].map((n) => n.group))].sort();
  const lines = ['```mermaid', 'flowchart LR'];
  const sortedNodes = [...nodes.entries()].sort(([a], [b]) => textOrder(a, b));
  for (const group of groups) {
    lines.push(`  subgraph ${nodeId(`ns ${group}`)}["${group}"]`);
    for (const [id, n] of sortedNodes.filter(([, n]) => n.group === group)) lines.push(`    ${id}["${n.label}"]`);
    lines.push('  end');
  }
  for (const [key, ports] of [...edges.entries()].sort(([a], [b]) => textOrder(a, b))) {
    const [from, to] = key.split(' ');
    const sorted = [...ports].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    lines.push(`  ${from} -->|"${sorted.join(', ')}"| ${to}`);
  }
  lines.push('```');
  return lines;
}

function portCell(v: FlowVerdict): string {
  const request = v.flow.request ? ` ${v.flow.request.method} ${v.flow.request.path}` : '';
  return `${v.flow.port}/${v.flow.protocol}${request}`;
}

function wireCell(v: FlowVerdict): string {
  return v.wirePort === v.flow.port ? 'same' : `${v.wirePort} (mTLS, transport header)`;
}

function requiredTable(verdicts: readonly FlowVerdict[]): string[] {
  const lines = [
    '| Source | Destination | Port | Wire | Network | Mesh | Identity | Firewall | Why |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const v of verdicts) {
    const layers = LAYERS.map((l: LayerName) => verdictCell(v.layers[l]));
    lines.push(`| ${cell(describeEndpoint(v.flow.source))} | ${cell(describeEndpoint(v.flow.destination))} | ${portCell(v)} | ${wireCell(v)} | ${layers.join(' | ')} | ${cell(v.flow.purpose)} |`);
  }
  return lines;
}

function forbiddenTable(verdicts: readonly FlowVerdict[]): string[] {
  const lines = ['| Source | Destination | Port | Denied at |', '|---|---|---|---|'];
  for (const v of verdicts) {
    const denied = blockingLayers(v).map((l) => `${l}: ${cell(v.layers[l].by)}`).join('; ') || '⛔ **allowed at every layer**';
    lines.push(`| ${cell(describeEndpoint(v.flow.source))} | ${cell(describeEndpoint(v.flow.destination))} | ${portCell(v)} | ${denied} |`);
  }
  return lines;
}

/**
 * FLOWS.md: a Mermaid graph of the cluster's workloads and flows, then every required flow with its verdict at each
 * layer (network, mesh, identity, firewall) and every forbidden flow with the layer that denies it. Markdown, never
 * YAML or JSON: GitOps applies every such file of the folder.
 */
export function flowsDocument(report: ClusterFlowReport): ReviewDocument {
  const target = report.target;
  const lines = [
    `# Flows of ${target.environment.name} / ${target.clusterName}`,
    '',
    'Generated by `npm run synth` from the environment\'s config and the objects of this folder (lib/platform/kubernetes/flows/);',
    '`npm run diff` lists flow changes first. Synth refuses to write the folder when a required flow is blocked at any layer,',
    'or when a forbidden flow is allowed at every layer.',
    '',
    `- **network**: ${target.dataplane === 'aks-cilium' ? 'CiliumNetworkPolicy (AKS, Cilium)' : 'Kubernetes NetworkPolicy (GKE Dataplane V2)'}, both ends (egress of the source, ingress of the destination);`,
    '- **mesh**: Linkerd inbound policy of the destination (Server, routes, AuthorizationPolicy, default policy);',
    '- **identity**: the workload identity a cloud call needs, as the pod carries it;',
    '- **firewall**: the cloud firewall rules the platform creates (GKE: control plane to nodes).',
    '',
    'Verdicts: ✅ allowed, ⛔ blocked, — not crossed, `chart` decided by an add-on chart\'s own objects (not rendered here).',
    'Between two meshed pods the wire port is 4143 (Linkerd\'s transport header): network policy admits the peer to the pod,',
    'and the Linkerd Server of each port admits or refuses the port (docs/network-policy.md, "Ports between meshed pods").',
    '',
    '## Graph',
    '',
    ...graph(report),
    '',
    `## Required flows (${report.required.length})`,
  ];
  for (const { family, title } of FAMILIES) {
    const verdicts = report.required.filter((v) => v.flow.family === family);
    if (verdicts.length === 0) continue;
    lines.push('', `### ${title} (${verdicts.length})`, '', ...requiredTable(verdicts));
  }
  lines.push('', `## Forbidden flows (${report.forbidden.length}), each denied at one layer at least`, '',
    'Pods to application ports they have no required flow to (from another namespace, unmeshed pods of the same namespace,',
    'the folder\'s other pods), with an application request; pods to cloud APIs they hold no identity for.', '',
    ...forbiddenTable(report.forbidden), '');
  return { file: FLOWS_DOCUMENT, text: lines.join('\n') };
}
