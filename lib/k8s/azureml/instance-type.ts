import { ApiObject, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { Issues } from '../../core/validation';
import { azureMlInstanceTypeRules, AzureMlInstanceTypeSpec, effectiveNodeSelector } from '../../contract/azure-ml/instance-types';

/**
 * `InstanceType` (amlarc.azureml.com/v1alpha1), the Azure ML extension's custom resource.
 *
 * No CRD or OpenAPI schema for it is published (the extension installs the CRD; neither Azure/AML-Kubernetes
 * nor the docs carry a copy), so this class is written by hand from Microsoft's documented shape in
 * learn.microsoft.com/azure/machine-learning/how-to-manage-kubernetes-instance-types: cluster-scoped (no example
 * sets a namespace), `spec.nodeSelector` a string map, `spec.resources.requests` cpu/memory and
 * `spec.resources.limits` cpu/memory/`nvidia.com/gpu`. It takes only that shape; nothing else is accepted.
 */
export class InstanceType extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'amlarc.azureml.com/v1alpha1', kind: 'InstanceType' };

  constructor(scope: Construct, id: string, props: InstanceTypeProps) {
    super(scope, id, {
      ...InstanceType.GVK,
      metadata: { name: props.name, labels: { ...(props.labels ?? {}) } },
      spec: {
        nodeSelector: { ...props.nodeSelector },
        resources: {
          requests: { ...props.requests },
          limits: { ...props.limits },
        },
      },
    });
  }
}

export interface InstanceTypeProps {
  readonly name: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** cpu, memory and, for GPU types, `nvidia.com/gpu` as a whole number (limits only, as Azure ML requires). */
  readonly limits: { readonly cpu: string; readonly memory: string; readonly 'nvidia.com/gpu'?: number };
}

export interface AzureMlInstanceTypesProps {
  /** The same specs the Terraform side puts in the compute body. */
  readonly instanceTypes: readonly AzureMlInstanceTypeSpec[];
}

/**
 * One InstanceType per spec, including `defaultinstancetype`, which overrides the invisible default that attach
 * creates. Apply after the extension has installed the CRD (see docs/azure-ml.md, "Ordering").
 */
export class AzureMlInstanceTypes extends Construct {
  constructor(scope: Construct, id: string, props: AzureMlInstanceTypesProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlInstanceTypeRules(props.instanceTypes, issues.at('instanceTypes'));
    issues.throwIfAny(this.node.path);

    for (const t of props.instanceTypes) {
      new InstanceType(this, t.name, {
        name: t.name,
        labels: { 'app.kubernetes.io/managed-by': 'ml-mesh-platform' },
        nodeSelector: effectiveNodeSelector(t),
        requests: { cpu: t.requests.cpu, memory: t.requests.memory },
        limits: { cpu: t.limits.cpu, memory: t.limits.memory, ...(t.gpus ? { 'nvidia.com/gpu': t.gpus } : {}) },
      });
    }
  }
}
