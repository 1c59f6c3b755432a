import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../core/names';
import { ResourceSpec, resourceRules, toResourceRequirements } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { Workload, WorkloadPort } from '../core/workload';

export interface ModelServerProps {
  /** @default 'model-server' */
  readonly name?: string;
  readonly namespace: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
  /** @default 3 */
  readonly replicas?: number;
  /** @default 8080 */
  readonly port?: number;
  /** Where the server loads the model from (MODEL_PATH). */
  readonly modelPath: string;
  /** @default 32 */
  readonly maxBatchSize?: number;
  /** @default requests 500m / 1Gi, limits 2 CPU / 4Gi */
  readonly resources?: ResourceSpec;
  /** @default '/health' */
  readonly readinessPath?: string;
}

const DEFAULT_RESOURCES: ResourceSpec = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } };
const PINNED_IMAGE = /^[^\s:@]+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function modelServerRules(props: ModelServerProps, issues: Issues): void {
  checkDnsLabel(issues, 'name', props.name ?? 'model-server');
  checkDnsLabel(issues, 'namespace', props.namespace);
  const pinned = PINNED_IMAGE.test(props.image) && (props.image.includes('@sha256:') || /:[^/]+$/.test(props.image)) && !props.image.endsWith(':latest');
  issues.check(pinned, 'image', props.image, 'must carry a pinned tag (not latest) or a sha256 digest, so a rollout is reproducible');
  const replicas = props.replicas ?? 3;
  issues.check(Number.isInteger(replicas) && replicas >= 1, 'replicas', replicas, 'must be a whole number >= 1');
  const port = props.port ?? 8080;
  issues.check(Number.isInteger(port) && port >= 1 && port <= 65535, 'port', port, 'must be a TCP port 1-65535');
  const batch = props.maxBatchSize ?? 32;
  issues.check(Number.isInteger(batch) && batch >= 1, 'maxBatchSize', batch, 'must be a whole number >= 1');
  resourceRules(props.resources ?? DEFAULT_RESOURCES, issues.at('resources'));
}

/** An HTTP model server: a Deployment of hardened pods behind a ClusterIP Service, with its own ServiceAccount. */
export class ModelServer extends Construct implements Workload {
  public readonly name: string;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly WorkloadPort[];

  constructor(scope: Construct, id: string, props: ModelServerProps) {
    super(scope, id);
    const issues = new Issues();
    modelServerRules(props, issues);
    issues.throwIfAny(this.node.path);

    this.name = props.name ?? 'model-server';
    this.namespace = props.namespace;
    this.serviceAccountName = this.name;
    this.selector = { 'app.kubernetes.io/name': this.name };
    const port = props.port ?? 8080;
    this.ports = [{ name: 'http', port, protocol: 'http1' }];

    const tmp = scratchDir('tmp', '/tmp', '1Gi');
    const cache = scratchDir('model-cache', '/var/cache/model', '10Gi');
    const labels = { ...this.selector, 'app.kubernetes.io/component': 'model-server' };

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels },
      automountServiceAccountToken: false,
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        replicas: props.replicas ?? 3,
        selector: { matchLabels: { ...this.selector } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.serviceAccountName,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [{
              name: 'server',
              image: props.image,
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              env: [
                { name: 'MODEL_PATH', value: props.modelPath },
                { name: 'MAX_BATCH_SIZE', value: String(props.maxBatchSize ?? 32) },
              ],
              readinessProbe: { httpGet: { path: props.readinessPath ?? '/health', port: k8s.IntOrString.fromString('http') }, periodSeconds: 5 },
              resources: toResourceRequirements(props.resources ?? DEFAULT_RESOURCES),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [tmp.mount, cache.mount],
            }],
            volumes: [tmp.volume, cache.volume],
          },
        },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        selector: { ...this.selector },
        ports: [{ name: 'http', port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP', appProtocol: 'http' }],
      },
    });
  }
}
