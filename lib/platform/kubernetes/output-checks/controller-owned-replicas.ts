import { Issues } from '../../../core/validation';
import { apiGroup, ClusterOutput, KubeObject, objectRef, outputPath } from '../cluster-output';

/**
 * A Deployment whose replica count a controller owns carries no `spec.replicas`: an HPA scales it, and Flagger scales
 * a Canary's target to 0 between rollouts (pkg/canary/deployment_controller.go `ScaleToZero`). Under GitOps a count in
 * the manifest is written back by Argo CD selfHeal or Flux drift correction, which fights the controller in a loop
 * (fluxcd/flagger#1504: "use a HPA instead of specifying .spec.replicas").
 */
export function controllerOwnedReplicas(output: ClusterOutput, issues: Issues): void {
  const objects = output.files.flatMap((f) => f.objects);
  const owners = new Map<string, string>();
  for (const object of objects) {
    const ns = object.metadata.namespace ?? '';
    if (object.kind === 'HorizontalPodAutoscaler' && apiGroup(object) === 'autoscaling') {
      const target = (object as { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }).spec?.scaleTargetRef;
      if (target?.kind === 'Deployment' && target.name) owners.set(`${ns}/${target.name}`, `${objectRef(object)} scales it`);
    }
    if (object.kind === 'Canary' && apiGroup(object) === 'flagger.app') {
      const target = (object as { spec?: { targetRef?: { kind?: string; name?: string } } }).spec?.targetRef;
      if (target?.kind === 'Deployment' && target.name) owners.set(`${ns}/${target.name}`, `${objectRef(object)} scales it to 0 between rollouts`);
    }
  }
  for (const file of output.files) {
    for (const object of file.objects.filter(isDeployment)) {
      const owner = owners.get(`${object.metadata.namespace ?? ''}/${object.metadata.name}`);
      const replicas = (object as { spec?: { replicas?: number } }).spec?.replicas;
      if (owner && replicas !== undefined) {
        issues.add('', `${outputPath(file)}: ${objectRef(object)}`,
          `sets spec.replicas (${replicas}) though ${owner}; GitOps would write the count back in a loop, so leave replicas unset wherever an HPA or Flagger owns them`);
      }
    }
  }
}

function isDeployment(object: KubeObject): boolean {
  return object.kind === 'Deployment' && apiGroup(object) === 'apps';
}
