/**
 * Jest global setup: gives the run a temporary folder of its own, then starts, in the background, the shared synths
 * the selected test files read (the sequencer lists them in CDK_TELEMETRY_SHARED_SYNTHS) and that are not cached yet;
 * removes cache entries of older sources.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pruneSharedSynths, SHARED_SYNTHS, startSharedSynth, type SharedSynthName } from '../shared-synth';

const RUNNING = Symbol.for('cdk-telemetry.test.shared-synths');
const TEMP = Symbol.for('cdk-telemetry.test.temp');

export default function globalSetup(): void {
  // Test files make temporary folders (templates, rule files, assemblies, browser profiles) and most leave them: a run
  // left ~250 folders and ~100 MB in /tmp. TMPDIR set here is the temporary folder of every worker and every process
  // they start (os.tmpdir() reads it); the global teardown removes the folder with all in it.
  const temp = mkdtempSync(join(tmpdir(), 'cdk-telemetry-test-'));
  (globalThis as Record<symbol, unknown>)[TEMP] = temp;
  process.env.TMPDIR = temp;
  pruneSharedSynths();
  // Each synth runs and publishes in a process of its own (startSharedSynth): a test file that jest runs in this
  // process (one worker, one file, `-i`) may block waiting for it.
  const names = (process.env.CDK_TELEMETRY_SHARED_SYNTHS ?? '')
    .split(',')
    .filter((n): n is SharedSynthName => Object.hasOwn(SHARED_SYNTHS, n));
  const running = names.map((n) => startSharedSynth(n)).filter((p) => p !== undefined);
  (globalThis as Record<symbol, unknown>)[RUNNING] = running; // the teardown waits for them
}
