import { rmSync } from 'fs';
import { TEST_RUN_ENV } from './support/test-run-env';

/** Removes the folder test/global-setup.ts worked in. */
export default function globalTeardown(): void {
  const dir = process.env[TEST_RUN_ENV.runDir];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
