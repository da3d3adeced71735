/**
 * Jest global teardown: waits for the shared synths the setup started (a run that never read one still leaves a
 * complete cache entry), then fails the run if a test wrote into a shared assembly.
 */
import { modifiedSharedSynths } from '../shared-synth';

const RUNNING = Symbol.for('cdk-telemetry.test.shared-synths');

export default async function globalTeardown(): Promise<void> {
  await Promise.all(((globalThis as Record<symbol, unknown>)[RUNNING] as Promise<void>[] | undefined) ?? []);
  const modified = modifiedSharedSynths();
  if (modified.length) {
    throw new Error(
      `a test wrote into the shared assembly of ${modified.join(', ')} (node_modules/.cache/cdk-telemetry-tests): ` +
        'copy it with copyOfShared() before changing it',
    );
  }
}
