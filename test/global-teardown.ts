import { rmSync } from 'fs';

/** Removes the folder test/global-setup.ts synthesized into. */
export default function globalTeardown(): void {
  const dir = process.env.ML_MESH_SYNTH_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
