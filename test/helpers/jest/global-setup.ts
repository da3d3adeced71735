/**
 * Jest global setup: starts, in the background, the shared synths the selected test files read (the sequencer lists
 * them in CDK_TELEMETRY_SHARED_SYNTHS) and that are not cached yet; removes cache entries of older sources.
 */
import { pruneSharedSynths, SHARED_SYNTHS, startSharedSynth, type SharedSynthName } from '../shared-synth';

const RUNNING = Symbol.for('cdk-telemetry.test.shared-synths');

export default function globalSetup(): void {
  pruneSharedSynths();
  // Each synth runs and publishes in a process of its own (startSharedSynth): a test file that jest runs in this
  // process (one worker, one file, `-i`) may block waiting for it.
  const names = (process.env.CDK_TELEMETRY_SHARED_SYNTHS ?? '')
    .split(',')
    .filter((n): n is SharedSynthName => Object.hasOwn(SHARED_SYNTHS, n));
  const running = names.map((n) => startSharedSynth(n)).filter((p) => p !== undefined);
  (globalThis as Record<symbol, unknown>)[RUNNING] = running; // the teardown waits for them
}
