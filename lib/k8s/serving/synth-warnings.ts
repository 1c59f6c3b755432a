import { IConstruct } from 'constructs';

/** Construct-metadata type of a synth-time warning. */
export const SYNTH_WARNING = 'ml-mesh-platform:warning';

/** A synthesized object that does not do exactly what was asked, with why; the platform summary prints these. */
export interface SynthWarning {
  readonly path: string;
  readonly message: string;
}

/** Records a warning on `scope`; it does not stop synth. */
export function addSynthWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(SYNTH_WARNING, message);
}

/** Every warning recorded under `root`, in tree order. */
export function collectSynthWarnings(root: IConstruct): readonly SynthWarning[] {
  return root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === SYNTH_WARNING)
    .map((m) => ({ path: c.node.path, message: String(m.data) })));
}
