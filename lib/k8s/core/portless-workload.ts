import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { NO_POD_IDENTITY, PodIdentity } from '../identity/pod-identity';
import { workloadServiceAccount } from '../identity/workload-service-account';
import { COMPONENT_LABEL, WORKLOAD_LABEL } from '../../contract/labels';
import { Workload, WorkloadPort } from './workload';

/** The props every port-less workload shares. */
export interface PortlessWorkloadProps {
  /** Workload and ServiceAccount name. */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /** @default none */
  readonly identity?: PodIdentity;
}

/**
 * A workload that only calls others (batch Jobs and CronJobs): no ports, so it is only ever a traffic source.
 * Validates the props with the subclass's rules, then creates its ServiceAccount, named like the workload.
 */
export abstract class PortlessWorkload extends Construct implements Workload {
  public readonly name: string;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly WorkloadPort[] = [];
  /** The selector plus the component label, for every object of the workload. */
  protected readonly labels: Readonly<Record<string, string>>;
  protected readonly identity: PodIdentity;

  protected constructor(scope: Construct, id: string, component: string, props: PortlessWorkloadProps, rules: (issues: Issues) => void) {
    super(scope, id);
    const issues = new Issues();
    rules(issues);
    issues.throwIfAny(this.node.path);
    this.name = props.name;
    this.namespace = props.namespace ?? 'mlops';
    this.serviceAccountName = props.name;
    this.selector = { [WORKLOAD_LABEL]: props.name };
    this.labels = { ...this.selector, [COMPONENT_LABEL]: component };
    this.identity = props.identity ?? NO_POD_IDENTITY;
    workloadServiceAccount(this, 'service-account', { name: this.serviceAccountName, namespace: this.namespace, labels: this.labels, identity: this.identity });
  }
}
