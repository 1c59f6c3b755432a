import { Issues } from '../../../core/validation';
import { ClusterOutput, objectRef, outputPath } from '../cluster-output';

/**
 * Each object (group, kind, namespace, name) appears once per cluster folder. `kubectl kustomize`, which Flux runs
 * on every folder it reconciles, refuses duplicates ("may not add resource with an already registered id"), and
 * `kubectl apply` would let the later copy silently win.
 */
export function uniqueObjects(output: ClusterOutput, issues: Issues): void {
  const seen = new Map<string, string>();
  for (const manifest of output.files) {
    const file = outputPath(manifest);
    for (const object of manifest.objects) {
      const ref = objectRef(object);
      const first = seen.get(ref);
      if (first === undefined) seen.set(ref, file);
      else issues.add('', `${file}: ${ref}`, `is emitted twice, in ${first} and in ${file}; kustomize (Flux) refuses a folder with duplicate objects, so each object must come from one chart`);
    }
  }
}
