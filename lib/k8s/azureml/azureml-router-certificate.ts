import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages } from '../../../imports/certmanager-certificate-cert-manager.io';
import { AZURE_ML_SYSTEM_NAMESPACE } from '../../contract/azure-ml/azure-ml-names';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { Issues } from '../../core/validation';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, scratchDir } from '../core/secure-defaults';
import { checkPinnedImage } from '../serving/image';

export interface AzureMlRouterCertificateProps {
  /** The extension's `sslSecret`: the Secret in `azureml` that azureml-fe reads `cert.pem` and `key.pem` from. */
  readonly sslSecretName: string;
  /** The DNS name clients use for the router (`sslCname`); the certificate's only name. */
  readonly sslCname: string;
  /** The cert-manager issuer that signs it. */
  readonly issuer: { readonly kind: 'ClusterIssuer' | 'Issuer'; readonly name: string };
  /** @default 'registry.k8s.io/kubectl:v1.33.4' (the Kubernetes project's own kubectl image, entrypoint kubectl) */
  readonly kubectlImage?: string;
  /** How often the Secret is refreshed from the certificate. @default every 15 minutes */
  readonly schedule?: string;
}

const DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.33.4';
const EXPORT_DIR = '/export';

export function azureMlRouterCertificateRules(props: AzureMlRouterCertificateProps, issues: Issues): void {
  checkDnsLabel(issues, 'sslSecretName', props.sslSecretName);
  checkDnsLabel(issues, 'issuer.name', props.issuer.name);
  checkPinnedImage(issues, 'kubectlImage', props.kubectlImage ?? DEFAULT_KUBECTL_IMAGE);
}

/**
 * The certificate azureml-fe serves, issued in the cluster so no private key ever passes through Terraform:
 * - a cert-manager Certificate for `sslCname` in `azureml`, whose Secret has cert-manager's keys (`tls.crt` with the
 *   chain, `tls.key`);
 * - a CronJob that copies it into the Secret the extension reads, under the names it requires (`cert.pem`, full
 *   chain, and `key.pem`: deploy-extension.md `sslSecret`, files/sslsecret.yaml). cert-manager cannot write those
 *   names itself (its Secret keys are fixed; `additionalOutputFormats` adds only `tls-combined.pem` and `key.der`),
 *   and Azure ML does not read cert-manager Secrets (Azure/AML-Kubernetes#157). The copy is `kubectl apply -k` of a
 *   kustomize secretGenerator over a projected volume that mounts `tls.crt` as `cert.pem` and `tls.key` as
 *   `key.pem`: no shell, no script, and the key is never in a command line or the manifest.
 * Its ServiceAccount may only read and update that one Secret (and create it once). Microsoft documents a renewal
 * as "update the Kubernetes secret, then run the extension update command" (how-to-secure-kubernetes-online-endpoint),
 * so azureml-fe is assumed to pick up a renewed certificate only on an extension update (docs/azure-ml.md).
 */
export class AzureMlRouterCertificate extends Construct {
  /** The Secret cert-manager writes. */
  public readonly issuedSecretName: string;

  constructor(scope: Construct, id: string, props: AzureMlRouterCertificateProps) {
    super(scope, id);
    const issues = new Issues();
    azureMlRouterCertificateRules(props, issues);
    issues.throwIfAny(this.node.path);
    const namespace = AZURE_ML_SYSTEM_NAMESPACE;
    const name = `${props.sslSecretName}-export`;
    this.issuedSecretName = `${props.sslSecretName}-issued`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'azureml-fe-certificate' };

    new Certificate(this, 'certificate', {
      metadata: { name: props.sslSecretName, namespace },
      spec: {
        secretName: this.issuedSecretName,
        issuerRef: { group: 'cert-manager.io', kind: props.issuer.kind, name: props.issuer.name },
        commonName: props.sslCname,
        dnsNames: [props.sslCname],
        // RSA 2048: azureml-fe speaks TLS 1.2 only (how-to-secure-kubernetes-online-endpoint), where RSA is universal.
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 2048, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
      },
    });

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name, namespace, labels }, automountServiceAccountToken: false });
    new k8s.KubeRole(this, 'role', {
      metadata: { name, namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [props.sslSecretName], verbs: ['get', 'patch'] },
        // RBAC cannot limit create by name; server-side apply creates the Secret on its first run.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
    const kustomization = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `namespace: ${namespace}`,
      'generatorOptions:',
      '  disableNameSuffixHash: true',
      'secretGenerator:',
      `- name: ${props.sslSecretName}`,
      '  type: Opaque',
      '  files: [cert.pem, key.pem]',
      '',
    ].join('\n');
    new k8s.KubeConfigMap(this, 'kustomization', { metadata: { name, namespace, labels }, data: { 'kustomization.yaml': kustomization } });

    const home = scratchDir('home', '/home/kubectl', '64Mi');
    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: { name, namespace, labels },
      spec: {
        schedule: props.schedule ?? '*/15 * * * *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 300,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name,
                // The one pod of the platform that talks to the API server: it needs its token.
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                securityContext: restrictedPodSecurityContext(),
                volumes: [
                  home.volume,
                  {
                    name: 'export',
                    projected: {
                      sources: [
                        { configMap: { name, items: [{ key: 'kustomization.yaml', path: 'kustomization.yaml' }] } },
                        { secret: { name: this.issuedSecretName, items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }] } },
                      ],
                    },
                  },
                ],
                containers: [{
                  name: 'export',
                  image: props.kubectlImage ?? DEFAULT_KUBECTL_IMAGE,
                  args: ['apply', '--server-side', '--field-manager=azureml-fe-certificate', '--force-conflicts', '-k', EXPORT_DIR],
                  env: [{ name: 'HOME', value: home.mount.mountPath }],
                  resources: {
                    requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('64Mi') },
                    limits: { cpu: k8s.Quantity.fromString('200m'), memory: k8s.Quantity.fromString('128Mi') },
                  },
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [home.mount, { name: 'export', mountPath: EXPORT_DIR, readOnly: true }],
                }],
              },
            },
          },
        },
      },
    });
  }
}
