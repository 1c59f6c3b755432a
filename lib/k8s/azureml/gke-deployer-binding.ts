import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { INJECT } from '../../contract/linkerd-annotations';
import { podSecurityMetadata } from '../../contract/pod-security';
import { NamespaceNetworkPolicies } from '../network/namespace-network-policies';

export interface AzureMlGkeDeployerBindingProps {
  /** The one GKE namespace the Azure ML pipeline may deploy to. */
  readonly namespace: string;
  /** Email of the Google service account the pipeline impersonates (AzureMlGoogleAccess `deployerEmail`). */
  readonly deployerEmail: string;
  /** @default 'azureml-deployer' */
  readonly name?: string;
  /**
   * Create the namespace: unmeshed, Pod Security restricted, default deny both ways (nothing reaches it until a
   * path is opened for it). Off when the namespace exists already, for example a serving namespace without
   * identity-bearing ServiceAccounts.
   * @default true
   */
  readonly createNamespace?: boolean;
}

const GSA_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

export function azureMlGkeDeployerBindingRules(props: AzureMlGkeDeployerBindingProps, issues: Issues): void {
  checkDnsLabel(issues, 'namespace', props.namespace);
  checkDnsLabel(issues, 'name', props.name ?? 'azureml-deployer');
  issues.check(GSA_EMAIL.test(props.deployerEmail), 'deployerEmail', props.deployerEmail, 'must be a Google service account email (<id>@<project>.iam.gserviceaccount.com)');
}

/**
 * On a GKE cluster: what the Azure ML deployer may change, in one namespace only. GKE maps a Google service
 * account to the RBAC user named by its email; `roles/container.clusterViewer` only lets it reach the cluster.
 * The Role covers rolling out a model server (Deployments, Services, ConfigMaps) and reading its pods. A Deployment
 * may name any ServiceAccount of its namespace, so the namespace must hold none that carries a cloud identity
 * (`externalDeployerRules` refuses such a config); by default it is a namespace of its own.
 */
export class AzureMlGkeDeployerBinding extends Construct {
  constructor(scope: Construct, id: string, props: AzureMlGkeDeployerBindingProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlGkeDeployerBindingRules(props, issues);
    issues.throwIfAny(this.node.path);
    const name = props.name ?? 'azureml-deployer';

    if (props.createNamespace ?? true) {
      const podSecurity = podSecurityMetadata({ enforce: 'restricted' }, this.node.path);
      new k8s.KubeNamespace(this, 'namespace', {
        metadata: { name: props.namespace, labels: podSecurity.labels, annotations: { [INJECT]: 'disabled' } },
      });
      new NamespaceNetworkPolicies(this, 'network', { namespace: props.namespace, meshed: false });
    }

    new k8s.KubeRole(this, 'role', {
      metadata: { name, namespace: props.namespace },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: [''], resources: ['services', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name, namespace: props.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: props.deployerEmail }],
    });
  }
}
