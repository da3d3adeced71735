/**
 * Jest global teardown: waits for the shared synths the setup started (a run that never read one still leaves a
 * complete cache entry), removes the run's temporary folder, then fails the run if a test wrote into a shared
 * assembly.
 */
import { rmSync } from 'node:fs';
import { modifiedSharedSynths } from '../shared-synth';

const RUNNING = Symbol.for('cdk-telemetry.test.shared-synths');
const TEMP = Symbol.for('cdk-telemetry.test.temp');

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<symbol, unknown>;
  await Promise.all((state[RUNNING] as Promise<void>[] | undefined) ?? []);
  const temp = state[TEMP] as string | undefined;
  if (temp) rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  const modified = modifiedSharedSynths();
  if (modified.length) {
    throw new Error(
      `a test wrote into the shared assembly of ${modified.join(', ')} (node_modules/.cache/cdk-telemetry-tests): ` +
        'copy it with copyOfShared() before changing it',
    );
  }
}
